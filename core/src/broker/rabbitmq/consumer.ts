import type { Channel, ConsumeMessage } from 'amqplib';
import type { Logger } from 'pino';
import type { InboundMessage, QueueSpec, Settlement } from '../transport.ts';
import type { BackoffOptions } from './backoff.ts';
import { AckBatcher } from './ack-batcher.ts';
import { ChannelSlot } from './channel-slot.ts';
import type { RecoveringConnection } from './connection.ts';
import { toInboundMessage } from './message-codec.ts';
import type { RetryScheduler } from './retry-scheduler.ts';
import { declareSubscriberQueue, type TopologyNames } from './topology.ts';

/** What a consumer needs from its transport. */
export interface ConsumerContext {
  connection: RecoveringConnection;
  names: TopologyNames;
  retries: RetryScheduler;
  backoff: BackoffOptions;
  logger: Logger;
}

/** A handler that throws is a bug above the transport; its message goes back after this pause, not in a hot loop. */
const HANDLER_FAILURE_PAUSE_MS = 1_000;

/**
 * One consumer of a subscriber's queue on its own channel (so its prefetch and its failures are
 * its own). Manual acks; after a reconnect it re-declares its queue and bindings and subscribes
 * again. A settlement is only sent on the channel its delivery came from: when that channel is
 * gone the broker has already put the message back, so the settlement is dropped.
 */
export class SubscriberConsumer {
  readonly #spec: QueueSpec;
  readonly #onMessage: (message: InboundMessage) => Promise<Settlement>;
  readonly #context: ConsumerContext;
  readonly #slot: ChannelSlot<Channel>;
  readonly #tags = new WeakMap<Channel, string>();
  readonly #acks = new WeakMap<Channel, AckBatcher>();
  readonly #inFlight = new Set<Promise<void>>();

  constructor(spec: QueueSpec, onMessage: (message: InboundMessage) => Promise<Settlement>, context: ConsumerContext) {
    this.#spec = spec;
    this.#onMessage = onMessage;
    this.#context = context;
    this.#slot = new ChannelSlot<Channel>(
      context.connection,
      {
        label: `consumer ${spec.subscriber}`,
        create: (model) => model.createChannel(),
        setup: async (channel) => {
          const queue = await declareSubscriberQueue(channel, context.names, spec);
          await channel.prefetch(spec.prefetch);
          const { consumerTag } = await channel.consume(queue, (delivery) => {
            this.#delivered(channel, delivery);
          });
          this.#tags.set(channel, consumerTag);
        },
      },
      context.backoff,
      context.logger,
    );
  }

  /** Declares the queue and subscribes; rejects with the broker's error. */
  start(): Promise<void> {
    return this.#slot.start();
  }

  /**
   * Stops deliveries (basic.cancel), waits up to `graceMs` for the messages in flight to be
   * settled, then closes the channel; the broker re-queues anything still unacknowledged.
   */
  async stop(graceMs = Infinity): Promise<void> {
    await this.#slot.stop(async (channel) => {
      const tag = this.#tags.get(channel);
      if (tag !== undefined) await channel.cancel(tag).catch(() => undefined);
      await this.#settled(graceMs);
      this.#acks.get(channel)?.flush();
    });
  }

  async #settled(graceMs: number): Promise<void> {
    const deadline = performance.now() + graceMs;
    while (this.#inFlight.size > 0) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) return;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = Number.isFinite(remaining) ? setTimeout(resolve, remaining) : undefined;
      });
      await Promise.race([Promise.allSettled([...this.#inFlight]), timeout]);
      clearTimeout(timer);
    }
  }

  #delivered(channel: Channel, delivery: ConsumeMessage | null): void {
    if (delivery === null) {
      // basic.cancel from the broker: the queue was deleted or became unavailable. Subscribe afresh.
      this.#context.logger.warn({ subscriber: this.#spec.subscriber }, 'RabbitMQ cancelled the consumer; resubscribing');
      this.#slot.reopen(channel);
      return;
    }
    this.#acksOf(channel).delivered(delivery);
    const task = this.#handle(channel, delivery).finally(() => {
      this.#inFlight.delete(task);
    });
    this.#inFlight.add(task);
  }

  async #handle(channel: Channel, delivery: ConsumeMessage): Promise<void> {
    const message = toInboundMessage(delivery);
    let settlement: Settlement;
    try {
      settlement = await this.#onMessage(message);
    } catch (error: unknown) {
      this.#context.logger.error(
        { err: error, subscriber: this.#spec.subscriber, messageId: message.messageId },
        'message handler threw; the message goes back to the queue',
      );
      await new Promise((resolve) => setTimeout(resolve, HANDLER_FAILURE_PAUSE_MS));
      settlement = { kind: 'requeue' };
    }
    try {
      await this.#settle(channel, delivery, message, settlement);
    } catch (error: unknown) {
      this.#context.logger.error({ err: error, subscriber: this.#spec.subscriber, messageId: message.messageId }, 'could not settle a message');
    }
  }

  async #settle(channel: Channel, delivery: ConsumeMessage, message: InboundMessage, settlement: Settlement): Promise<void> {
    switch (settlement.kind) {
      case 'ack':
        this.#ack(channel, delivery, message);
        return;
      case 'requeue':
        this.#requeue(channel, delivery, message);
        return;
      case 'retry':
        // No point scheduling a retry for a delivery the broker already took back.
        if (!this.#slot.owns(channel)) return;
        try {
          await this.#context.retries.schedule(this.#spec.subscriber, message, settlement.delayMs, settlement.headers);
        } catch (error: unknown) {
          this.#context.logger.warn(
            { err: error, subscriber: this.#spec.subscriber, messageId: message.messageId },
            'could not schedule a retry; the message goes back to the queue',
          );
          this.#requeue(channel, delivery, message);
          return;
        }
        this.#ack(channel, delivery, message);
        return;
    }
  }

  /** The channel's {@link AckBatcher}, created with its first delivery. */
  #acksOf(channel: Channel): AckBatcher {
    let acks = this.#acks.get(channel);
    if (acks === undefined) {
      acks = new AckBatcher(channel);
      this.#acks.set(channel, acks);
    }
    return acks;
  }

  /** Acks through the channel's {@link AckBatcher}, so a settled batch costs one frame. */
  #ack(channel: Channel, delivery: ConsumeMessage, message: InboundMessage): void {
    this.#send(channel, message, () => {
      this.#acksOf(channel).ack(delivery);
    });
  }

  #requeue(channel: Channel, delivery: ConsumeMessage, message: InboundMessage): void {
    this.#send(channel, message, () => {
      this.#acksOf(channel).settledElsewhere(delivery);
      channel.nack(delivery, false, true);
    });
  }

  #send(channel: Channel, message: InboundMessage, settle: () => void): void {
    if (!this.#slot.owns(channel)) {
      this.#context.logger.debug(
        { subscriber: this.#spec.subscriber, messageId: message.messageId },
        'settlement dropped: its channel is gone and the broker redelivers the message',
      );
      return;
    }
    try {
      settle();
    } catch (error: unknown) {
      // The channel is closing (amqplib throws IllegalOperationError): same as above.
      this.#context.logger.debug({ err: error, subscriber: this.#spec.subscriber, messageId: message.messageId }, 'settlement dropped');
    }
  }
}
