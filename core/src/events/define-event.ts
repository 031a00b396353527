import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import { schemaId } from '../schema/schema-ref.ts';

/**
 * One event type, declared once: name, payload schema version and TypeScript payload type.
 * Publishers, subscribers and routing keys are derived from it; no call site spells the string.
 */
export interface EventDefinition<T> {
  /** CloudEvents `type`, e.g. `order.created`. */
  readonly type: string;
  /** Payload schema version. */
  readonly version: number;
  /** `$id` of the payload schema; goes into `dataschema`. */
  readonly dataschema: string;
  /** AMQP routing key on the events exchange (the type: subscribers get every version, upcast). */
  readonly routingKey: string;
  /** Type-only marker carrying the payload type; always undefined at run time. */
  readonly payload?: T;
}

/**
 * Declares an event type.
 *
 * @example
 * export const OrderCreated = defineEvent<OrderCreatedV1>('order.created', 1);
 */
export function defineEvent<T>(type: string, version: number): EventDefinition<T> {
  return Object.freeze({ type, version, dataschema: schemaId({ name: type, version }), routingKey: type });
}

/** The payload type of an event definition. */
export type PayloadOf<D> = D extends EventDefinition<infer T> ? T : never;

/** Envelope attributes a producer may set when creating an event. */
export interface EventOptions {
  source: string;
  id?: string;
  subject?: string;
  time?: string;
  correlationId?: string;
  causationId?: string;
  partitionKey?: string;
  sequence?: string;
}

/**
 * Builds a CloudEvent for `definition`. The correlation id defaults to the causing event's, or
 * the new event's own id when it starts a transaction.
 */
export function createEvent<T>(definition: EventDefinition<T>, data: T, options: EventOptions): CloudEvent<T> {
  const id = options.id ?? randomUUID();
  return {
    specversion: '1.0',
    id,
    source: options.source,
    type: definition.type,
    time: options.time ?? new Date().toISOString(),
    datacontenttype: 'application/json',
    dataschema: definition.dataschema,
    data,
    correlationid: options.correlationId ?? id,
    ...(options.subject === undefined ? {} : { subject: options.subject }),
    ...(options.causationId === undefined ? {} : { causationid: options.causationId }),
    ...(options.partitionKey === undefined ? {} : { partitionkey: options.partitionKey }),
    ...(options.sequence === undefined ? {} : { sequence: options.sequence }),
  };
}
