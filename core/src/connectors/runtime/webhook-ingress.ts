import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { VendorRecord, WebhookCapability, WebhookRequest } from '@omnihub/connector-sdk';
import { classifyFailure } from '../../broker/classify.ts';
import { recordDeadLetter } from '../../broker/dead-letters/dead-letter-store.ts';
import { HubError } from '../../errors/hub-error.ts';
import type { Store } from '../../store/store.ts';
import type { ConnectorRegistry, LoadedConnector } from '../connector-registry.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import type { InstanceStore } from '../instances/instance-store.ts';
import { capabilitySubscriber, instanceSource, type InboundIntake, type InboundSummary, type InboundTarget, type PreparedRecord } from './inbound-intake.ts';
import { adoptFailure } from './adopt-failure.ts';
import type { InstanceContexts } from './instance-context.ts';

/** What the webhook route answers. */
export interface WebhookOutcome {
  instanceId: string;
  capability: string;
  /** 202 once durably accepted, or the connector's own reply status. */
  status: number;
  summary: InboundSummary;
  /** The connector's reply body some vendors expect (e.g. TwiML), instead of the JSON summary. */
  reply?: { status: number; contentType: string; body: string } | undefined;
}

/** Dependencies of {@link receiveWebhook}. */
export interface WebhookIngressDeps {
  store: Store;
  instances: InstanceStore;
  connectors: ConnectorRegistry;
  contexts: InstanceContexts;
  intake: InboundIntake;
  logger: Logger;
  now: () => Date;
  /** Pauses the instance after a configuration failure (never rejects). */
  pause: (instanceId: string, reason: string) => Promise<void>;
  onAccepted?: (() => void) | undefined;
}

function pickCapability(instance: ConnectorInstance, connector: LoadedConnector, name: string | undefined): WebhookCapability {
  const webhooks = connector.manifest.capabilities.webhooks ?? [];
  if (name !== undefined) {
    const found = webhooks.find((c) => c.name === name);
    if (found !== undefined) return found;
    throw new HubError('not-found', { detail: `instance "${instance.id}" (${connector.key}) has no webhook "${name}"${webhooks.length > 0 ? `; it has ${webhooks.map((c) => c.name).join(', ')}` : ''}` });
  }
  const [only, ...others] = webhooks;
  if (only === undefined) throw new HubError('not-found', { detail: `instance "${instance.id}" (${connector.key}) takes no webhooks` });
  if (others.length > 0) throw new HubError('not-found', { detail: `instance "${instance.id}" has several webhooks: call /v1/webhooks/${instance.id}/{capability} with one of ${webhooks.map((c) => c.name).join(', ')}` });
  return only;
}

/** Refuses webhooks for instances that do not take them now: unknown or disabled 404, paused 503. */
async function liveInstance(deps: WebhookIngressDeps, instanceId: string): Promise<{ instance: ConnectorInstance; connector: LoadedConnector }> {
  const instance = await deps.instances.get(instanceId);
  if (instance === undefined || instance.state === 'disabled') throw new HubError('not-found', { detail: `no enabled connector instance "${instanceId}"` });
  if (instance.state === 'paused') throw new HubError('not-ready', { detail: `instance "${instanceId}" is paused (${instance.stateReason ?? 'no reason given'}); the vendor should retry later` });
  const connector = deps.connectors.get(instance.connectorId, instance.version);
  if (connector === undefined) throw new HubError('not-ready', { detail: `instance "${instanceId}" pins ${instance.connectorId}@${instance.version}, which is not installed on this hub` });
  return { instance, connector };
}

/**
 * Takes one vendor webhook call in: the instance must be enabled; the connector verifies the
 * signature over the raw body (a refusal is `unauthorized` with the connector's reason); its
 * records are mapped, de-duplicated and accepted durably in one transaction; the outcome is
 * reported only after the commit. A body the connector cannot parse is kept as a dead letter.
 */
export async function receiveWebhook(deps: WebhookIngressDeps, instanceId: string, capabilityName: string | undefined, request: WebhookRequest, correlationId?: string): Promise<WebhookOutcome> {
  const { instance, connector } = await liveInstance(deps, instanceId);
  const capability = pickCapability(instance, connector, capabilityName);
  const handler = connector.definition.webhooks?.[capability.name];
  if (handler === undefined) throw new HubError('not-found', { detail: `${connector.key} does not implement webhook "${capability.name}"` });
  const ctx = await deps.contexts.context(instance, connector, deps.store);
  const redact = await deps.contexts.redactor(instance, connector);
  const verdict = await handler.verify(request, ctx);
  if (!verdict.ok) {
    deps.logger.warn({ instance: instance.id, capability: capability.name, reason: redact(verdict.reason) }, 'webhook refused: signature check failed');
    throw new HubError('unauthorized', { detail: `webhook signature rejected by ${connector.key}: ${redact(verdict.reason)}` });
  }
  const target: InboundTarget = { instance, connector, capability, redact };
  let records: VendorRecord[];
  try {
    records = await handler.parse(request, ctx);
  } catch (error: unknown) {
    const summary = await keepUnparsed(deps, target, request, error);
    return { instanceId: instance.id, capability: capability.name, status: 202, summary, reply: handler.reply };
  }
  let prepared: PreparedRecord[];
  try {
    prepared = await deps.intake.prepare(target, records, { correlationId, now: deps.now() });
  } catch (error: unknown) {
    // A missing mapping or a broken override: pause, and let the vendor retry once it is fixed.
    const failure = classifyFailure(adoptFailure(error, redact));
    const reason = `${capability.name}: ${failure.code}: ${failure.message}`;
    await deps.pause(instance.id, reason);
    throw new HubError('not-ready', { detail: `instance "${instance.id}" is paused (${reason}); the vendor should retry later` });
  }
  const summary = await deps.store.transaction((tx) => deps.intake.commit(tx, target, prepared));
  if (summary.events.length > 0) deps.onAccepted?.();
  return { instanceId: instance.id, capability: capability.name, status: handler.reply?.status ?? 202, summary, reply: handler.reply };
}

/** A verified body the connector could not parse: kept whole as a dead letter for ops. */
async function keepUnparsed(deps: WebhookIngressDeps, target: InboundTarget, request: WebhookRequest, error: unknown): Promise<InboundSummary> {
  const { instance, connector, capability, redact } = target;
  const message = redact(error instanceof Error ? error.message : String(error));
  const digest = createHash('sha256').update(request.rawBody).digest('hex');
  const body = request.rawBody.toString('utf8');
  const raw = Buffer.from(body, 'utf8').equals(request.rawBody) ? { body } : { bodyBase64: request.rawBody.toString('base64') };
  await recordDeadLetter(deps.store, {
    subscriber: capabilitySubscriber(instance.id, capability.name),
    eventId: `body:${digest}`,
    eventType: capability.vendorPayload,
    source: instanceSource(connector.manifest.id, instance.id),
    rawMessage: redact(JSON.stringify({ instance: instance.id, connector: connector.key, capability: capability.name, headers: request.headers, ...raw })),
    errorKind: 'invalid',
    errorCode: 'connector.parse-failed',
    errorMessage: `${connector.key} could not parse a verified ${capability.name} webhook: ${message}`,
    attempts: 1,
    attemptHistory: [{ attempt: 1, at: deps.now().toISOString(), kind: 'invalid', code: 'connector.parse-failed', message: message.slice(0, 500) }],
    connectorVersion: connector.key,
  });
  deps.logger.warn({ instance: instance.id, capability: capability.name, err: message }, 'webhook body dead-lettered: the connector could not parse it');
  return { records: 0, accepted: 0, duplicates: 0, deadLettered: 1, events: [] };
}
