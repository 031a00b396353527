import { outboxColumns } from '../broker/outbox.ts';
import { claimedRows, outboxClaimOf } from '../broker/outbox-claim.ts';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import { InventoryLevelChanged } from '../events/catalog.ts';
import { createEvent, type PayloadOf } from '../events/define-event.ts';
import type { SqlExecutor } from '../store/store.ts';
import { prepared } from '../store/prepared.ts';
import type { ChannelBuffer } from './types.ts';
import { availableSql } from './positions.ts';

/** Payload of `inventory.level.changed` v1. */
export type LevelChangedData = PayloadOf<typeof InventoryLevelChanged>;

/** CloudEvents `source` of the events the stock flow emits. */
export const STOCK_SOURCE = '/omnihub/stock';

/**
 * `locationId` of the pooled level carried by a channel's `inventory.level.changed`: the channel's
 * virtual location (Fluent's virtual position, Salesforce OCI's location group).
 */
export function channelLocationId(channelId: string): string {
  return `channel:${channelId}`;
}

/** What a channel may sell of a pooled quantity after its buffer (never below zero). */
export function applyBuffer(pooled: number, buffer: ChannelBuffer | undefined): number {
  const positive = Math.max(0, pooled);
  if (buffer === undefined) return positive;
  if ('units' in buffer) return Math.max(0, positive - buffer.units);
  // In hundredths of a percent, so 12.5 % is exact; rounded down, never selling a unit not there.
  return Math.floor((positive * (10_000 - Math.round(buffer.percent * 100))) / 10_000);
}

/** Where a publication comes from, for its envelope. */
export interface PublishCause {
  correlationId?: string | undefined;
  causationId?: string | undefined;
}

/** {@link lockPublishedSql} for the SKUs in $1 and the channel in $2 (null for all). */
const LOCK_PUBLISHED = prepared(lockPublishedSql('$1', '$2'));

/** Options of {@link publishAvailability}. */
export interface PublishOptions {
  /** Only this channel. */
  channelId?: string | undefined;
  /** Publish these `channelId/sku` pairs even when unchanged, with a new version (drift repair). */
  force?: ReadonlySet<string> | undefined;
  /** Cause of the publication per SKU (its envelope's correlation and causation ids). */
  causeOf?: ((sku: string) => PublishCause | undefined) | undefined;
  /**
   * The SKUs' published rows, already locked in this transaction by {@link lockPublishedSql} after
   * their positions (see `recordMovements`): the lock statement is then skipped.
   */
  locked?: readonly PublishedRow[] | undefined;
}

/** One publication: a SKU × channel whose sellable quantity changed. */
export interface PublishedChange {
  channelId: string;
  sku: string;
  available: number;
  previous: number | null;
  version: number;
  event: CloudEvent<LevelChangedData>;
}

/** A SKU × channel's last publication, as {@link lockPublishedSql} returns it. */
export interface PublishedRow extends Record<string, unknown> {
  channel_id: string;
  sku: string;
  available: number | null;
  pooled: number | null;
  version: number;
}

/**
 * The statement that locks (creating them when missing) the published rows of the SKUs in
 * placeholder `skus` (text[]), every channel fed by a location holding them or only the channel in
 * placeholder `channel` (text, null for all), in key order, returning {@link PublishedRow}s. `gate`
 * is an SQL condition that must hold for anything to be locked (`true` when there is none).
 */
export function lockPublishedSql(skus: string, channel: string, gate = 'true'): string {
  return `insert into stock_published (channel_id, sku)
     select channel_id, sku from (
       select cl.channel_id, p.sku from stock_positions p join stock_channel_locations cl on cl.location_id = p.location_id
       where p.sku = any(${skus}::text[]) and (${channel}::text is null or cl.channel_id = ${channel})
       union
       select channel_id, sku from stock_published where sku = any(${skus}::text[]) and (${channel}::text is null or channel_id = ${channel})
     ) pairs where ${gate} order by channel_id, sku
     on conflict (channel_id, sku) do update set channel_id = excluded.channel_id
     returning channel_id, sku, available, pooled, version`;
}

/** A channel's pooled stock of one SKU, and what the channel may sell of it. */
export interface ChannelPool {
  channelId: string;
  sku: string;
  /** Sum over the channel's locations of each one's available counted from zero. */
  pooled: number;
  /** pooled after the channel's buffer. */
  available: number;
  onHand: number;
  committed: number;
  reserved: number;
  incoming: number;
  safetyStock: number;
  damaged: number;
  asOf: string | null;
}

interface PooledRow extends Record<string, unknown> {
  channel_id: string;
  sku: string;
  pooled: number;
  on_hand: number;
  committed: number;
  reserved: number;
  incoming: number;
  safety_stock: number;
  damaged: number;
  as_of: Date | string | null;
  buffer_units: number | null;
  buffer_percent: string | number | null;
}

/** New published values ($1-$5) and their events ($6-$9) into the outbox, claimed for $10 ms when given; returns the outbox rows. */
const RECORD_AND_ENQUEUE = prepared(
  `with recorded as (
     update stock_published p set available = v.available, pooled = v.pooled, version = v.version, published_at = now()
     from unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::bigint[]) as v(channel_id, sku, available, pooled, version)
     where p.channel_id = v.channel_id and p.sku = v.sku returning 1)
   insert into outbox (event_id, routing_key, envelope, data, claimed_until)
   select id, routing_key, envelope::jsonb, data::json, now() + $10::int * interval '1 millisecond'
   from unnest($6::text[], $7::text[], $8::text[], $9::text[]) with ordinality as e(id, routing_key, envelope, data, n) order by n
   returning seq, event_id`,
);

/** `channelId/sku`, the key of {@link PublishOptions.force} and of envelope partition keys. */
export function pairKey(channelId: string, sku: string): string {
  return `${channelId}/${sku}`;
}

/**
 * Publishes the channel availability of `skus` that changed, in the caller's transaction: for each
 * SKU × channel fed by a location holding the SKU, the pooled available of the channel's locations
 * (each location counted from zero up, an oversold one takes nothing from the others) less the
 * channel's buffer. Only a value different from the last one published is emitted, with the next
 * version of that SKU × channel (the envelope's `sequence`), through the outbox: it leaves only if
 * the transaction commits.
 *
 * The SKU × channel rows are locked before positions are read, so two transactions publishing the
 * same SKU take turns and the later one reads what the earlier committed: versions grow in the
 * order values were computed, and an older value never carries a newer version.
 */
export async function publishAvailability(tx: SqlExecutor, skus: Iterable<string>, options: PublishOptions = {}): Promise<PublishedChange[]> {
  const list = [...new Set(skus)].sort();
  if (list.length === 0) return [];
  const channel = options.channelId ?? null;
  const locked = options.locked ?? (await tx.query<PublishedRow>(LOCK_PUBLISHED, [list, channel])).rows;
  if (locked.length === 0) return [];
  const pooled = await poolChannels(tx, locked.map((row) => ({ channelId: row.channel_id, sku: row.sku })));
  const current = new Map(locked.map((row) => [pairKey(row.channel_id, row.sku), row]));
  const changes: PublishedChange[] = [];
  for (const row of pooled) {
    const key = pairKey(row.channelId, row.sku);
    const before = current.get(key);
    if (before === undefined) continue;
    const available = row.available;
    if (before.available === available && options.force?.has(key) !== true) continue;
    const version = before.version + 1;
    const cause = options.causeOf?.(row.sku);
    const data: LevelChangedData = {
      level: {
        sku: row.sku,
        locationId: channelLocationId(row.channelId),
        onHand: row.onHand,
        available: row.pooled,
        committed: Math.max(0, row.committed),
        reserved: Math.max(0, row.reserved),
        incoming: Math.max(0, row.incoming),
        safetyStock: Math.max(0, row.safetyStock),
        damaged: Math.max(0, row.damaged),
        asOf: new Date(row.asOf ?? Date.now()).toISOString(),
      },
      previousAvailable: before.pooled ?? 0,
      channelAvailability: [{ channelId: row.channelId, available }],
    };
    const event = createEvent(InventoryLevelChanged, data, {
      source: STOCK_SOURCE,
      subject: row.sku,
      partitionKey: key,
      sequence: String(version),
      ...(cause?.correlationId === undefined ? {} : { correlationId: cause.correlationId }),
      ...(cause?.causationId === undefined ? {} : { causationId: cause.causationId }),
    });
    changes.push({ channelId: row.channelId, sku: row.sku, available, previous: before.available, version, event });
  }
  if (changes.length === 0) return [];
  const pooledOf = new Map(pooled.map((row) => [pairKey(row.channelId, row.sku), row.pooled]));
  const events = changes.map((c) => c.event);
  const record = [
    changes.map((c) => c.channelId),
    changes.map((c) => c.sku),
    changes.map((c) => c.available),
    changes.map((c) => pooledOf.get(pairKey(c.channelId, c.sku)) ?? 0),
    changes.map((c) => c.version),
  ];
  // The new versions and their events in one round trip: the same rows enqueueOutbox writes.
  const rows = events.map((event) => outboxColumns(event));
  const data = rows.map(([, eventData]) => eventData);
  // Claimed for this process's relay when the transaction has a claim (see OutboxClaim).
  const claim = outboxClaimOf(tx);
  const { rows: inserted } = await tx.query(RECORD_AND_ENQUEUE, [
    ...record,
    events.map((e) => e.id),
    events.map((e) => e.type),
    rows.map(([attributes]) => attributes),
    data,
    claim?.claimMs ?? null,
  ]);
  claim?.add(claimedRows(inserted, events, data));
  return changes;
}

/** The pooled stock of SKU × channel pairs ($1 channels, $2 SKUs) from the positions now, in the pairs' order. */
const POOL_CHANNELS = prepared(
  `select k.channel_id, k.sku,
          coalesce(sum(greatest(0, ${availableSql('p')})), 0)::int as pooled,
          coalesce(sum(p.on_hand), 0)::int as on_hand, coalesce(sum(p.committed), 0)::int as committed,
          coalesce(sum(p.reserved), 0)::int as reserved, coalesce(sum(p.incoming), 0)::int as incoming,
          coalesce(sum(p.safety_stock), 0)::int as safety_stock, coalesce(sum(p.damaged), 0)::int as damaged,
          max(p.as_of) as as_of, c.buffer_units, c.buffer_percent
   from unnest($1::text[], $2::text[]) with ordinality as k(channel_id, sku, n)
   join stock_channels c on c.channel_id = k.channel_id
   left join stock_channel_locations cl on cl.channel_id = k.channel_id
   left join stock_positions p on p.sku = k.sku and p.location_id = cl.location_id
   group by k.n, k.channel_id, k.sku, c.buffer_units, c.buffer_percent
   order by k.n`,
);

/** Computes the pooled stock and sellable quantity of SKU × channel pairs from the positions now. */
export async function poolChannels(executor: SqlExecutor, pairs: readonly { channelId: string; sku: string }[]): Promise<ChannelPool[]> {
  if (pairs.length === 0) return [];
  const { rows } = await executor.query<PooledRow>(POOL_CHANNELS, [pairs.map((p) => p.channelId), pairs.map((p) => p.sku)]);
  return rows.map((row) => {
    const buffer = row.buffer_units !== null ? { units: row.buffer_units } : row.buffer_percent !== null ? { percent: Number(row.buffer_percent) } : undefined;
    return {
      channelId: row.channel_id,
      sku: row.sku,
      pooled: row.pooled,
      available: applyBuffer(row.pooled, buffer),
      onHand: row.on_hand,
      committed: row.committed,
      reserved: row.reserved,
      incoming: row.incoming,
      safetyStock: row.safety_stock,
      damaged: row.damaged,
      asOf: row.as_of === null ? null : new Date(row.as_of).toISOString(),
    };
  });
}
