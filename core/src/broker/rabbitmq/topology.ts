import type { Channel } from 'amqplib';
import type { QueueSpec } from '../transport.ts';

/** The names one transport uses, all derived from its prefix. */
export interface TopologyNames {
  prefix: string;
  /** The topic exchange every event is published to. */
  exchange: string;
  /** A subscriber's durable quorum queue. */
  queue(subscriber: string): string;
  /** A subscriber's delay queue for one bucket (see delay-buckets.ts). */
  delayQueue(subscriber: string, bucketMs: number): string;
  /** The queue of a hub's NestJS RPC server, unless configured otherwise. */
  rpcQueue: string;
}

// AMQP short strings: queue and exchange names are at most 255 bytes; keep names printable and unambiguous.
const NAME = /^[A-Za-z0-9_.:-]{1,180}$/;

/** Checks a prefix or subscriber name; throws a precise error for names RabbitMQ would refuse or we would misparse. */
export function assertValidName(kind: 'prefix' | 'subscriber', name: string): void {
  if (!NAME.test(name)) {
    throw new Error(`invalid ${kind} "${name}": use 1-180 letters, digits, '_', '.', ':' or '-'`);
  }
}

/** Derives every exchange and queue name from `prefix` (default deployments use `omnihub`). */
export function topologyNames(prefix: string): TopologyNames {
  assertValidName('prefix', prefix);
  return {
    prefix,
    exchange: `${prefix}.events`,
    queue: (subscriber) => `${prefix}.q.${subscriber}`,
    delayQueue: (subscriber, bucketMs) => `${prefix}.delay.${subscriber}.${bucketMs}`,
    rpcQueue: `${prefix}.rpc`,
  };
}

/** Arguments of a subscriber queue: replicated (quorum), which implies durable. */
export const SUBSCRIBER_QUEUE_ARGUMENTS = { 'x-queue-type': 'quorum' } as const;

/**
 * How long an unused delay queue lives after its last declaration, beyond its own TTL. Every
 * retry re-declares its delay queue at least every {@link DELAY_QUEUE_REDECLARE_MS}, so a queue
 * always outlives the messages in it by this margin, and disappears once retries stop.
 */
export const DELAY_QUEUE_IDLE_MS = 15 * 60_000;

/** Retries re-declare a delay queue once its last declaration is older than this (resets `x-expires`). */
export const DELAY_QUEUE_REDECLARE_MS = 60_000;

/**
 * Arguments of a delay queue: messages wait `bucketMs`, then dead-letter through the default
 * exchange into the subscriber's own queue, so a retry reaches that subscriber only.
 * Quorum with `x-dead-letter-strategy: at-least-once` (RabbitMQ >= 3.10, needs `x-overflow:
 * reject-publish`): a message leaves the delay queue only once the subscriber queue confirmed it,
 * so a broker crash while dead-lettering cannot lose a retry (the classic queue's at-most-once
 * dead-lettering could).
 */
export function delayQueueArguments(bucketMs: number, target: string): Record<string, string | number> {
  return {
    'x-queue-type': 'quorum',
    'x-message-ttl': bucketMs,
    'x-expires': bucketMs + DELAY_QUEUE_REDECLARE_MS + DELAY_QUEUE_IDLE_MS,
    'x-dead-letter-exchange': '',
    'x-dead-letter-routing-key': target,
    'x-dead-letter-strategy': 'at-least-once',
    'x-overflow': 'reject-publish',
  };
}

/** Declares the events exchange (idempotent). */
export async function declareExchange(channel: Channel, names: TopologyNames): Promise<void> {
  await channel.assertExchange(names.exchange, 'topic', { durable: true });
}

/**
 * Declares a subscriber's queue and binds it to every routing key of `spec` (idempotent; run on
 * every (re)connect). Bindings are only added: a key dropped from `spec` stays bound until removed
 * by hand, since AMQP cannot list a queue's bindings.
 */
export async function declareSubscriberQueue(channel: Channel, names: TopologyNames, spec: QueueSpec): Promise<string> {
  const queue = names.queue(spec.subscriber);
  await declareExchange(channel, names);
  await channel.assertQueue(queue, { durable: true, arguments: SUBSCRIBER_QUEUE_ARGUMENTS });
  for (const key of spec.bindings) await channel.bindQueue(queue, names.exchange, key);
  return queue;
}

/** Declares the delay queue of one (subscriber, bucket) pair (idempotent; also resets its expiry). */
export async function declareDelayQueue(channel: Channel, names: TopologyNames, subscriber: string, bucketMs: number): Promise<string> {
  const queue = names.delayQueue(subscriber, bucketMs);
  await channel.assertQueue(queue, { durable: true, arguments: delayQueueArguments(bucketMs, names.queue(subscriber)) });
  return queue;
}
