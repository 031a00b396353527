import type { CloudEvent } from '../envelope/cloud-event.ts';
import { createEvent, type EventDefinition, type EventOptions, type PayloadOf } from '../events/define-event.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { SqlExecutor } from '../store/store.ts';
import { enqueueOutbox } from './outbox.ts';

/** Emits an event through the outbox of the current transaction; a bus handler's `emit` has this shape. */
export type Emit = <D extends EventDefinition<unknown>>(definition: D, data: PayloadOf<D>, options?: Partial<EventOptions>) => Promise<CloudEvent<PayloadOf<D>>>;

/** Where emitted events come from, and what they continue. */
export interface EmitterBase {
  /** CloudEvents `source`, e.g. `/omnihub/returns`. */
  source: string;
  correlationId?: string | undefined;
  causationId?: string | undefined;
}

/**
 * An {@link Emit} over the outbox of `tx`: each event is validated against its schema and queued,
 * so it leaves only if the work commits. Bus handlers get one as `emit`; API requests and
 * schedulers build their own (then call the relay's notify after the commit to publish at once).
 */
export function outboxEmitter(tx: SqlExecutor, registry: SchemaRegistry, base: EmitterBase): Emit {
  return async (definition, data, options = {}) => {
    const event = validEvent(registry, base, definition, data, options);
    await enqueueOutbox(tx, event);
    return event as CloudEvent<PayloadOf<typeof definition>>;
  };
}

function validEvent<D extends EventDefinition<unknown>>(registry: SchemaRegistry, base: EmitterBase, definition: D, data: PayloadOf<D>, options: Partial<EventOptions>): CloudEvent {
  const event = createEvent(definition, data, {
    source: base.source,
    ...(base.correlationId === undefined ? {} : { correlationId: base.correlationId }),
    ...(base.causationId === undefined ? {} : { causationId: base.causationId }),
    ...options,
  });
  registry.assertValid({ name: definition.type, version: definition.version }, data, '/data');
  return event;
}

/**
 * An {@link Emit} that validates each event and appends it to `queued` instead of writing it:
 * work that emits for many items at once queues them all with one `enqueueOutboxMany` in its
 * transaction, and drops `queued` entries of work it rolls back.
 */
export function bufferedEmitter(registry: SchemaRegistry, base: EmitterBase, queued: CloudEvent[]): Emit {
  return (definition, data, options = {}) => {
    const event = validEvent(registry, base, definition, data, options);
    queued.push(event);
    return Promise.resolve(event as CloudEvent<PayloadOf<typeof definition>>);
  };
}
