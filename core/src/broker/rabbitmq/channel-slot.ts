import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import type { RecoveringConnection } from './connection.ts';

/** What a {@link ChannelSlot} does with its channel. */
export interface ChannelSlotHooks<C extends Channel> {
  /** Short label for log lines (`publisher`, `consumer orders`). */
  label: string;
  /** Opens a channel on `model` (`createChannel` or `createConfirmChannel`). */
  create(model: ChannelModel): Promise<C>;
  /** Declares what the channel needs and subscribes; the channel is ready once this resolves. */
  setup(channel: C): Promise<void>;
  /** The channel is usable (after setup). */
  ready?(channel: C): void;
  /**
   * The ready channel is gone. Runs synchronously inside amqplib's 'close' event and before
   * amqplib fails the channel's pending confirm callbacks.
   */
  lost?(channel: C): void;
}

// A channel that stayed up this long was healthy: its next failure starts the backoff afresh.
const STABLE_AFTER_MS = 30_000;

/**
 * Keeps one channel open on a {@link RecoveringConnection}: opens and sets it up on every new
 * connection, and reopens it with backoff when the broker closes the channel alone (a deleted
 * queue, a quorum leader moving). Whoever uses the channel asks {@link channel} each time: a
 * delivery's settlement is only sent on the very channel it came from.
 */
export class ChannelSlot<C extends Channel> {
  readonly #connection: RecoveringConnection;
  readonly #hooks: ChannelSlotHooks<C>;
  readonly #backoff: BackoffOptions;
  readonly #logger: Logger;
  #channel: C | undefined;
  /** The channel being set up: deliveries can arrive on it before setup resolves. */
  #settingUp: C | undefined;
  #readyAt = 0;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;
  readonly #onConnected = (model: ChannelModel): void => {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#attempt = 0;
    this.#openOrRetry(model);
  };

  constructor(connection: RecoveringConnection, hooks: ChannelSlotHooks<C>, backoff: BackoffOptions, logger: Logger) {
    this.#connection = connection;
    this.#hooks = hooks;
    this.#backoff = backoff;
    this.#logger = logger;
  }

  /** The ready channel, or undefined while (re)opening. */
  get channel(): C | undefined {
    return this.#channel;
  }

  /**
   * True while `channel` is the slot's live channel (ready, or still being set up): only then may
   * deliveries that came on it be settled.
   */
  owns(channel: C): boolean {
    return channel === this.#channel || channel === this.#settingUp;
  }

  /** Opens the first channel; rejects with the broker's error (e.g. a queue declared with other arguments). */
  async start(): Promise<void> {
    const model = this.#connection.model;
    if (model === undefined) throw new Error('not connected to RabbitMQ (reconnecting)');
    this.#connection.addListener(this.#onConnected);
    try {
      await this.#open(model);
    } catch (error: unknown) {
      this.#stopped = true;
      this.#connection.removeListener(this.#onConnected);
      clearTimeout(this.#timer);
      throw error;
    }
  }

  /** Closes `channel` if it is the current one; the slot then reopens a fresh channel with backoff. */
  reopen(channel: C): void {
    if (this.#channel === channel) void channel.close().catch(() => undefined);
  }

  /**
   * Stops reopening, lets `drain` use the current channel one last time (cancel a consumer, wait
   * for settlements), then closes it.
   */
  async stop(drain?: (channel: C) => Promise<void>): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#connection.removeListener(this.#onConnected);
    const channel = this.#channel;
    if (channel === undefined) return;
    if (drain !== undefined) await drain(channel);
    this.#channel = undefined;
    await channel.close().catch(() => undefined);
  }

  async #open(model: ChannelModel): Promise<void> {
    const channel = await this.#hooks.create(model);
    channel.on('error', (error: Error) => {
      this.#logger.warn({ err: error, channel: this.#hooks.label }, 'RabbitMQ channel error');
    });
    // Prepended so it runs before amqplib's own listener fails the confirm callbacks.
    channel.prependListener('close', () => {
      if (this.#settingUp === channel) this.#settingUp = undefined;
      if (this.#channel !== channel) return;
      this.#channel = undefined;
      this.#hooks.lost?.(channel);
      if (performance.now() - this.#readyAt > STABLE_AFTER_MS) this.#attempt = 0;
      this.#retryLater(model);
    });
    this.#settingUp = channel;
    try {
      await this.#hooks.setup(channel);
    } catch (error: unknown) {
      if (this.#settingUp === channel) this.#settingUp = undefined;
      await channel.close().catch(() => undefined);
      throw error;
    }
    if (this.#settingUp === channel) this.#settingUp = undefined;
    if (this.#stopped || this.#connection.model !== model) {
      await channel.close().catch(() => undefined);
      return;
    }
    this.#channel = channel;
    this.#readyAt = performance.now();
    this.#hooks.ready?.(channel);
  }

  #openOrRetry(model: ChannelModel): void {
    this.#open(model).catch((error: unknown) => {
      this.#logger.warn({ err: error, channel: this.#hooks.label }, 'could not open RabbitMQ channel; retrying');
      this.#retryLater(model);
    });
  }

  #retryLater(model: ChannelModel): void {
    if (this.#stopped || this.#timer !== undefined) return;
    const delayMs = backoffDelay(this.#attempt, this.#backoff);
    this.#attempt += 1;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      // After a lost connection every slot is reopened by #onConnected on the new one; this timer
      // only reopens a channel the broker closed on a connection that is still up.
      if (this.#stopped || this.#channel !== undefined || this.#connection.model !== model) return;
      this.#openOrRetry(model);
    }, delayMs);
  }
}
