import type { ConnectorContext } from './context.ts';
import type { ConnectorManifest } from './manifest.ts';

/** A webhook request as it arrived, with the raw body kept for signature checks. */
export interface WebhookRequest {
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The exact bytes the vendor sent. */
  rawBody: Buffer;
  /** The full public URL the vendor called (some signatures cover it, e.g. Square's and Twilio's). */
  url: string;
  query: Record<string, string>;
}

/** Outcome of a signature check. */
export type VerifyResult = { ok: true } | { ok: false; reason: string };

/** One vendor record taken in by a webhook or a poller, before mapping. */
export interface VendorRecord {
  /** De-duplication key: the vendor's event or record-version id. The same id is taken in once. */
  id: string;
  /** The vendor payload type (must be the capability's `vendorPayload`, or a subtype the mapping knows). */
  type: string;
  /** When the vendor says it happened. */
  occurredAt?: string;
  /** Ordering key of the source (e.g. a per-resource `updated_at` or sequence), kept on the canonical event. */
  sequence?: string;
  /** Groups records of one business object (e.g. the order id) for partitioning. */
  partitionKey?: string;
  payload: unknown;
}

/**
 * Handles one webhook capability.
 *
 * @example
 * const orders: WebhookHandler<Config> = {
 *   verify: (req, ctx) => verifyHmac(req.rawBody, req.headers['x-signature'], ctx.config.secret),
 *   parse: (req) => [{ id: req.headers['x-event-id'] ?? '', type: 'acme.order', payload: JSON.parse(req.rawBody.toString('utf8')) }],
 * };
 */
export interface WebhookHandler<Config = Record<string, unknown>> {
  /** Checks the signature over the raw body (and freshness, where the vendor signs a timestamp). */
  verify(request: WebhookRequest, ctx: ConnectorContext<Config>): VerifyResult | Promise<VerifyResult>;
  /** Turns a verified request into vendor records. */
  parse(request: WebhookRequest, ctx: ConnectorContext<Config>): VendorRecord[] | Promise<VendorRecord[]>;
  /** Optional reply body some vendors expect (e.g. TwiML); default is an empty 202. */
  reply?: { status: number; contentType: string; body: string };
}

/** One page of a poll. */
export interface PollResult {
  records: VendorRecord[];
  /** The cursor to store once these records are durably accepted. */
  cursor: string | undefined;
  /** More records are ready now: the runtime polls again without waiting for the interval. */
  more?: boolean;
}

/**
 * Handles one polling capability.
 *
 * @example
 * const changes: Poller<Config> = { poll: async (cursor, ctx) => ({ records: [], cursor }) };
 */
export interface Poller<Config = Record<string, unknown>> {
  poll(cursor: string | undefined, ctx: ConnectorContext<Config>): Promise<PollResult>;
}

/** What an action receives: the mapped vendor payload and the canonical event it came from. */
export interface ActionInput {
  /** The vendor payload produced by the capability's mapping. */
  payload: unknown;
  /** The canonical event (CloudEvents JSON) that triggered the action. */
  event: { id: string; type: string; source: string; time?: string; correlationid?: string; data: unknown };
  /** Stable key for the vendor's idempotency mechanism: the same event always gives the same key. */
  idempotencyKey: string;
}

/** What an action reports back; stored with the message log. */
export interface ActionResult {
  /** Vendor ids created or touched, for traces. */
  vendorIds?: string[];
  /** True when the vendor already had this effect (an idempotent replay). */
  alreadyApplied?: boolean;
}

/**
 * Handles one outbound action. It must be idempotent: the same event twice gives one vendor effect.
 *
 * @example
 * const push: ActionHandler<Config> = { execute: async (input, ctx) => { await ctx.http.request({ method: 'PUT', url: ctx.config.url, json: input.payload }); return {}; } };
 */
export interface ActionHandler<Config = Record<string, unknown>> {
  execute(input: ActionInput, ctx: ConnectorContext<Config>): Promise<ActionResult>;
}

/**
 * A connector: its manifest plus one implementation per declared capability.
 *
 * @example
 * export default defineConnector<Config>({ manifest, webhooks: { orders }, actions: { push }, testConnection: async (ctx) => { await ctx.http.request({ method: 'GET', url: ctx.config.baseUrl }); } });
 */
export interface ConnectorDefinition<Config = Record<string, unknown>> {
  manifest: ConnectorManifest;
  webhooks?: Record<string, WebhookHandler<Config>>;
  pollers?: Record<string, Poller<Config>>;
  actions?: Record<string, ActionHandler<Config>>;
  /** A live connection check behind `POST /v1/instances/{id}/test`; throws an SDK failure when it fails. */
  testConnection?(ctx: ConnectorContext<Config>): Promise<void>;
}

/**
 * What is wrong between a definition's manifest capabilities and its handlers: a capability
 * declared twice, declared without a handler, or a handler without a capability. Empty when they
 * match one to one.
 */
export function capabilityFindings(definition: ConnectorDefinition<unknown>): string[] {
  const { manifest } = definition;
  const findings: string[] = [];
  const kinds: [string, { name: string }[] | undefined, Record<string, unknown> | undefined][] = [
    ['webhook', manifest.capabilities.webhooks, definition.webhooks],
    ['poller', manifest.capabilities.polling, definition.pollers],
    ['action', manifest.capabilities.actions, definition.actions],
  ];
  for (const [label, declared, implemented] of kinds) {
    const names = (declared ?? []).map((capability) => capability.name);
    for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) findings.push(`${label} "${name}" is declared more than once`);
    for (const name of new Set(names)) {
      if (implemented?.[name] === undefined) findings.push(`${label} "${name}" is declared in the manifest but the definition has no handler for it`);
    }
    for (const name of Object.keys(implemented ?? {})) {
      if (!names.includes(name)) findings.push(`${label} "${name}" has a handler but is not declared in the manifest`);
    }
  }
  return findings;
}

/**
 * Declares a connector. Checks that every capability of the manifest has its handler and no
 * handler lacks a capability (see {@link capabilityFindings}); the runtime validates the rest of
 * the manifest when it loads it.
 *
 * @example
 * export default defineConnector({ manifest, actions: { push } });
 */
export function defineConnector<Config = Record<string, unknown>>(definition: ConnectorDefinition<Config>): ConnectorDefinition<Config> {
  const [first] = capabilityFindings(definition);
  if (first !== undefined) throw new Error(`connector ${definition.manifest.id}@${definition.manifest.version}: ${first}`);
  return definition;
}
