import type { StockLevelV1, StockMovementV1 } from '../generated/schema-types.ts';

/** A canonical stock movement (`stock-movement` v1), as sources report it. */
export type StockMovement = StockMovementV1;

/** A canonical stock level (`stock-level` v1). */
export type StockLevel = StockLevelV1;

/** The buckets a position keeps, by their canonical (Shopify) names. */
export const POSITION_BUCKETS = ['onHand', 'committed', 'reserved', 'incoming', 'safetyStock', 'damaged'] as const;

/** One bucket of a position. */
export type PositionBucket = (typeof POSITION_BUCKETS)[number];

/** Buckets a count (absolute movement) may set; committed and reserved are sums of the hub's reservations and deltas. */
export const COUNTABLE_BUCKETS = ['onHand', 'incoming', 'safetyStock', 'damaged'] as const;

/** A bucket a count may set. */
export type CountableBucket = (typeof COUNTABLE_BUCKETS)[number];

/** What a source's quantities mean. */
export const SOURCE_SEMANTICS = ['physical', 'net-of-open-orders'] as const;

/**
 * `physical`: on-hand units as counted. `net-of-open-orders`: units left after the source's own
 * open orders (an ERP's "available"); the hub's commitments made before the count are already in
 * it and are not subtracted again.
 */
export type SourceSemantics = (typeof SOURCE_SEMANTICS)[number];

/** Kinds of sales channel. */
export const CHANNEL_KINDS = ['web', 'marketplace', 'store-pickup'] as const;

/** A kind of sales channel: a web shop, a marketplace, or one store's pickup. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** Units or a percentage of the pooled availability held back from a channel. */
export type ChannelBuffer = { units: number } | { percent: number };

/** A sales channel and the locations whose stock it may sell. */
export interface SalesChannel {
  id: string;
  name: string;
  kind: ChannelKind;
  /** Locations feeding the channel (a store pickup channel has exactly one). */
  locationIds: string[];
  /** Held back from what the locations have; none when absent. */
  buffer?: ChannelBuffer | undefined;
  createdAt?: string | undefined;
  updatedAt?: string | undefined;
}

/** Stock of one SKU at one location, by bucket. */
export interface StockPosition {
  sku: string;
  locationId: string;
  onHand: number;
  committed: number;
  reserved: number;
  incoming: number;
  safetyStock: number;
  damaged: number;
  /** onHand − committed − reserved − safetyStock − damaged; negative when oversold. */
  available: number;
  /** Latest time of a movement applied (null before any). */
  asOf: string | null;
  updatedAt: string;
}

/** How a movement ended in the ledger. */
export type MovementOutcome = 'applied' | 'duplicate' | 'conflict';
