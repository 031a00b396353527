import type { ConfirmChannel, Options } from 'amqplib';
import type { Logger } from 'pino';
import type { BackoffOptions } from './backoff.ts';
import { backoffDelay } from './backoff.ts';
import { ChannelSlot } from './channel-slot.ts';
import type { RecoveringConnection } from './connection.ts';
import { declareExchange, type TopologyNames } from './topology.ts';

/** One publish waiting for its confirm; kept until confirmed so it can be re-sent. */
interface Outgoing {
  exchange: string;
  routingKey: string;
  content: Buffer;
  options: Options.Publish;
  resolve(): void;
  reject(error: Error): void;
  /** The channel it was last sent on, while unconfirmed there. */
  sentOn: ConfirmChannel | undefined;
  nacks: number;
}

/** Counters for tests and metrics. */
export interface PublisherStats {
  /** Most publishes ever unconfirmed at once. */
  maxInFlight: number;
  /** Publishes sent again after their channel was lost before the confirm. */
  resent: number;
}

// A broker nack is rare (a queue without quorum, an internal error): re-send a few times, then fail.
const MAX_NACKS = 5;

/**
 * Publishes on one confirm channel with a window: up to `window` messages unconfirmed at once,
 * each `publish` resolving when the broker confirms that very message. Unconfirmed messages stay in
 * memory; when the channel or connection is lost they are re-sent, in order, on the next channel,
 * so a publish promise resolves once the broker holds the message, whatever happened in between.
 * A re-sent message may reach queues twice: delivery is at-least-once and consumers deduplicate.
 */
export class ConfirmPublisher {
  readonly #slot: ChannelSlot<ConfirmChannel>;
  readonly #window: number;
  readonly #backoff: BackoffOptions;
  readonly #logger: Logger;
  /** Not sent yet, or to be re-sent; insertion order is send order. */
  #waiting = new Set<Outgoing>();
  readonly #inFlight = new Set<Outgoing>();
  /** Nacked messages sleeping before their next attempt. */
  readonly #nackedLater = new Map<Outgoing, NodeJS.Timeout>();
  /** The channel whose write buffer is full; sending resumes on its 'drain'. */
  #drainingOn: ConfirmChannel | undefined;
  #closed = false;
  readonly #stats: PublisherStats = { maxInFlight: 0, resent: 0 };

  constructor(connection: RecoveringConnection, names: TopologyNames, window: number, backoff: BackoffOptions, logger: Logger) {
    if (!Number.isInteger(window) || window < 1) throw new Error(`confirmWindow must be a positive integer, got ${window}`);
    this.#window = window;
    this.#backoff = backoff;
    this.#logger = logger;
    this.#slot = new ChannelSlot<ConfirmChannel>(
      connection,
      {
        label: 'publisher',
        create: (model) => model.createConfirmChannel(),
        setup: (channel) => declareExchange(channel, names),
        ready: () => {
          this.#pump();
        },
        lost: () => {
          this.#requeueInFlight();
        },
      },
      backoff,
      logger,
    );
  }

  /** Opens the confirm channel. */
  start(): Promise<void> {
    return this.#slot.start();
  }

  /** Counters since start. */
  stats(): PublisherStats {
    return { ...this.#stats };
  }

  /** Publishes; resolves once the broker confirmed it, rejects if the publisher closes first. */
  publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('RabbitMQ transport is closed'));
    return new Promise<void>((resolve, reject) => {
      this.#waiting.add({ exchange, routingKey, content, options, resolve, reject, sentOn: undefined, nacks: 0 });
      this.#pump();
    });
  }

  /**
   * Waits up to `graceMs` for outstanding confirms (only while connected), then rejects whatever
   * is still unconfirmed and closes the channel.
   */
  async close(graceMs: number): Promise<void> {
    const deadline = performance.now() + graceMs;
    while (this.#outstanding() > 0 && this.#slot.channel !== undefined && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    this.#closed = true;
    const error = new Error('RabbitMQ transport closed before the broker confirmed the message');
    for (const [entry, timer] of this.#nackedLater) {
      clearTimeout(timer);
      entry.reject(error);
    }
    for (const entry of [...this.#inFlight, ...this.#waiting]) {
      entry.sentOn = undefined;
      entry.reject(error);
    }
    this.#nackedLater.clear();
    this.#inFlight.clear();
    this.#waiting.clear();
    await this.#slot.stop();
  }

  #outstanding(): number {
    return this.#waiting.size + this.#inFlight.size + this.#nackedLater.size;
  }

  #pump(): void {
    const channel = this.#slot.channel;
    if (channel === undefined || this.#closed || this.#drainingOn === channel) return;
    for (const entry of this.#waiting) {
      if (this.#inFlight.size >= this.#window) return;
      this.#waiting.delete(entry);
      this.#send(channel, entry);
      if (this.#slot.channel !== channel || this.#drainingOn === channel) return;
    }
  }

  #send(channel: ConfirmChannel, entry: Outgoing): void {
    entry.sentOn = channel;
    this.#inFlight.add(entry);
    this.#stats.maxInFlight = Math.max(this.#stats.maxInFlight, this.#inFlight.size);
    let writable: boolean;
    try {
      writable = channel.publish(entry.exchange, entry.routingKey, entry.content, entry.options, (error: unknown) => {
        this.#confirmed(channel, entry, error);
      });
    } catch (error: unknown) {
      this.#inFlight.delete(entry);
      entry.sentOn = undefined;
      if (this.#slot.channel === channel) {
        // Not a closing channel but the message itself (e.g. headers over amqplib's 64 KiB table limit).
        entry.reject(error instanceof Error ? error : new Error(String(error)));
      } else {
        this.#waiting = new Set([entry, ...this.#waiting]);
      }
      return;
    }
    if (!writable) {
      this.#drainingOn = channel;
      channel.once('drain', () => {
        if (this.#drainingOn === channel) this.#drainingOn = undefined;
        this.#pump();
      });
    }
  }

  #confirmed(channel: ConfirmChannel, entry: Outgoing, error: unknown): void {
    // The channel died first: the entry is already back in #waiting (see #requeueInFlight).
    if (entry.sentOn !== channel) return;
    entry.sentOn = undefined;
    this.#inFlight.delete(entry);
    if (error === null || error === undefined) entry.resolve();
    else this.#nacked(entry);
    this.#pump();
  }

  #nacked(entry: Outgoing): void {
    entry.nacks += 1;
    const messageId = entry.options.messageId;
    if (entry.nacks >= MAX_NACKS) {
      entry.reject(new Error(`RabbitMQ refused message ${messageId ?? ''} ${entry.nacks} times (basic.nack)`));
      return;
    }
    this.#logger.warn({ messageId, nacks: entry.nacks }, 'RabbitMQ nacked a publish; re-sending');
    const timer = setTimeout(() => {
      this.#nackedLater.delete(entry);
      this.#waiting.add(entry);
      this.#pump();
    }, backoffDelay(entry.nacks - 1, this.#backoff));
    this.#nackedLater.set(entry, timer);
  }

  #requeueInFlight(): void {
    if (this.#inFlight.size === 0) return;
    const lost = [...this.#inFlight];
    this.#inFlight.clear();
    for (const entry of lost) entry.sentOn = undefined;
    this.#stats.resent += lost.length;
    this.#waiting = new Set([...lost, ...this.#waiting]);
    this.#logger.warn({ unconfirmed: lost.length }, 'publisher channel lost; unconfirmed messages will be re-sent');
  }
}
