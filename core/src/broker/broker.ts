import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { Store, StoreHealth } from '../store/store.ts';
import { BrokerMetrics } from './broker-metrics.ts';
import { openEmbeddedTransport } from './embedded/embedded-transport.ts';
import { EventBus } from './event-bus.ts';
import { pruneInbox, pruneMessageLog } from './message-log.ts';
import { OutboxRelay } from './outbox.ts';
import { openRabbitTransport } from './rabbitmq/rabbitmq-transport.ts';
import type { Transport } from './transport.ts';

/** Options of {@link openBroker}. */
export interface BrokerOptions {
  store: Store;
  registry: SchemaRegistry;
  logger: Logger;
  /** RabbitMQ URL; the embedded transport when undefined. */
  amqpUrl?: string | undefined;
  /** Prefix of exchange and queue names on RabbitMQ (default `omnihub`). */
  prefix?: string | undefined;
  /** Prometheus registry for the broker's metrics. */
  metrics?: Registry | undefined;
  /** Hours the message log keeps lines for traces (default 168, a week). */
  messageLogRetentionHours?: number | undefined;
  /**
   * Hours the inbox remembers handled events (default 720, thirty days): a redelivery within
   * this time is recognised as a duplicate. Never shorter than the message-log retention.
   */
  inboxRetentionHours?: number | undefined;
  /** Start the outbox relay (default true; a worker-less API process may still relay). */
  relay?: boolean | undefined;
  /** Relay idle poll interval in ms (default 250). */
  relayPollMs?: number | undefined;
  /** Whether subscribers consume (default true; false in an API-only process). */
  consume?: boolean | undefined;
}

/** The hub's broker core: transport, outbox relay and subscribers, with their health. */
export interface Broker {
  readonly transport: Transport;
  readonly bus: EventBus;
  readonly relay: OutboxRelay;
  health(): Promise<StoreHealth>;
  close(): Promise<void>;
}

/** How often the message log and the inbox are pruned. */
const PRUNE_INTERVAL_MS = 60 * 60_000;

/**
 * Opens the broker core: RabbitMQ when a URL is configured, otherwise the embedded transport over
 * the store; starts the outbox relay and message-log retention.
 */
export async function openBroker(options: BrokerOptions): Promise<Broker> {
  const { store, logger } = options;
  const transport = options.amqpUrl === undefined
    ? await openEmbeddedTransport({ store })
    : await openRabbitTransport({ url: options.amqpUrl, prefix: options.prefix ?? 'omnihub', logger });
  const metrics = options.metrics === undefined
    ? undefined
    : new BrokerMetrics(options.metrics, async () => {
        const depths = new Map<string, number>();
        for (const subscriber of bus.subscribers()) {
          const depth = await transport.queueDepth(subscriber).catch(() => undefined);
          if (depth !== undefined) depths.set(subscriber, depth);
        }
        return depths;
      });
  const relay = new OutboxRelay({
    store,
    transport,
    logger,
    pollMs: options.relayPollMs ?? 250,
    onPublished: (events) => {
      for (const event of events) metrics?.published.inc({ type: event.type });
    },
  });
  const bus = new EventBus({ store, transport, registry: options.registry, relay, logger, metrics, consume: options.consume });
  if (options.relay !== false) relay.start();
  const retention = options.messageLogRetentionHours ?? 168;
  const inboxRetention = Math.max(retention, options.inboxRetentionHours ?? 720);
  const prune = setInterval(() => {
    pruneMessageLog(store, retention).catch((error: unknown) => logger.warn({ err: error }, 'message log pruning failed'));
    pruneInbox(store, inboxRetention).catch((error: unknown) => logger.warn({ err: error }, 'inbox pruning failed'));
  }, PRUNE_INTERVAL_MS);
  prune.unref();
  return {
    transport,
    bus: bus,
    relay,
    health: () => transport.health(),
    close: async () => {
      clearInterval(prune);
      await bus.close();
      await relay.stop();
      await transport.close();
    },
  };
}
