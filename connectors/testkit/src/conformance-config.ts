import type { ActionInput } from '@omnihub/connector-sdk';
import type { CheckName } from './check-result.ts';

/**
 * A stand-in for the vendor during a kit run: a local HTTP server (see `startVendorServer`) or a
 * nock scope on the vendor's real origin. It counts vendor effects and can be told to fail.
 *
 * @example
 * const vendor: VendorDouble = await startVendorServer();
 * vendor.respondWith(429, { 'retry-after': '7' });
 */
export interface VendorDouble {
  /** Base URL the connector should call (the local server's URL, or the intercepted origin). */
  url: string;
  /**
   * Writes the vendor has applied so far. A redelivered request the vendor recognises (same
   * idempotency key, same external id) is not a new effect.
   */
  effects(): number;
  /** From now on, answers every request with this status, headers and body (no effect is applied). */
  respondWith(status: number, headers?: Record<string, string>, body?: unknown): void;
  /** Back to normal answers. */
  reset(): void;
  /** Stops the double and releases its port or interceptors. */
  stop(): Promise<void>;
}

/** What the kit hands to {@link ConformanceConfig.config} to build the run's instance config. */
export interface ConformanceEnvironment {
  /** The vendor double's URL, when the conformance config starts one. */
  vendorUrl: string | undefined;
  /** An empty temporary folder for this run, removed afterwards (for file-based connectors). */
  workDir: string;
}

/** A sample webhook request for one webhook capability; the kit signs it through `signWebhook`. */
export interface WebhookSample {
  /** The body the vendor sends: bytes or text as is, anything else serialised as JSON. */
  body: string | Buffer | Record<string, unknown> | unknown[];
  /** Unsigned headers the vendor always sends (e.g. `content-type`, an event id); names in lower case. */
  headers?: Record<string, string>;
  query?: Record<string, string>;
}

/** What `signWebhook` receives: the request to sign as the vendor would. */
export interface SignWebhookInput<Config> {
  /** The webhook capability's name. */
  capability: string;
  /** The exact bytes that will be sent. */
  body: Buffer;
  /** The config whose secrets sign the request (the kit passes a config with wrong secrets to forge one). */
  config: Config;
  /** When the vendor signs it (the kit passes an old time to make a stale request). */
  at: Date;
  /** The public URL the request is sent to (some vendors sign it too). */
  url: string;
}

/** The headers (and query) a signed request carries besides the sample's own. */
export interface SignedWebhook {
  headers: Record<string, string>;
  query?: Record<string, string>;
}

/** A sample input for one outbound action. */
export interface ActionSample {
  /** The vendor payload, as the capability's mapping would produce it. */
  payload: unknown;
  /** Fields of the canonical event; the kit fills id, type (the first consumed type) and source. */
  event?: Partial<ActionInput['event']>;
}

/** A config the connector's schema must refuse, with what is wrong with it. */
export interface InvalidConfig {
  config: unknown;
  why: string;
}

/**
 * A connector's conformance config: everything the kit needs to exercise the connector. Export it
 * as the default of `conformance.config.ts` at the package root (or the file named by
 * `"omnihub": { "conformance": "…" }` in package.json).
 *
 * @example
 * export default defineConformance<Config>({
 *   vendor: { start: () => startVendorServer() },
 *   config: ({ vendorUrl }) => ({ baseUrl: vendorUrl ?? '', apiKey: 'conformance-api-key-0001' }),
 *   invalidConfigs: [{ config: { baseUrl: 'not a url' }, why: 'baseUrl is not a URL, apiKey missing' }],
 *   actions: { push: { payload: { sku: 'A-1', quantity: 3 } } },
 *   waivers: { 'webhook-signature': 'the vendor offers no webhooks; changes are polled' },
 * });
 */
export interface ConformanceConfig<Config = Record<string, unknown>> {
  /** Starts the vendor double; omit when the connector never calls the vendor over HTTP. */
  vendor?: { start(): Promise<VendorDouble> };
  /** The instance config of the run. Secret fields must hold recognisable values of 8 characters or more. */
  config: Config | ((environment: ConformanceEnvironment) => Config | Promise<Config>);
  /** Configs the schema must refuse; the kit adds one per required property, left out. */
  invalidConfigs: InvalidConfig[];
  /** Signs a request as the vendor does; required when the connector declares webhooks. */
  signWebhook?: (input: SignWebhookInput<Config>) => SignedWebhook | Promise<SignedWebhook>;
  /** One sample request per webhook capability. */
  webhooks?: Record<string, WebhookSample>;
  /** How long ago a stale request was signed (default 3600 s: beyond any sensible tolerance). */
  staleWebhookAgeSeconds?: number;
  /** One sample input per action. */
  actions?: Record<string, ActionSample>;
  /** Pollers that call the vendor, driven (from these cursors) by the HTTP classification check. */
  pollers?: Record<string, { cursor?: string | undefined }>;
  /** Checks this connector cannot meet, each with a written reason (a sentence, not a word). */
  waivers?: Partial<Record<CheckName, string>>;
}

/**
 * Types a conformance config (an identity function, for editor help).
 *
 * @example
 * export default defineConformance<Config>({ config: { folder: '/tmp/in' }, invalidConfigs: [] });
 */
export function defineConformance<Config = Record<string, unknown>>(config: ConformanceConfig<Config>): ConformanceConfig<Config> {
  return config;
}
