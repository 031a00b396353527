import type { SqlExecutor } from '../store/store.ts';
import { positionsOfSku } from './positions.ts';
import { poolChannels } from './publish.ts';
import { backorderLimit } from './reservations.ts';
import type { ChannelKind, StockPosition } from './types.ts';

/** A channel's availability of one SKU: computed now, and as last published. */
export interface ChannelAvailability {
  channelId: string;
  kind: ChannelKind;
  /** Pooled available of the channel's locations (each from zero), before the buffer. */
  pooled: number;
  /** What the channel may sell now (after its buffer). */
  available: number;
  /** The last publication, or null before the first. */
  published: { available: number; version: number; publishedAt: string } | null;
}

/** Everything the hub knows of one SKU's stock. */
export interface InventoryView {
  sku: string;
  backorderUnits: number;
  locations: StockPosition[];
  channels: ChannelAvailability[];
}

/**
 * Positions of a SKU per location and its availability per channel (every channel fed by a
 * location holding it, or published to before), with the last published value and version.
 */
export async function inventoryOf(executor: SqlExecutor, sku: string): Promise<InventoryView> {
  const locations = await positionsOfSku(executor, sku);
  const { rows } = await executor.query<{ channel_id: string; kind: ChannelKind; available: number | null; version: number | null; published_at: Date | string | null }>(
    `select c.channel_id, c.kind, p.available, p.version, p.published_at from stock_channels c
     left join stock_published p on p.channel_id = c.channel_id and p.sku = $1
     where p.sku is not null or exists (
       select 1 from stock_channel_locations cl join stock_positions s on s.location_id = cl.location_id and s.sku = $1 where cl.channel_id = c.channel_id)
     order by c.channel_id`,
    [sku],
  );
  const pools = await poolChannels(executor, rows.map((row) => ({ channelId: row.channel_id, sku })));
  const poolOf = new Map(pools.map((pool) => [pool.channelId, pool]));
  return {
    sku,
    backorderUnits: await backorderLimit(executor, sku),
    locations,
    channels: rows.map((row) => {
      const pool = poolOf.get(row.channel_id);
      return {
        channelId: row.channel_id,
        kind: row.kind,
        pooled: pool?.pooled ?? 0,
        available: pool?.available ?? 0,
        published:
          row.available === null || row.version === null || row.published_at === null
            ? null
            : { available: row.available, version: row.version, publishedAt: new Date(row.published_at).toISOString() },
      };
    }),
  };
}
