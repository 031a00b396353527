import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { collectDefaultMetrics, Registry } from 'prom-client';
import type { Logger } from 'pino';
import {
  MappingCatalog,
  mappingsDir,
  createHubCommandHandlers,
  startNestRpcServer,
  topologyNames,
  type NestRpcServer,
  createLogger,
  ensureAdminKey,
  migrate,
  openBroker,
  openStore,
  SchemaRegistry,
  type Broker,
  type HubConfig,
  type Store,
} from '@omnihub/core';
import { createApp } from './app.ts';
import { AREAS, type StartedArea } from './areas/index.ts';

/** A running hub: where it listens and how to stop it. */
export interface RunningHub {
  url: string;
  store: Store;
  registry: SchemaRegistry;
  broker: Broker;
  logger: Logger;
  /** Admin key generated at this start (first start with no keys), to print once. */
  generatedAdminKey: string | undefined;
  close(): Promise<void>;
}

/** Options of {@link startHub}. */
export interface StartOptions {
  logger?: Logger;
  /** Open this store instead of the configured one (tests pass an isolated schema). */
  store?: Store;
  /** Prefix of RabbitMQ exchange and queue names (tests pass a fresh one). */
  brokerPrefix?: string;
}

const VERSION = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * Starts a hub process: opens the store (PostgreSQL or embedded PGlite), applies migrations,
 * loads the schema registry, ensures an admin key, opens the broker core (RabbitMQ or embedded)
 * with its outbox relay, and serves the facade.
 */
export async function startHub(config: HubConfig, options: StartOptions = {}): Promise<RunningHub> {
  const logger = options.logger ?? createLogger({ level: config.logLevel });
  const store = options.store ?? (await openStore(config));
  const report = await migrate(store);
  logger.info({ store: store.kind, applied: report.applied, schemaVersion: report.current }, 'database ready');
  const registry = await SchemaRegistry.load();
  const mappings = await MappingCatalog.load(mappingsDir(), { registry });
  const { generated } = await ensureAdminKey(store, config.adminKey);
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  const broker = await openBroker({ store, registry, logger, amqpUrl: config.amqpUrl, prefix: options.brokerPrefix, metrics, consume: config.role !== 'api' });
  logger.info({ transport: broker.transport.kind, role: config.role }, 'broker ready');
  const onOutboxQueued = () => broker.relay.notify();
  const started: StartedArea[] = [];
  const stopAreas = async () => {
    for (const area of started.reverse()) await area.close?.();
  };
  let rpc: NestRpcServer | undefined;
  try {
    for (const area of AREAS) started.push(await area.start({ config, runsWorkers: config.role !== 'api', store, registry, mappings, broker, logger, metrics, onOutboxQueued }));
    if (config.amqpUrl !== undefined && config.role !== 'worker') {
      rpc = await startNestRpcServer({
        url: config.amqpUrl,
        queue: config.rpcQueue ?? topologyNames(options.brokerPrefix ?? 'omnihub').rpcQueue,
        handlers: createHubCommandHandlers({ store, registry, onAccepted: onOutboxQueued }),
        logger: logger.child({ component: 'rpc' }),
      });
    }
  } catch (error: unknown) {
    await rpc?.close();
    await stopAreas();
    await broker.close();
    throw error;
  }
  const app = createApp({
    store,
    registry,
    broker,
    logger,
    metrics,
    version: VERSION,
    maxBodyBytes: config.maxBodyBytes,
    onOutboxQueued,
    facade: config.role !== 'worker',
    routers: config.role === 'worker' ? [] : started.flatMap((area) => (area.router === undefined ? [] : [area.router])),
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(config.port, config.host, (error?: Error) => (error === undefined ? resolve(listening) : reject(error)));
  });
  const address = server.address() as AddressInfo;
  const url = `http://${address.address.includes(':') ? `[${address.address}]` : address.address}:${address.port}`;
  return {
    url,
    store,
    registry,
    broker,
    logger,
    generatedAdminKey: generated,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await rpc?.close();
      await stopAreas();
      await broker.close();
      if (options.store === undefined) await store.close();
    },
  };
}
