import { enqueueOutbox } from '../broker/outbox.ts';
import { HubError } from '../errors/hub-error.ts';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import { parseSchemaId, schemaId, type SchemaRef } from '../schema/schema-ref.ts';
import type { SqlExecutor } from '../store/store.ts';

/** A CloudEvent whose envelope and payload passed validation, with its schema resolved. */
export interface ValidatedEvent {
  event: CloudEvent & { dataschema: string };
  schema: SchemaRef;
}

/** Sources of the events the hub emits itself (`/omnihub/orders`, `/omnihub/stock` ...). */
const HUB_SOURCE_PREFIX = '/omnihub/';

/** Whether `source` is one of the hub's own (see {@link HUB_SOURCE_PREFIX}). */
function isHubSource(source: string): boolean {
  return source === '/omnihub' || source.startsWith(HUB_SOURCE_PREFIX);
}

/**
 * Checks an incoming structured CloudEvent: envelope first, then the payload against the schema
 * named by `dataschema` (or the newest version of its type). Errors carry JSON paths from the
 * event's root, e.g. `/data/order/lines/0/sku`. A source of the hub's own is refused.
 */
export function validateIncomingEvent(registry: SchemaRegistry, raw: unknown): ValidatedEvent {
  const envelope = registry.validateEnvelope(raw);
  if (!envelope.valid) {
    throw new HubError('validation-failed', { detail: 'the CloudEvents envelope is invalid', errors: envelope.errors });
  }
  const event = raw as CloudEvent;
  if (isHubSource(event.source)) {
    throw new HubError('validation-failed', {
      detail: `source "${event.source}" is reserved for the events the hub emits itself; give your system's own source`,
      errors: [{ path: '/source', message: `must not start with ${HUB_SOURCE_PREFIX}`, keyword: 'reserved-source' }],
    });
  }
  let schema: SchemaRef;
  if (event.dataschema === undefined) {
    const latest = registry.latestVersion(event.type);
    if (latest === undefined || registry.summary({ name: event.type, version: latest })?.kind !== 'event') {
      throw new HubError('unknown-event-type', { detail: `no canonical event type "${event.type}"` });
    }
    schema = { name: event.type, version: latest };
  } else {
    const ref = parseSchemaId(event.dataschema);
    if (ref === undefined || ref.name !== event.type || registry.get(ref) === undefined) {
      throw new HubError('unknown-event-type', {
        detail: `dataschema ${event.dataschema} is not a canonical schema of type "${event.type}"`,
      });
    }
    schema = ref;
  }
  registry.assertValid(schema, event.data, '/data');
  return { event: { ...event, dataschema: schemaId(schema) }, schema };
}

/** Whether an event was new or had been accepted before (same id). */
export type AcceptOutcome = 'accepted' | 'duplicate';

/**
 * Durably accepts a validated event: records it in the event log and queues it in the outbox in
 * one transaction, so it is delivered even if the process dies right after. Idempotent by id.
 */
export async function acceptEvent(tx: SqlExecutor, event: CloudEvent & { dataschema: string }): Promise<AcceptOutcome> {
  const inserted = await tx.query(
    `insert into event_log (event_id, type, source, dataschema, correlation_id, envelope)
     values ($1, $2, $3, $4, $5, $6) on conflict (event_id) do nothing returning event_id`,
    [event.id, event.type, event.source, event.dataschema, event.correlationid ?? null, event],
  );
  if (inserted.rowCount === 0) return 'duplicate';
  await enqueueOutbox(tx, event);
  return 'accepted';
}
