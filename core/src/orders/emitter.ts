import type { CloudEvent } from '../envelope/cloud-event.ts';
import { createEvent, type EventDefinition, type EventOptions, type PayloadOf } from '../events/define-event.ts';
import { enqueueOutbox } from '../broker/outbox.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { SqlExecutor } from '../store/store.ts';

/** Emits an event through the outbox of the current transaction (the bus handler's `emit` has this shape). */
export type Emit = <D extends EventDefinition<unknown>>(definition: D, data: PayloadOf<D>, options?: Partial<EventOptions>) => Promise<CloudEvent<PayloadOf<D>>>;

/**
 * An {@link Emit} for work that is not a bus handler (an API request): each event is validated
 * against its schema and queued in the outbox of `tx`, so it leaves only if the work commits.
 * Events carry the request's correlation id.
 */
export function outboxEmitter(tx: SqlExecutor, registry: SchemaRegistry, base: { source: string; correlationId?: string | undefined }): Emit {
  return async (definition, data, options = {}) => {
    const event = createEvent(definition, data, { source: base.source, ...(base.correlationId === undefined ? {} : { correlationId: base.correlationId }), ...options });
    registry.assertValid({ name: definition.type, version: definition.version }, data, '/data');
    await enqueueOutbox(tx, event);
    return event as CloudEvent<PayloadOf<typeof definition>>;
  };
}
