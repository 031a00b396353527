import { InvalidMessageFailure } from '@omnihub/connector-sdk';
import type { Broker } from '../broker/broker.ts';
import type { HandlerContext, Subscription, SubscriptionSpec } from '../broker/event-bus.ts';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import { InventoryLevelChanged } from '../events/catalog.ts';
import type { SqlExecutor } from '../store/store.ts';
import { prepared } from '../store/prepared.ts';
import { pairKey, type LevelChangedData } from './publish.ts';

/** One sellable quantity to push to a channel. */
export interface ChannelPush {
  channelId: string;
  sku: string;
  /** What the channel may sell now. */
  available: number;
  /** Publish version of this SKU × channel (grows by one per publication). */
  version: number;
  /**
   * The event that occasioned the push. When a newer value was published meanwhile, `available`
   * and `version` are that newer one's (see {@link claimPush}) and the event is older than them.
   */
  event: CloudEvent<LevelChangedData>;
}

/** What a push claim needs of a candidate: the value an event carries for a SKU × channel. */
export interface PushCandidate {
  channelId: string;
  sku: string;
  version: number;
  available: number;
}

/** Claims pushes of SKU × channel candidates ($1-$4) for their newest version (see {@link claimPushes}); returns the granted ones. */
const CLAIM_PUSHES = prepared(
  `with candidates as (
     select v.channel_id, v.sku, v.version, v.available, p.version as published_version, p.available as published_available
     from unnest($1::text[], $2::text[], $3::bigint[], $4::int[]) as v(channel_id, sku, version, available)
     left join stock_published p on p.channel_id = v.channel_id and p.sku = v.sku),
   claimed as (
     insert into stock_channel_pushes (channel_id, sku, version)
     select channel_id, sku, greatest(version, coalesce(published_version, 0)) from candidates
     order by channel_id collate "C", sku collate "C"
     on conflict (channel_id, sku) do update set version = excluded.version, pushed_at = now()
       where stock_channel_pushes.version < excluded.version
     returning channel_id, sku, version)
   select c.channel_id, c.sku, c.version, case when c.version = k.version then k.available else k.published_available end as available
   from claimed c join candidates k on k.channel_id = c.channel_id and k.sku = c.sku`,
);

/**
 * Claims the right to push a SKU × channel, in the pusher's transaction, for the newest value
 * published: when a newer version than the candidate's was published meanwhile, the claim is for
 * that version and its value (the candidate's event is then only the occasion), so a pusher never
 * waits for the newer event to reach it and a burst still ends in one push of its last value.
 * Granted only when newer than any version pushed before (an older value is never pushed after a
 * newer one, even redelivered; the newer event, once it arrives, finds its version pushed). The
 * claim holds the SKU × channel's push row until the transaction ends, so competing pushers of
 * one channel push one after the other. Returns the push to make, or undefined.
 */
export async function claimPush<P extends PushCandidate>(tx: SqlExecutor, candidate: P): Promise<P | undefined> {
  return (await claimPushes(tx, [candidate]))[0];
}

/** {@link claimPush} for many candidates in one statement; returns the pushes to make, at most one per SKU × channel. */
export async function claimPushes<P extends PushCandidate>(tx: SqlExecutor, candidates: readonly P[]): Promise<P[]> {
  // The newest candidate per SKU × channel only: one row may be claimed once per statement.
  const newest = new Map<string, P>();
  for (const candidate of candidates) {
    const key = pairKey(candidate.channelId, candidate.sku);
    const seen = newest.get(key);
    if (seen === undefined || seen.version < candidate.version) newest.set(key, candidate);
  }
  if (newest.size === 0) return [];
  const list = [...newest.values()];
  const { rows } = await tx.query<{ channel_id: string; sku: string; version: number; available: number }>(CLAIM_PUSHES, [list.map((c) => c.channelId), list.map((c) => c.sku), list.map((c) => c.version), list.map((c) => c.available)]);
  const granted = new Map(rows.map((row) => [pairKey(row.channel_id, row.sku), row]));
  return list.flatMap((candidate) => {
    const row = granted.get(pairKey(candidate.channelId, candidate.sku));
    return row === undefined ? [] : [{ ...candidate, version: row.version, available: row.available }];
  });
}

/** The pushes an `inventory.level.changed` event asks for, checked. */
function pushesOf(event: CloudEvent<LevelChangedData>, only: ReadonlySet<string> | undefined): ChannelPush[] {
  const version = Number(event.sequence);
  if (event.sequence === undefined || !Number.isSafeInteger(version) || version < 1) {
    throw new InvalidMessageFailure(`inventory.level.changed ${event.id} has no publish version in its sequence attribute`, { code: 'stock.version-missing' });
  }
  return (event.data.channelAvailability ?? [])
    .filter((entry) => only === undefined || only.has(entry.channelId))
    .map((entry) => ({ channelId: entry.channelId, sku: event.data.level.sku, available: entry.available, version, event }));
}

/** Options of {@link channelPushSubscription}. */
export interface ChannelPushOptions {
  /** Subscriber name, e.g. `connector.shopify.eu-store.stock`. */
  name: string;
  /** Only these channels (default: every channel in the event). */
  channelIds?: readonly string[] | undefined;
  /** Sends the quantity to the channel; a thrown failure decides retry or dead letter as for any handler. */
  push: (push: ChannelPush, context: HandlerContext) => Promise<void>;
  prefetch?: number | undefined;
}

/**
 * A subscription pushing `inventory.level.changed` to a channel, newest value only (see
 * {@link claimPush}). Channel connectors run one per channel instance; the push is an absolute
 * set, so pushing a version again after a failed commit is harmless.
 *
 * @example
 * await bus.subscribe(channelPushSubscription({
 *   name: 'connector.shopify.eu-store.stock',
 *   channelIds: ['web-eu'],
 *   push: ({ sku, available }) => shop.setAvailable(sku, available),
 * }));
 */
export function channelPushSubscription(options: ChannelPushOptions): SubscriptionSpec<readonly [typeof InventoryLevelChanged]> {
  const only = options.channelIds === undefined ? undefined : new Set(options.channelIds);
  return {
    name: options.name,
    events: [InventoryLevelChanged] as const,
    ...(options.prefetch === undefined ? {} : { prefetch: options.prefetch }),
    handle: async (event, context) => {
      for (const push of await claimPushes(context.tx, pushesOf(event, only))) await options.push(push, context);
    },
  };
}

/** Options of {@link startChannelPusher}. */
export interface ChannelPusherOptions {
  /** Subscriber name, e.g. `connector.shopify.eu-store.stock`. */
  name: string;
  /** Only these channels (default: every channel in the events). */
  channelIds?: readonly string[] | undefined;
  /**
   * Sends a batch's quantities to the channel (at most one per SKU × channel, the newest), e.g.
   * through the vendor's bulk API. A thrown failure rolls the batch back: its events are retried.
   */
  push: (pushes: readonly ChannelPush[]) => Promise<void>;
  /** Deliveries in flight (default 1000); a batch takes up to half of them. */
  prefetch?: number | undefined;
}

/** What a batched channel pusher runs on: the hub's broker, whose bus runs the subscription. */
export interface ChannelPusherDeps {
  broker: Pick<Broker, 'bus'>;
}

/**
 * Starts a channel pusher that works batch by batch: the `inventory.level.changed` events that
 * arrive together are reduced to the newest version per SKU × channel, claimed in one statement
 * (see {@link claimPush}) and handed to `push` together, inside the batch's transaction, before
 * the acks. Under a burst the channel gets one call per batch with only the newest values.
 *
 * @example
 * const pusher = await startChannelPusher(hub, {
 *   name: 'connector.shopify.eu-store.stock',
 *   channelIds: ['web-eu'],
 *   push: (pushes) => shop.setQuantities(pushes.map((p) => ({ sku: p.sku, available: p.available }))),
 * });
 */
export async function startChannelPusher(deps: ChannelPusherDeps, options: ChannelPusherOptions): Promise<Subscription> {
  const only = options.channelIds === undefined ? undefined : new Set(options.channelIds);
  return deps.broker.bus.subscribe({
    name: options.name,
    events: [InventoryLevelChanged] as const,
    prefetch: options.prefetch ?? 1000,
    maxBatch: Math.max(1, Math.floor((options.prefetch ?? 1000) / 2)),
    batch: {
      open: (): ChannelPush[] => [],
      close: async (tx, candidates) => {
        const granted = await claimPushes(tx, candidates);
        if (granted.length > 0) await options.push(granted);
      },
    },
    handle: (event, context) => {
      context.batch.push(...pushesOf(event, only));
      return Promise.resolve();
    },
  });
}
