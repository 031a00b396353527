import type { ChannelModel } from 'amqplib';
import type { TransportMessage } from '../transport.ts';
import type { ConfirmPublisher } from './confirm-publisher.ts';
import type { RecoveringConnection } from './connection.ts';
import { delayBucketFor } from './delay-buckets.ts';
import { publishOptions } from './message-codec.ts';
import { withTemporaryChannel } from './temporary-channel.ts';
import { declareDelayQueue, DELAY_QUEUE_REDECLARE_MS, type TopologyNames } from './topology.ts';

/** When each delay queue was last declared on a connection, or the declaration under way. */
interface Declared {
  at: number;
  pending: Promise<void> | undefined;
}

/**
 * Carries out `retry` settlements: publishes the message (confirmed, with its new headers) to the
 * subscriber's delay queue of the right bucket, from where it dead-letters back into that
 * subscriber's queue only. A zero delay goes straight back to the subscriber's queue.
 */
export class RetryScheduler {
  readonly #connection: RecoveringConnection;
  readonly #publisher: ConfirmPublisher;
  readonly #names: TopologyNames;
  readonly #declared = new WeakMap<ChannelModel, Map<string, Declared>>();

  constructor(connection: RecoveringConnection, publisher: ConfirmPublisher, names: TopologyNames) {
    this.#connection = connection;
    this.#publisher = publisher;
    this.#names = names;
  }

  /** Resolves once the broker confirmed the delayed copy; the caller then acks the original. */
  async schedule(subscriber: string, message: TransportMessage, delayMs: number, headers: Record<string, string | number>): Promise<void> {
    const options = publishOptions(message, headers, message.routingKey);
    const bucketMs = delayBucketFor(delayMs);
    if (bucketMs === 0) {
      await this.#publisher.publish('', this.#names.queue(subscriber), message.body, options);
      return;
    }
    const queue = await this.#ensureDelayQueue(subscriber, bucketMs);
    await this.#publisher.publish('', queue, message.body, options);
  }

  async #ensureDelayQueue(subscriber: string, bucketMs: number): Promise<string> {
    const queue = this.#names.delayQueue(subscriber, bucketMs);
    const model = this.#connection.model;
    if (model === undefined) throw new Error('not connected to RabbitMQ (reconnecting)');
    let declared = this.#declared.get(model);
    if (declared === undefined) {
      declared = new Map();
      this.#declared.set(model, declared);
    }
    const entry = declared.get(queue) ?? { at: -Infinity, pending: undefined };
    declared.set(queue, entry);
    // Re-declaring resets the queue's x-expires countdown (see DELAY_QUEUE_IDLE_MS).
    if (entry.pending === undefined && performance.now() - entry.at > DELAY_QUEUE_REDECLARE_MS) {
      entry.pending = withTemporaryChannel(model, (channel) => declareDelayQueue(channel, this.#names, subscriber, bucketMs))
        .then(() => {
          entry.at = performance.now();
        })
        .finally(() => {
          entry.pending = undefined;
        });
    }
    await entry.pending;
    return queue;
  }
}
