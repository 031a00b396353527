import type { Channel, ConsumeMessage } from 'amqplib';

/**
 * Coalesces the acks of one channel. A subscriber settles a whole batch of deliveries at once;
 * instead of one `basic.ack` frame per delivery, the acks queued in one turn of the event loop go
 * out as a single `basic.ack` with `multiple` set for the longest run of oldest deliveries that
 * are all acked, and one frame for each ack past a delivery still being handled. Nothing waits
 * for a slow delivery: every queued ack is sent by the end of the turn.
 */
export class AckBatcher {
  readonly #channel: Channel;
  /** Deliveries not yet settled, oldest first (delivery tags grow on a channel). */
  readonly #open = new Map<number, ConsumeMessage>();
  readonly #acked = new Set<number>();
  #scheduled = false;

  constructor(channel: Channel) {
    this.#channel = channel;
  }

  /** Records a delivery as unsettled. */
  delivered(delivery: ConsumeMessage): void {
    this.#open.set(delivery.fields.deliveryTag, delivery);
  }

  /** Queues an ack, sent at the end of this turn of the event loop. */
  ack(delivery: ConsumeMessage): void {
    this.#acked.add(delivery.fields.deliveryTag);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      this.flush();
    });
  }

  /** Forgets a delivery settled some other way (nack). */
  settledElsewhere(delivery: ConsumeMessage): void {
    this.#open.delete(delivery.fields.deliveryTag);
  }

  /**
   * Sends the queued acks now. On a channel that closed meanwhile they are dropped: the broker
   * takes its unacknowledged deliveries back.
   */
  flush(): void {
    try {
      this.#sendQueued();
    } catch {
      this.#acked.clear();
    }
  }

  #sendQueued(): void {
    if (this.#acked.size === 0) return;
    let upTo: ConsumeMessage | undefined;
    for (const [tag, delivery] of this.#open) {
      if (!this.#acked.has(tag)) break;
      upTo = delivery;
      this.#open.delete(tag);
      this.#acked.delete(tag);
    }
    const single = [...this.#acked].map((tag) => this.#open.get(tag));
    this.#acked.clear();
    if (upTo !== undefined) this.#channel.ack(upTo, true);
    for (const delivery of single) {
      if (delivery === undefined) continue;
      this.#open.delete(delivery.fields.deliveryTag);
      this.#channel.ack(delivery);
    }
  }
}
