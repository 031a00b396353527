import type { SqlExecutor } from '../store/store.ts';
import { prepared } from '../store/prepared.ts';
import { compareKeys } from './order-key.ts';
import type { StockLevel, StockPosition } from './types.ts';

/** A `stock_positions` row. */
export interface PositionRow extends Record<string, unknown> {
  sku: string;
  location_id: string;
  on_hand: number;
  committed: number;
  reserved: number;
  incoming: number;
  safety_stock: number;
  damaged: number;
  on_hand_base: string | null;
  on_hand_base_net: boolean;
  incoming_base: string | null;
  safety_stock_base: string | null;
  damaged_base: string | null;
  as_of: Date | string | null;
  updated_at: Date | string;
  change_seq: number;
}

const POSITION_COLUMNS =
  'sku, location_id, on_hand, committed, reserved, incoming, safety_stock, damaged, on_hand_base, on_hand_base_net, incoming_base, safety_stock_base, damaged_base, as_of, updated_at, change_seq';

/** `sku` and `location` as one map key. */
export function positionKey(sku: string, locationId: string): string {
  return JSON.stringify([sku, locationId]);
}

/** Available to promise at a location: on hand less what is committed, reserved, kept as safety stock or damaged. */
export function availableOf(row: Pick<PositionRow, 'on_hand' | 'committed' | 'reserved' | 'safety_stock' | 'damaged'>): number {
  return row.on_hand - row.committed - row.reserved - row.safety_stock - row.damaged;
}

/** {@link availableOf} as SQL over the stock_positions row named `alias`. */
export function availableSql(alias: string): string {
  return `${alias}.on_hand - ${alias}.committed - ${alias}.reserved - ${alias}.safety_stock - ${alias}.damaged`;
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** A row as the service returns it. */
export function positionOf(row: PositionRow): StockPosition {
  return {
    sku: row.sku,
    locationId: row.location_id,
    onHand: row.on_hand,
    committed: row.committed,
    reserved: row.reserved,
    incoming: row.incoming,
    safetyStock: row.safety_stock,
    damaged: row.damaged,
    available: availableOf(row),
    asOf: iso(row.as_of),
    updatedAt: iso(row.updated_at) ?? new Date(0).toISOString(),
  };
}

/** A position as a canonical `stock-level` v1 (asOf falls back to the last update). */
export function levelOf(position: StockPosition): StockLevel {
  return {
    sku: position.sku,
    locationId: position.locationId,
    onHand: position.onHand,
    available: position.available,
    committed: position.committed,
    reserved: position.reserved,
    incoming: position.incoming,
    safetyStock: position.safetyStock,
    damaged: position.damaged,
    asOf: position.asOf ?? position.updatedAt,
  };
}

/** A locked position with its SKU's backorder allowance (see {@link lockPositionsWithAllowance}). */
export interface LockedPosition extends PositionRow {
  /** Units the SKU may be reserved below zero (0 without an allowance). */
  backorder_units: number;
}

/**
 * Creates the missing positions of `keys`, locks all of them until the transaction ends and reads
 * them. Keys are locked in (sku, location) order by one statement, the same order everywhere, so
 * that two batches touching the same positions wait for each other instead of deadlocking.
 */
export function lockPositions(tx: SqlExecutor, keys: readonly { sku: string; locationId: string }[]): Promise<Map<string, PositionRow>> {
  return lockRows<PositionRow>(tx, keys, READ_POSITIONS);
}

/**
 * {@link lockPositions}, each position read with its SKU's backorder allowance (what a
 * reservation checks against).
 */
export function lockPositionsWithAllowance(tx: SqlExecutor, keys: readonly { sku: string; locationId: string }[]): Promise<Map<string, LockedPosition>> {
  return lockRows<LockedPosition>(tx, keys, READ_POSITIONS_WITH_ALLOWANCE);
}

/** Creates the missing positions of $1, $2 and locks all of them, in key order, without writing a new version of any existing row. */
const LOCK_POSITIONS = prepared(
  `insert into stock_positions (sku, location_id)
   select sku, location_id from unnest($1::text[], $2::text[]) with ordinality as k(sku, location_id, n) order by n
   on conflict (sku, location_id) do update set sku = excluded.sku where false`,
);

/** Reads the positions of the keys $1, $2 with these columns. */
const readPositionsSql = (columns: string): string =>
  `select ${columns} from stock_positions
   where sku = any($1::text[]) and (sku, location_id) in (select * from unnest($1::text[], $2::text[]))`;

const READ_POSITIONS = prepared(readPositionsSql(POSITION_COLUMNS));
const READ_POSITIONS_WITH_ALLOWANCE = prepared(
  readPositionsSql(`${POSITION_COLUMNS}, coalesce((select b.units from stock_backorder_limits b where b.sku = stock_positions.sku), 0) as backorder_units`),
);

async function lockRows<R extends PositionRow>(tx: SqlExecutor, keys: readonly { sku: string; locationId: string }[], read: string): Promise<Map<string, R>> {
  // Byte order, as "C" collation sorts: the order every path locks positions in.
  const unique = [...new Map(keys.map((k) => [positionKey(k.sku, k.locationId), k])).values()].sort((a, b) => compareKeys(a.sku, b.sku) || compareKeys(a.locationId, b.locationId));
  if (unique.length === 0) return new Map();
  const skus = unique.map((k) => k.sku);
  const locationIds = unique.map((k) => k.locationId);
  // "do update ... where false" locks each existing row as "do nothing" would not, and updates
  // none, so locking leaves no dead row version behind. The rows are read by a second statement:
  // its snapshot, taken after every lock was granted, holds what the last holder committed.
  await tx.query(LOCK_POSITIONS, [skus, locationIds]);
  const { rows } = await tx.query<R>(read, [skus, locationIds]);
  return new Map(rows.map((row) => [positionKey(row.sku, row.location_id), row]));
}

/** Writes changed positions back (each gets a new change sequence number for `changedSince` readers). */
export async function writePositions(tx: SqlExecutor, rows: readonly PositionRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <K extends keyof PositionRow>(name: K): PositionRow[K][] => rows.map((row) => row[name]);
  await tx.query(
    `update stock_positions p set
       on_hand = v.on_hand, committed = v.committed, reserved = v.reserved, incoming = v.incoming,
       safety_stock = v.safety_stock, damaged = v.damaged,
       on_hand_base = v.on_hand_base, on_hand_base_net = v.on_hand_base_net, incoming_base = v.incoming_base,
       safety_stock_base = v.safety_stock_base, damaged_base = v.damaged_base,
       as_of = v.as_of, updated_at = now(), change_seq = nextval('stock_change_seq')
     from unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::int[], $6::int[], $7::int[], $8::int[],
                 $9::text[], $10::bool[], $11::text[], $12::text[], $13::text[], $14::timestamptz[])
       as v(sku, location_id, on_hand, committed, reserved, incoming, safety_stock, damaged,
            on_hand_base, on_hand_base_net, incoming_base, safety_stock_base, damaged_base, as_of)
     where p.sku = v.sku and p.location_id = v.location_id`,
    [
      column('sku'),
      column('location_id'),
      column('on_hand'),
      column('committed'),
      column('reserved'),
      column('incoming'),
      column('safety_stock'),
      column('damaged'),
      column('on_hand_base'),
      column('on_hand_base_net'),
      column('incoming_base'),
      column('safety_stock_base'),
      column('damaged_base'),
      rows.map((row) => iso(row.as_of)),
    ],
  );
}

/** Positions of one SKU, by location id. */
export async function positionsOfSku(executor: SqlExecutor, sku: string): Promise<StockPosition[]> {
  const { rows } = await executor.query<PositionRow>(`select ${POSITION_COLUMNS} from stock_positions where sku = $1 order by location_id`, [sku]);
  return rows.map(positionOf);
}

/** Filters and page of {@link listPositions}. */
export interface PositionQuery {
  locationId?: string | undefined;
  /** Only positions changed at or after this time. */
  changedSince?: string | undefined;
  limit: number;
  /** Change sequence number after which to continue (from the previous page). */
  after?: number | undefined;
}

/** A page of positions in change order, with where the next page starts. */
export interface PositionPage {
  items: (StockPosition & { changeSeq: number })[];
  nextAfter: number | undefined;
}

/**
 * Positions in the order they last changed (a change moves a position to the end), so that a
 * reader following pages sees every change at least once.
 */
export async function listPositions(executor: SqlExecutor, query: PositionQuery): Promise<PositionPage> {
  const { rows } = await executor.query<PositionRow>(
    `select ${POSITION_COLUMNS} from stock_positions
     where ($1::text is null or location_id = $1) and ($2::timestamptz is null or updated_at >= $2) and change_seq > $3
     order by change_seq limit $4`,
    [query.locationId ?? null, query.changedSince ?? null, query.after ?? 0, query.limit + 1],
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({ ...positionOf(row), changeSeq: row.change_seq })),
    nextAfter: rows.length > query.limit && last !== undefined ? last.change_seq : undefined,
  };
}
