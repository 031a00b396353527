import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../store/store.ts';
import { getChannel, listChannels } from './channels.ts';
import { pairKey, publishAvailability } from './publish.ts';
import type { SalesChannel } from './types.ts';

/**
 * Reads what a sales channel shows. The connector runtime provides one per channel connector
 * instance (a Shopify location's `available`, a marketplace listing's quantity...).
 */
export interface ChannelReader {
  /**
   * The quantities the channel shows now for `skus` (at most 200 per call). A SKU the channel
   * does not list is left out of the map.
   */
  read(channel: SalesChannel, skus: readonly string[]): Promise<ReadonlyMap<string, number>>;
}

/** The channel readers of a hub process, by channel id. */
export class ChannelReaders {
  readonly #byChannel = new Map<string, ChannelReader>();

  /** Registers the reader of a channel; returns a function that removes it. */
  register(channelId: string, reader: ChannelReader): () => void {
    this.#byChannel.set(channelId, reader);
    return () => {
      if (this.#byChannel.get(channelId) === reader) this.#byChannel.delete(channelId);
    };
  }

  /** The reader of a channel, if its connector can read stock. */
  get(channelId: string): ChannelReader | undefined {
    return this.#byChannel.get(channelId);
  }
}

/** The process's channel readers: channel connectors register theirs here when they start. */
export const channelReaders = new ChannelReaders();

/** A SKU whose quantity at the channel differs from what the hub published. */
export interface DriftItem {
  sku: string;
  /** What the hub last published. */
  published: number;
  /** What the channel shows (null: the channel does not list the SKU). */
  shown: number | null;
  /** Version of the hub's last publication. */
  version: number;
}

/** One reconciliation of one channel. */
export interface ReconcileRun {
  id: string;
  channelId: string;
  apply: boolean;
  /** `ok`: no drift; `drift`: drift found (and fixed when `apply`); `no-reader`: the channel's connector cannot read stock; `failed`: reading failed. */
  status: 'ok' | 'drift' | 'no-reader' | 'failed';
  /** SKUs compared. */
  checked: number;
  /** SKUs skipped because their newest value was still being pushed. */
  inFlight: number;
  drifted: number;
  /** SKUs republished (with `apply`). */
  fixed: number;
  /** The drifted SKUs (the first 1,000). */
  drift: DriftItem[];
  detail?: string | undefined;
  startedAt: string;
  finishedAt: string;
}

/** What reconciliation needs. */
export interface ReconcileDeps {
  store: Store;
  readers: ChannelReaders;
  logger?: Logger | undefined;
  /** Called after republished values were queued in the outbox (to relay them at once). */
  onPublished?: (() => void) | undefined;
}

/** Options of {@link reconcileChannels}. */
export interface ReconcileOptions {
  /** One channel (default: every channel). */
  channelId?: string | undefined;
  /** Republish drifted SKUs with a new version so the channel connector pushes the current value. Without it, only report. */
  apply?: boolean | undefined;
  /** SKUs per read (default 200). */
  pageSize?: number | undefined;
}

/** Drift entries kept in a run's report. */
const MAX_LISTED = 1000;

interface PublishedRow extends Record<string, unknown> {
  sku: string;
  available: number;
  version: number;
  pushed: number | null;
}

/**
 * Compares what each channel shows (read through its {@link ChannelReader}) with what the hub last
 * published, SKU by SKU in pages; reports drift, and with `apply` republishes the drifted SKUs'
 * current availability with a new version, which the channel connector then pushes. A SKU whose
 * newest version is not pushed yet is not compared (it is in flight, not drifted). Each run is
 * recorded in `stock_reconcile_runs`.
 */
export async function reconcileChannels(deps: ReconcileDeps, options: ReconcileOptions = {}): Promise<ReconcileRun[]> {
  let channels: SalesChannel[];
  if (options.channelId === undefined) {
    channels = await listChannels(deps.store);
  } else {
    const channel = await getChannel(deps.store, options.channelId);
    channels = channel === undefined ? [] : [channel];
  }
  const runs: ReconcileRun[] = [];
  for (const channel of channels) runs.push(await reconcileChannel(deps, channel, options));
  return runs;
}

async function reconcileChannel(deps: ReconcileDeps, channel: SalesChannel, options: ReconcileOptions): Promise<ReconcileRun> {
  const apply = options.apply === true;
  const pageSize = options.pageSize ?? 200;
  const run: ReconcileRun = {
    id: randomUUID(),
    channelId: channel.id,
    apply,
    status: 'ok',
    checked: 0,
    inFlight: 0,
    drifted: 0,
    fixed: 0,
    drift: [],
    startedAt: new Date().toISOString(),
    finishedAt: '',
  };
  const reader = deps.readers.get(channel.id);
  if (reader === undefined) {
    run.status = 'no-reader';
    run.detail = `no connector of channel ${channel.id} reads stock`;
  } else {
    try {
      let after = '';
      for (;;) {
        const { rows } = await deps.store.query<PublishedRow>(
          `select p.sku, p.available, p.version, s.version as pushed
           from stock_published p left join stock_channel_pushes s on s.channel_id = p.channel_id and s.sku = p.sku
           where p.channel_id = $1 and p.available is not null and p.sku > $2 order by p.sku limit $3`,
          [channel.id, after, pageSize],
        );
        if (rows.length === 0) break;
        after = rows.at(-1)?.sku ?? after;
        const settled = rows.filter((row) => row.pushed === null || row.pushed >= row.version);
        run.inFlight += rows.length - settled.length;
        const shown = await reader.read(channel, settled.map((row) => row.sku));
        run.checked += settled.length;
        const drifted: DriftItem[] = [];
        for (const row of settled) {
          const value = shown.get(row.sku);
          const drifts = value === undefined ? row.available !== 0 : value !== row.available;
          if (drifts) drifted.push({ sku: row.sku, published: row.available, shown: value ?? null, version: row.version });
        }
        run.drifted += drifted.length;
        run.drift.push(...drifted.slice(0, MAX_LISTED - run.drift.length));
        if (apply && drifted.length > 0) {
          const force = new Set(drifted.map((item) => pairKey(channel.id, item.sku)));
          const changes = await deps.store.transaction((tx) => publishAvailability(tx, drifted.map((item) => item.sku), { channelId: channel.id, force }));
          run.fixed += changes.filter((change) => force.has(pairKey(change.channelId, change.sku))).length;
          deps.onPublished?.();
        }
        if (rows.length < pageSize) break;
      }
      run.status = run.drifted > 0 ? 'drift' : 'ok';
    } catch (error: unknown) {
      run.status = 'failed';
      run.detail = `reading channel ${channel.id} failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  run.finishedAt = new Date().toISOString();
  if (run.status === 'drift' || run.status === 'failed') deps.logger?.warn({ channelId: channel.id, drifted: run.drifted, fixed: run.fixed, detail: run.detail }, 'stock drift check found a problem');
  await deps.store.query(
    `insert into stock_reconcile_runs (id, channel_id, apply, status, checked, drifted, fixed, drift, detail, started_at, finished_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10, $11)`,
    [run.id, run.channelId, apply, run.status, run.checked, run.drifted, run.fixed, JSON.stringify(run.drift), run.detail ?? null, run.startedAt, run.finishedAt],
  );
  return run;
}
