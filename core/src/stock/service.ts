import type { Logger } from 'pino';
import type { Broker } from '../broker/broker.ts';
import type { Subscription } from '../broker/event-bus.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { Store } from '../store/store.ts';
import { stockConsumer, STOCK_SUBSCRIBER, type BatchReport } from './consumer.ts';
import { channelReaders as defaultReaders, reconcileChannels, type ChannelReaders } from './reconcile.ts';
import { runChannelRefreshes } from './refresh.ts';
import { releaseExpired } from './reservations.ts';

/** What the stock flow runs on. */
export interface StockSyncDeps {
  store: Store;
  registry: SchemaRegistry;
  /** The hub's broker core: its bus runs the stock consumer, its relay carries what it publishes. */
  broker: Pick<Broker, 'bus' | 'relay'>;
  logger: Logger;
  /** Channel readers for drift checks (default: the process's {@link defaultReaders}). */
  readers?: ChannelReaders | undefined;
}

/** Timings of the stock flow's background work. */
export interface StockSyncOptions {
  /** Subscriber name of the consumer (default `flow.stock-sync`). */
  subscriber?: string | undefined;
  /** Deliveries in flight for the consumer (default 1000). */
  prefetch?: number | undefined;
  /** How often expired holds are released (default 5 s; 0: never). */
  sweepIntervalMs?: number | undefined;
  /** How often channels are checked for drift, report only (default 15 min; 0: never). */
  reconcileIntervalMs?: number | undefined;
  /** How often queued channel refreshes are looked for, besides at once after a change here (default 2 s). */
  refreshIntervalMs?: number | undefined;
  /** Called after each consumer batch committed. */
  onBatch?: ((report: BatchReport) => void) | undefined;
}

/** Counters of the consumer since start. */
export interface StockSyncStats {
  batches: number;
  movements: number;
  applied: number;
  duplicates: number;
  conflicts: number;
  published: number;
}

/** The running stock flow. */
export interface StockSync {
  readonly subscription: Subscription;
  readonly readers: ChannelReaders;
  stats(): StockSyncStats;
  /** Works through queued channel refreshes now (after a channel changed). */
  refreshChannels(): void;
  close(): Promise<void>;
}

/** Runs `task` every `ms` (never overlapping itself), logging failures; returns the stopper. */
function every(ms: number, name: string, logger: Logger, task: () => Promise<unknown>): { kick: () => void; stop: () => Promise<void> } {
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const kick = (): void => {
    if (stopped) return;
    if (running !== undefined) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        await task().catch((error: unknown) => logger.warn({ err: error, task: name }, 'stock background task failed; it runs again at its next interval'));
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
    });
  };
  const timer = ms > 0 ? setInterval(kick, ms) : undefined;
  timer?.unref();
  return {
    kick,
    stop: async () => {
      stopped = true;
      if (timer !== undefined) clearInterval(timer);
      await running;
    },
  };
}

/**
 * Starts the stock flow in a hub process: the micro-batched consumer of
 * `inventory.movement.recorded` (queue `flow.stock-sync`, competing with the same consumer in the
 * hub's other processes), the expiry sweeper of cart holds, the channel refresh worker and the
 * scheduled drift check (report only; `omnihub stock reconcile --apply` fixes).
 *
 * The consumer runs on the hub's event bus with a batch step (see consumer.ts): dead letters,
 * pauses, replays, the inbox and traces work for it as for any subscriber.
 */
export async function startStockSync(deps: StockSyncDeps, options: StockSyncOptions = {}): Promise<StockSync> {
  const { store, logger } = deps;
  const readers = deps.readers ?? defaultReaders;
  const relay = deps.broker.relay;
  const stats: StockSyncStats = { batches: 0, movements: 0, applied: 0, duplicates: 0, conflicts: 0, published: 0 };
  const consumer = stockConsumer({
    logger,
    name: options.subscriber ?? STOCK_SUBSCRIBER,
    prefetch: options.prefetch,
    onBatch: (report) => {
      stats.batches += 1;
      stats.movements += report.movements;
      stats.applied += report.applied;
      stats.duplicates += report.duplicates;
      stats.conflicts += report.conflicts;
      stats.published += report.published.length;
      options.onBatch?.(report);
    },
  });
  const subscription = await deps.broker.bus.subscribe(consumer);
  const sweeper = every(options.sweepIntervalMs ?? 5000, 'hold expiry', logger, async () => {
    const released = await releaseExpired(store);
    if (released > 0) relay.notify();
  });
  const refresher = every(options.refreshIntervalMs ?? 2000, 'channel refresh', logger, () => runChannelRefreshes(store, () => relay.notify()));
  const reconciler = every(options.reconcileIntervalMs ?? 15 * 60_000, 'drift check', logger, () => reconcileChannels({ store, readers, logger }));
  refresher.kick();
  return {
    subscription,
    readers,
    stats: () => ({ ...stats }),
    refreshChannels: () => refresher.kick(),
    close: async () => {
      await subscription.cancel();
      await Promise.all([sweeper.stop(), refresher.stop(), reconciler.stop()]);
    },
  };
}
