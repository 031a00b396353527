import type { ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { createLogger } from '../../logging/logger.ts';
import type { StoreHealth } from '../../store/store.ts';
import type { ConsumerHandle, InboundMessage, QueueSpec, Settlement, Transport, TransportMessage } from '../transport.ts';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.ts';
import { ConfirmPublisher } from './confirm-publisher.ts';
import { RecoveringConnection } from './connection.ts';
import { SubscriberConsumer, type ConsumerContext } from './consumer.ts';
import { publishOptions } from './message-codec.ts';
import { RetryScheduler } from './retry-scheduler.ts';
import { isNotFound, withTemporaryChannel } from './temporary-channel.ts';
import { assertValidName, topologyNames, type TopologyNames } from './topology.ts';

/** Options of {@link openRabbitTransport}. */
export interface RabbitTransportOptions {
  /** `amqp://user:password@host:5672/vhost`; the password never reaches a log line. */
  url: string;
  /** Prefix of every exchange and queue name (default `omnihub`; tests pass a fresh one). */
  prefix?: string;
  /** Most publishes unconfirmed at once (default 500). */
  confirmWindow?: number;
  /** Reconnect backoff bounds (default 100 ms to 30 s, with jitter). */
  reconnect?: BackoffOptions;
  /** How long `close()` waits for handlers in flight and unconfirmed publishes (default 2000 ms). */
  closeGraceMs?: number;
  logger?: Logger;
}

const DEFAULT_CONFIRM_WINDOW = 500;
const DEFAULT_CLOSE_GRACE_MS = 2_000;
// A health probe slower than this counts as down (readiness probes time out around here too).
const HEALTH_TIMEOUT_MS = 5_000;
// RabbitMQ's prefetch is a 16-bit count; 0 would mean unlimited, which a consumer never wants.
const MAX_PREFETCH = 65_535;

function checkSpec(spec: QueueSpec): void {
  assertValidName('subscriber', spec.subscriber);
  if (!Number.isInteger(spec.prefetch) || spec.prefetch < 1 || spec.prefetch > MAX_PREFETCH) {
    throw new Error(`prefetch of "${spec.subscriber}" must be an integer from 1 to ${MAX_PREFETCH}, got ${spec.prefetch}`);
  }
}

function timeout(ms: number, what: string): { promise: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`${what} timed out after ${ms} ms`));
    }, ms);
  });
  return { promise, cancel: () => clearTimeout(timer) };
}

class RabbitTransport implements Transport {
  readonly kind = 'rabbitmq' as const;
  readonly #connection: RecoveringConnection;
  readonly #publisher: ConfirmPublisher;
  readonly #names: TopologyNames;
  readonly #consumerContext: ConsumerContext;
  readonly #closeGraceMs: number;
  readonly #consumers = new Set<SubscriberConsumer>();
  /** Subscriber queues known to exist, per connection (sendToQueue checks once per connection). */
  readonly #knownQueues = new WeakMap<ChannelModel, Set<string>>();
  #closing: Promise<void> | undefined;

  constructor(connection: RecoveringConnection, publisher: ConfirmPublisher, names: TopologyNames, context: ConsumerContext, closeGraceMs: number) {
    this.#connection = connection;
    this.#publisher = publisher;
    this.#names = names;
    this.#consumerContext = context;
    this.#closeGraceMs = closeGraceMs;
  }

  publish(message: TransportMessage): Promise<void> {
    if (this.#closing !== undefined) return Promise.reject(new Error('RabbitMQ transport is closed'));
    return this.#publisher.publish(this.#names.exchange, message.routingKey, message.body, publishOptions(message));
  }

  async sendToQueue(subscriber: string, message: TransportMessage): Promise<void> {
    if (this.#closing !== undefined) throw new Error('RabbitMQ transport is closed');
    assertValidName('subscriber', subscriber);
    const queue = this.#names.queue(subscriber);
    await this.#checkQueueExists(queue, subscriber);
    await this.#publisher.publish('', queue, message.body, publishOptions(message, message.headers, message.routingKey));
  }

  async consume(spec: QueueSpec, onMessage: (message: InboundMessage) => Promise<Settlement>): Promise<ConsumerHandle> {
    if (this.#closing !== undefined) throw new Error('RabbitMQ transport is closed');
    checkSpec(spec);
    const consumer = new SubscriberConsumer(spec, onMessage, this.#consumerContext);
    await consumer.start();
    this.#consumers.add(consumer);
    return {
      cancel: async () => {
        this.#consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  async queueDepth(subscriber: string): Promise<number | undefined> {
    assertValidName('subscriber', subscriber);
    const model = this.#connection.model;
    if (model === undefined) return undefined;
    try {
      const { messageCount } = await withTemporaryChannel(model, (channel) => channel.checkQueue(this.#names.queue(subscriber)));
      return messageCount;
    } catch (error: unknown) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async health(): Promise<StoreHealth> {
    const started = performance.now();
    const model = this.#connection.model;
    if (this.#closing !== undefined) return { ok: false, latencyMs: 0, error: 'RabbitMQ transport is closed' };
    if (model === undefined) return { ok: false, latencyMs: 0, error: 'not connected to RabbitMQ (reconnecting)' };
    const limit = timeout(HEALTH_TIMEOUT_MS, 'RabbitMQ health probe');
    try {
      await Promise.race([withTemporaryChannel(model, (channel) => channel.checkExchange(this.#names.exchange)), limit.promise]);
      return { ok: true, latencyMs: performance.now() - started };
    } catch (error: unknown) {
      return { ok: false, latencyMs: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
    } finally {
      limit.cancel();
    }
  }

  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  async #shutDown(): Promise<void> {
    const consumers = [...this.#consumers];
    this.#consumers.clear();
    // Consumers first: their in-flight retries still need the publisher.
    await Promise.all(consumers.map((consumer) => consumer.stop(this.#closeGraceMs)));
    await this.#publisher.close(this.#closeGraceMs);
    await this.#connection.close();
  }

  async #checkQueueExists(queue: string, subscriber: string): Promise<void> {
    const model = this.#connection.model;
    // While reconnecting, the publisher holds the message until the connection is back.
    if (model === undefined) return;
    let known = this.#knownQueues.get(model);
    if (known === undefined) {
      known = new Set();
      this.#knownQueues.set(model, known);
    }
    if (known.has(queue)) return;
    try {
      await withTemporaryChannel(model, (channel) => channel.checkQueue(queue));
    } catch (error: unknown) {
      // Through the default exchange an unknown queue would silently drop the message.
      if (isNotFound(error)) throw new Error(`no queue for subscriber "${subscriber}" (${queue}): it must have consumed once`, { cause: error });
      throw error;
    }
    known.add(queue);
  }
}

/**
 * Opens the RabbitMQ transport: one recovering connection, a windowed confirm publisher, and one
 * channel per consumer. Declares the topic exchange `${prefix}.events`; each `consume` declares
 * the subscriber's quorum queue `${prefix}.q.${subscriber}` and its bindings, again after every
 * reconnect. Rejects if the broker is unreachable at startup; after that it reconnects by itself.
 */
export async function openRabbitTransport(options: RabbitTransportOptions): Promise<Transport> {
  const names = topologyNames(options.prefix ?? 'omnihub');
  const logger = (options.logger ?? createLogger()).child({ component: 'rabbitmq', prefix: names.prefix });
  const backoff = options.reconnect ?? DEFAULT_BACKOFF;
  if (!(backoff.minMs > 0 && backoff.maxMs >= backoff.minMs)) {
    throw new Error(`reconnect needs 0 < minMs <= maxMs, got ${backoff.minMs}..${backoff.maxMs}`);
  }
  const connection = new RecoveringConnection({ url: options.url, name: `omnihub ${names.prefix}`, backoff, logger });
  await connection.open();
  try {
    const publisher = new ConfirmPublisher(connection, names, options.confirmWindow ?? DEFAULT_CONFIRM_WINDOW, backoff, logger);
    await publisher.start();
    const retries = new RetryScheduler(connection, publisher, names);
    return new RabbitTransport(connection, publisher, names, { connection, names, retries, backoff, logger }, options.closeGraceMs ?? DEFAULT_CLOSE_GRACE_MS);
  } catch (error: unknown) {
    await connection.close();
    throw error;
  }
}
