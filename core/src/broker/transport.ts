import type { StoreHealth } from '../store/store.ts';

/**
 * One message on the wire: a CloudEvent in binary content mode. `headers` carry the CloudEvents
 * attributes (`cloudEvents:id`, `cloudEvents:type`, ...) and omnihub's delivery headers
 * (`x-omnihub-attempt`, `x-omnihub-history`); `body` is the JSON of `data`.
 */
export interface TransportMessage {
  /** The event id (AMQP message-id). */
  messageId: string;
  routingKey: string;
  headers: Record<string, string | number>;
  body: Buffer;
}

/** A message handed to a consumer. */
export interface InboundMessage extends TransportMessage {
  /** True when the transport has delivered this message before (e.g. after a crash). */
  redelivered: boolean;
}

/**
 * What the consumer decided; the transport carries it out:
 * - `ack`: done (handled, a duplicate, or recorded as a dead letter), remove it;
 * - `retry`: put it back on this subscriber's queue after `delayMs`, with `headers` replacing its headers;
 * - `requeue`: give it back at once without counting an attempt (the consumer is pausing).
 */
export type Settlement =
  | { kind: 'ack' }
  | { kind: 'retry'; delayMs: number; headers: Record<string, string | number> }
  | { kind: 'requeue' };

/** A subscriber's queue: its name and the routing keys bound to it on the events exchange. */
export interface QueueSpec {
  /** Subscriber name, unique in the deployment; the queue is named after it. */
  subscriber: string;
  /** Routing keys (topic patterns allowed: `*` one word, `#` zero or more). */
  bindings: readonly string[];
  /** Unacknowledged messages in flight for this consumer. */
  prefetch: number;
}

/** A running consumer. */
export interface ConsumerHandle {
  /** Stops delivering new messages; messages in flight are settled first. */
  cancel(): Promise<void>;
}

/**
 * The broker transport contract. Adapters: RabbitMQ (amqplib; topic exchange, one durable quorum
 * queue per subscriber, delay queues for retries, publisher confirms) and the embedded transport
 * (queues in the store, so accepted messages survive a crash). Everything above this contract
 * (inbox, outbox, retries policy, dead letters) is shared by both.
 */
export interface Transport {
  readonly kind: 'rabbitmq' | 'embedded';
  /** Publishes to the events exchange; resolves only once the broker confirmed the message. */
  publish(message: TransportMessage): Promise<void>;
  /** Publishes straight to one subscriber's queue (replays go to the original subscriber only). */
  sendToQueue(subscriber: string, message: TransportMessage): Promise<void>;
  /** Declares the subscriber's queue and bindings (idempotent) and starts consuming. */
  consume(queue: QueueSpec, onMessage: (message: InboundMessage) => Promise<Settlement>): Promise<ConsumerHandle>;
  /** Messages waiting in a subscriber's queue, or undefined if unknown. */
  queueDepth(subscriber: string): Promise<number | undefined>;
  health(): Promise<StoreHealth>;
  /** Closes connections; unconfirmed publishes reject. */
  close(): Promise<void>;
}
