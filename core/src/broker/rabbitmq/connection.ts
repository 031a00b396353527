import { connect, type ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { backoffDelay, type BackoffOptions } from './backoff.ts';
import { maskUrl } from './mask-url.ts';
import { coalesceFrameWrites } from './write-coalescing.ts';

/** Options of {@link RecoveringConnection}. */
export interface RecoveringConnectionOptions {
  url: string;
  /** Shown as the connection name in the RabbitMQ management UI and `rabbitmqctl list_connections`. */
  name: string;
  backoff: BackoffOptions;
  logger: Logger;
}

/** Called with each new connection after a reconnect; each listener reopens its own channel. */
export type ConnectedListener = (model: ChannelModel) => void;

// A TCP connect to a host that drops packets would otherwise hang for minutes.
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * One AMQP connection that comes back by itself: when it is lost it reconnects with exponential
 * backoff and jitter, forever, until {@link close}. Channels are not its business: publishers and
 * consumers register a {@link ConnectedListener} and reopen their channels on each new connection.
 */
export class RecoveringConnection {
  readonly #options: RecoveringConnectionOptions;
  readonly #listeners = new Set<ConnectedListener>();
  #model: ChannelModel | undefined;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(options: RecoveringConnectionOptions) {
    this.#options = options;
  }

  /** The open connection, or undefined while reconnecting. */
  get model(): ChannelModel | undefined {
    return this.#model;
  }

  /** Makes the first connection; rejects if the broker is unreachable (no retry: startup fails fast). */
  async open(): Promise<void> {
    this.#model = await this.#connect();
    this.#options.logger.info({ url: maskUrl(this.#options.url), connection: this.#options.name }, 'connected to RabbitMQ');
  }

  addListener(listener: ConnectedListener): void {
    this.#listeners.add(listener);
  }

  removeListener(listener: ConnectedListener): void {
    this.#listeners.delete(listener);
  }

  /** Stops reconnecting and closes the connection (and with it every channel). */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const model = this.#model;
    this.#model = undefined;
    if (model !== undefined) await model.close().catch(() => undefined);
  }

  async #connect(): Promise<ChannelModel> {
    const model = await connect(this.#options.url, {
      clientProperties: { connection_name: this.#options.name },
      timeout: CONNECT_TIMEOUT_MS,
      // Acks, confirms and publishes of several channels share the socket: with Nagle's algorithm
      // a small frame written behind another waits for the broker's delayed TCP ack (about 40 ms).
      noDelay: true,
    });
    const { logger } = this.#options;
    if (!coalesceFrameWrites(model)) logger.debug({ connection: this.#options.name }, 'amqplib internals differ; frames are written one by one');
    // Without an 'error' listener a socket error would be thrown out of amqplib's frame handler.
    model.on('error', (error: Error) => {
      logger.debug({ err: error, connection: this.#options.name }, 'RabbitMQ connection error');
    });
    model.on('blocked', (reason: string) => {
      logger.warn({ reason, connection: this.#options.name }, 'RabbitMQ blocked publishing (resource alarm); publishes wait');
    });
    model.on('unblocked', () => {
      logger.info({ connection: this.#options.name }, 'RabbitMQ unblocked publishing');
    });
    model.on('close', (error?: Error) => {
      this.#lost(model, error);
    });
    return model;
  }

  #lost(model: ChannelModel, error: Error | undefined): void {
    if (this.#model !== model) return;
    this.#model = undefined;
    if (this.#closed) return;
    this.#options.logger.warn(
      { err: error, url: maskUrl(this.#options.url), connection: this.#options.name },
      'lost the RabbitMQ connection; reconnecting',
    );
    this.#schedule();
  }

  #schedule(): void {
    const delayMs = backoffDelay(this.#attempt, this.#options.backoff);
    this.#attempt += 1;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#reconnect();
    }, delayMs);
  }

  async #reconnect(): Promise<void> {
    if (this.#closed) return;
    let model: ChannelModel;
    try {
      model = await this.#connect();
    } catch (error: unknown) {
      if (this.#closed) return;
      this.#options.logger.warn(
        { err: error, attempt: this.#attempt, url: maskUrl(this.#options.url), connection: this.#options.name },
        'RabbitMQ reconnect failed; retrying',
      );
      this.#schedule();
      return;
    }
    if (this.#closed) {
      await model.close().catch(() => undefined);
      return;
    }
    this.#model = model;
    this.#options.logger.info({ attempts: this.#attempt, connection: this.#options.name }, 'reconnected to RabbitMQ');
    this.#attempt = 0;
    for (const listener of this.#listeners) listener(model);
  }
}
