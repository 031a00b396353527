import { enqueueOutbox } from '../broker/outbox.ts';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import { createEvent, type EventDefinition, type EventOptions, type PayloadOf } from '../events/define-event.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { SqlExecutor } from '../store/store.ts';

/** Emits an event through the outbox of the current transaction; a bus handler's `emit` has this shape. */
export type Emit = <D extends EventDefinition<unknown>>(definition: D, data: PayloadOf<D>, options?: Partial<EventOptions>) => Promise<CloudEvent<PayloadOf<D>>>;

/** Where events emitted outside a bus handler come from, and what they continue. */
export interface EmitterBase {
  /** CloudEvents `source`, e.g. `/omnihub/returns`. */
  source: string;
  correlationId?: string | undefined;
  causationId?: string | undefined;
}

/**
 * An {@link Emit} for work that is not a bus handler (an API request, a scheduler): each event is
 * validated against its schema and queued in the outbox of `tx`, so it leaves only if the work
 * commits. Call the relay's notify after the commit to publish at once.
 */
export function outboxEmitter(tx: SqlExecutor, registry: SchemaRegistry, base: EmitterBase): Emit {
  return async (definition, data, options = {}) => {
    const event = createEvent(definition, data, {
      source: base.source,
      ...(base.correlationId === undefined ? {} : { correlationId: base.correlationId }),
      ...(base.causationId === undefined ? {} : { causationId: base.causationId }),
      ...options,
    });
    registry.assertValid({ name: definition.type, version: definition.version }, data, '/data');
    await enqueueOutbox(tx, event);
    return event as CloudEvent<PayloadOf<typeof definition>>;
  };
}

/** `instance` of a connector event's CloudEvents source `/connectors/<connector>/<instance>`. */
export function instanceOfSource(source: string): { connectorId: string; instanceId: string } | undefined {
  const match = /^\/connectors\/([^/]+)\/([^/]+)$/.exec(source);
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { connectorId: match[1], instanceId: match[2] };
}
