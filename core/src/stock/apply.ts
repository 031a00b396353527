import { prepared } from '../store/prepared.ts';
import type { SqlExecutor } from '../store/store.ts';
import type { LedgerEntry } from './ledger-entry.ts';
import { countedBucket, LEDGER_INSERT_SQL, ledgerInput, type InsertedMovement } from './ledger-insert.ts';
import { compareKeys } from './order-key.ts';
import { lockPositions, positionKey, writePositions, type PositionRow } from './positions.ts';
import { lockPublishedSql, type PublishedRow } from './publish.ts';
import { COUNTABLE_BUCKETS, type CountableBucket, type PositionBucket, type StockMovement } from './types.ts';

/** A movement just written to the ledger, as the position update needs it. */
export interface LedgerRow {
  movementId: string;
  sku: string;
  locationId: string;
  /** The bucket it counts in (a reported `available` counts in onHand). */
  bucket: PositionBucket;
  mode: StockMovement['mode'];
  quantity: number;
  orderKey: string;
  /** An absolute on-hand quantity net of the source's open orders. */
  net: boolean;
  occurredAt: string;
  reason: StockMovement['reason'];
  orderId: string | undefined;
  lineId: string | undefined;
  provisional: boolean;
}

/** Position columns of each countable bucket: its value and the key of the count it was set from. */
const COUNTED: Record<CountableBucket, { value: 'on_hand' | 'incoming' | 'safety_stock' | 'damaged'; base: 'on_hand_base' | 'incoming_base' | 'safety_stock_base' | 'damaged_base' }> = {
  onHand: { value: 'on_hand', base: 'on_hand_base' },
  incoming: { value: 'incoming', base: 'incoming_base' },
  safetyStock: { value: 'safety_stock', base: 'safety_stock_base' },
  damaged: { value: 'damaged', base: 'damaged_base' },
};

/** Reasons with which a location's own system reports that units left with an order line. */
const SALE_REASONS: ReadonlySet<string> = new Set(['sale', 'fulfillment']);

/** A bucket whose value is rebuilt from the ledger because a newer count arrived. */
interface Recount {
  key: string;
  bucket: CountableBucket;
  base: string;
  quantity: number;
  net: boolean;
  after: number;
  held: number;
}

interface VoidedRow extends Record<string, unknown> {
  sku: string;
  location_id: string;
  quantity: number;
  order_key: string;
}

const after = (key: string, base: string | null): boolean => base === null || compareKeys(key, base) > 0;

/**
 * Applies movements just written to the ledger to their positions, which it locks first.
 *
 * For each countable bucket the rule is IBM Sterling's inventory sync: the newest count (by ordering
 * key) sets the bucket as of its time T; deltas after T are added on top; deltas before T are
 * already in the count. A count from a source whose quantities are net of its open orders also adds
 * back the hub's commitments made before T (they are in the source's figure already; subtracting
 * them again is the classic double deduction). committed and reserved are plain sums of deltas.
 *
 * The update is incremental: a delta is added when it is newer than the bucket's count; a newer
 * count rebuilds the bucket from the ledger under the position lock. Positions that receive only
 * such deltas take one statement for the whole batch ({@link addDeltas}). Because every movement is
 * applied exactly once against a locked position and the rule is a function of the set of
 * movements, the result does not depend on the order or the grouping of arrivals.
 *
 * A sale or fulfillment reported by the location's system for an order line supersedes the hub's
 * provisional on-hand decrement for the same line (made when the reservation was consumed), so the
 * units leave on-hand once, whichever of the two arrives first.
 *
 * `done` is the fast path's result when {@link insertAndAddDeltas} already took it.
 */
export async function applyToPositions(tx: SqlExecutor, all: readonly LedgerRow[], options: ApplyOptions = {}, done?: DeltasDone): Promise<ApplyResult> {
  if (all.length === 0) return {};
  const { done: fast, published } = done ?? (await addDeltas(tx, all, options.lockPublished === true));
  const rows = fast.size === 0 ? all : all.filter((row) => !fast.has(positionKey(row.sku, row.locationId)));
  if (rows.length === 0) return { published };
  const positions = await lockPositions(tx, rows);
  // Provisional decrements whose order line the location already reported never count.
  const superseded = await voidReported(tx, rows);
  const counted = rows.filter((row) => !superseded.has(row.movementId));
  const byKey = new Map<string, LedgerRow[]>();
  for (const row of counted) {
    const key = positionKey(row.sku, row.locationId);
    const list = byKey.get(key);
    if (list === undefined) byKey.set(key, [row]);
    else list.push(row);
  }

  const voided = await voidProvisional(tx, counted);

  const recounts: Recount[] = [];
  for (const [key, list] of byKey) {
    const position = positions.get(key);
    if (position === undefined) throw new Error(`position ${key} was not locked`);
    for (const bucket of COUNTABLE_BUCKETS) {
      let newest: LedgerRow | undefined;
      for (const row of list) {
        if (row.mode === 'absolute' && row.bucket === bucket && (newest === undefined || compareKeys(row.orderKey, newest.orderKey) > 0)) newest = row;
      }
      if (newest !== undefined && after(newest.orderKey, position[COUNTED[bucket].base])) {
        recounts.push({ key, bucket, base: newest.orderKey, quantity: newest.quantity, net: bucket === 'onHand' && newest.net, after: 0, held: 0 });
      }
    }
  }
  await sumLedger(tx, recounts, positions);

  const changed: PositionRow[] = [];
  for (const [key, list] of byKey) {
    const position = positions.get(key);
    if (position === undefined) continue;
    const next: PositionRow = { ...position };
    for (const bucket of COUNTABLE_BUCKETS) {
      const { value, base } = COUNTED[bucket];
      const recount = recounts.find((r) => r.key === key && r.bucket === bucket);
      if (recount !== undefined) {
        next[value] = recount.quantity + recount.after + recount.held;
        next[base] = recount.base;
        if (bucket === 'onHand') next.on_hand_base_net = recount.net;
        continue;
      }
      const currentBase = position[base];
      let total = next[value];
      for (const row of list) if (row.mode === 'delta' && row.bucket === bucket && after(row.orderKey, currentBase)) total += row.quantity;
      if (bucket === 'onHand') {
        // Commitments from before a net count are inside the source's figure: on-hand carries them.
        if (position.on_hand_base_net && currentBase !== null) {
          for (const row of list) if (row.mode === 'delta' && row.bucket === 'committed' && !after(row.orderKey, currentBase)) total += row.quantity;
        }
        for (const row of voided.get(key) ?? []) if (after(row.order_key, currentBase)) total -= row.quantity;
      }
      next[value] = total;
    }
    for (const row of list) {
      if (row.mode !== 'delta') continue;
      if (row.bucket === 'committed') next.committed += row.quantity;
      if (row.bucket === 'reserved') next.reserved += row.quantity;
    }
    const latest = list.reduce((max, row) => (row.occurredAt > max ? row.occurredAt : max), '');
    // Normalized times carry nine fractional digits; as_of keeps milliseconds.
    const latestMs = Date.parse(latest.replace(/(\.\d{3})\d*Z$/, '$1Z'));
    if (next.as_of === null || latestMs > new Date(next.as_of).getTime()) next.as_of = new Date(latestMs).toISOString();
    changed.push(next);
  }
  await writePositions(tx, changed);
  return {};
}

/** Options of {@link applyToPositions}. */
export interface ApplyOptions {
  /**
   * Also lock the published rows of the movements' SKUs (every channel), as the publication that
   * follows would, when that can be done in the fast path's statement: every position took the
   * fast path, so no position is locked or inserted after them and the lock order holds.
   */
  lockPublished?: boolean | undefined;
}

/** What {@link applyToPositions} did beyond the positions. */
export interface ApplyResult {
  /** The SKUs' published rows, locked, when asked for and done (see {@link ApplyOptions}). */
  published?: PublishedRow[] | undefined;
}

/** Whether a row can only add to its buckets: a delta that supersedes nothing and is superseded by nothing. */
function plainDelta(row: LedgerRow): boolean {
  return row.mode === 'delta' && !row.provisional && !(row.bucket === 'onHand' && SALE_REASONS.has(row.reason) && row.orderId !== undefined && row.lineId !== undefined);
}

/**
 * The statement of {@link addDeltas}: positions ($15, $16) locked in key order, the sums ($1-$14)
 * added to those whose counts are older; with `withPublished`, also the SKUs' published rows locked
 * when every one of the $17 positions was done. With `ledger`, the ledger insert comes first (its
 * JSON rows as $1, their count as $2, the other parameters numbered two higher) and the positions
 * are touched only when it wrote every row: a movement seen before must not count again.
 */
function addDeltasSql(withPublished: boolean, ledger: boolean): string {
  const at = (n: number): string => `$${n + (ledger ? 2 : 0)}`;
  return `with ${ledger ? `inserted as (${LEDGER_INSERT_SQL}),\n   ` : ''}locked as materialized (
     select p.sku, p.location_id from stock_positions p
     join unnest(${at(15)}::text[], ${at(16)}::text[]) as k(sku, location_id) on p.sku = k.sku and p.location_id = k.location_id${
       ledger ? '\n     where (select count(*) from inserted) = $2' : ''
     }
     order by p.sku collate "C", p.location_id collate "C" for update of p),
   updated as (update stock_positions p set
     on_hand = p.on_hand + v.on_hand, committed = p.committed + v.committed, reserved = p.reserved + v.reserved,
     incoming = p.incoming + v.incoming, safety_stock = p.safety_stock + v.safety_stock, damaged = p.damaged + v.damaged,
     as_of = greatest(p.as_of, v.as_of), updated_at = now(), change_seq = nextval('stock_change_seq')
   from unnest(${at(1)}::text[], ${at(2)}::text[], ${at(3)}::int[], ${at(4)}::int[], ${at(5)}::int[], ${at(6)}::int[], ${at(7)}::int[], ${at(8)}::int[],
               ${at(9)}::text[], ${at(10)}::text[], ${at(11)}::text[], ${at(12)}::text[], ${at(13)}::bool[], ${at(14)}::timestamptz[])
     as v(sku, location_id, on_hand, committed, reserved, incoming, safety_stock, damaged,
          min_on_hand, min_incoming, min_safety_stock, min_damaged, has_committed, as_of)
   join locked l on l.sku = v.sku and l.location_id = v.location_id
   where p.sku = v.sku and p.location_id = v.location_id
     and (v.min_on_hand is null or p.on_hand_base is null or p.on_hand_base < v.min_on_hand collate "C")
     and (v.min_incoming is null or p.incoming_base is null or p.incoming_base < v.min_incoming collate "C")
     and (v.min_safety_stock is null or p.safety_stock_base is null or p.safety_stock_base < v.min_safety_stock collate "C")
     and (v.min_damaged is null or p.damaged_base is null or p.damaged_base < v.min_damaged collate "C")
     and not (v.has_committed and p.on_hand_base_net)
   returning p.sku, p.location_id)${
     withPublished
       ? `,
   published as (${lockPublishedSql(at(15), 'null', `(select count(*) from updated) = ${at(17)}`)})`
       : ''
   }
   select (select coalesce(json_agg(json_build_array(sku, location_id)), '[]') from updated) as done,
     ${withPublished ? `(select coalesce(json_agg(json_build_object('channel_id', channel_id, 'sku', sku, 'available', available, 'pooled', pooled, 'version', version)), '[]') from published)` : 'null'} as published${
       ledger ? `,\n     (select coalesce(json_agg(json_build_array(movement_id, bucket, net)), '[]') from inserted) as inserted` : ''
     }`;
}

/** The variants of {@link addDeltasSql}, prepared. */
const ADD_DELTAS = {
  plain: prepared(addDeltasSql(false, false)),
  withPublished: prepared(addDeltasSql(true, false)),
};

/** The variants of {@link addDeltasSql} that insert into the ledger first, prepared. */
const INSERT_AND_ADD_DELTAS = {
  plain: prepared(addDeltasSql(false, true)),
  withPublished: prepared(addDeltasSql(true, true)),
};

/** The variant of {@link addDeltasSql} a plan runs, with or without the ledger insert. */
const deltaStatement = (plan: DeltaPlan, ledger: boolean): string => (ledger ? INSERT_AND_ADD_DELTAS : ADD_DELTAS)[plan.withPublished ? 'withPublished' : 'plain'];

/** The ledger insert alone, prepared. */
const LEDGER_INSERT = prepared(LEDGER_INSERT_SQL);

/** What {@link addDeltas} did: the positions done and, when asked and possible, the published rows locked. */
export interface DeltasDone {
  done: Set<string>;
  published?: PublishedRow[] | undefined;
}

/** The fast path's statement for a batch: its variant, its parameters, and how many positions it may do. */
interface DeltaPlan {
  withPublished: boolean;
  positions: number;
  params: unknown[];
}

/** What the fast path's statement answers. */
interface DeltaAnswer extends Record<string, unknown> {
  done: [string, string][];
  published: PublishedRow[] | null;
}

/** The fast path's statement for these rows, or undefined when no position can take it (see {@link addDeltas}). */
function planDeltas(rows: readonly LedgerRow[], lockPublished: boolean): DeltaPlan | undefined {
  const groups = new Map<string, LedgerRow[]>();
  const excluded = new Set<string>();
  const all = [...new Map(rows.map((row) => [positionKey(row.sku, row.locationId), row])).values()];
  for (const row of rows) {
    const key = positionKey(row.sku, row.locationId);
    if (!plainDelta(row)) excluded.add(key);
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [row]);
    else list.push(row);
  }
  for (const key of excluded) groups.delete(key);
  if (groups.size === 0) return undefined;
  const lists = [...groups.values()];
  const sum = (list: LedgerRow[], bucket: string): number => list.reduce((total, row) => total + (row.bucket === bucket ? row.quantity : 0), 0);
  const minKey = (list: LedgerRow[], bucket: string): string | null =>
    list.reduce<string | null>((min, row) => (row.bucket === bucket && (min === null || compareKeys(row.orderKey, min) < 0) ? row.orderKey : min), null);
  const latest = (list: LedgerRow[]): string => {
    const max = list.reduce((m, row) => (row.occurredAt > m ? row.occurredAt : m), '');
    return new Date(Date.parse(max.replace(/(\.\d{3})\d*Z$/, '$1Z'))).toISOString();
  };
  // Every existing position of the batch is locked here, in key order, not only these: the general
  // path then only adds new positions (inserted in key order), so two batches never lock crosswise.
  // The published rows are locked after them, and only once every position of the batch is done
  // here (the gate runs as an init plan, after the update): no position lock can follow them.
  const withPublished = lockPublished && excluded.size === 0;
  return {
    withPublished,
    positions: groups.size,
    params: [
      lists.map((list) => list[0]?.sku),
      lists.map((list) => list[0]?.locationId),
      lists.map((list) => sum(list, 'onHand')),
      lists.map((list) => sum(list, 'committed')),
      lists.map((list) => sum(list, 'reserved')),
      lists.map((list) => sum(list, 'incoming')),
      lists.map((list) => sum(list, 'safetyStock')),
      lists.map((list) => sum(list, 'damaged')),
      lists.map((list) => minKey(list, 'onHand')),
      lists.map((list) => minKey(list, 'incoming')),
      lists.map((list) => minKey(list, 'safetyStock')),
      lists.map((list) => minKey(list, 'damaged')),
      lists.map((list) => list.some((row) => row.bucket === 'committed')),
      lists.map(latest),
      all.map((row) => row.sku),
      all.map((row) => row.locationId),
      ...(withPublished ? [groups.size] : []),
    ],
  };
}

/** Reads the fast path's answer. */
function deltasDone(plan: DeltaPlan, answer: DeltaAnswer | undefined): DeltasDone {
  const done = new Set((answer?.done ?? []).map(([sku, locationId]) => positionKey(sku, locationId)));
  // Locked only when every position was done here; otherwise the publication locks them itself.
  return plan.withPublished && done.size === plan.positions ? { done, published: answer?.published ?? [] } : { done };
}

/**
 * The common case in one statement: positions that exist and receive only plain deltas, all newer
 * than their buckets' counts, get the sums added (positions locked in key order first). Returns the
 * positions done; the others go through the general path.
 */
async function addDeltas(tx: SqlExecutor, rows: readonly LedgerRow[], lockPublished: boolean): Promise<DeltasDone> {
  const plan = planDeltas(rows, lockPublished);
  if (plan === undefined) return { done: new Set() };
  const { rows: answer } = await tx.query<DeltaAnswer>(deltaStatement(plan, false), plan.params);
  return deltasDone(plan, answer[0]);
}

/**
 * Writes movements new to the ledger (`entries`, one per movement id) and, in the same statement,
 * takes the fast path of {@link applyToPositions} for them as if every one were new: the positions
 * are touched only if that holds. Returns the movements written and, when they were all of them,
 * what the fast path did, for {@link applyToPositions}; otherwise the positions are untouched.
 */
export async function insertAndAddDeltas(
  tx: SqlExecutor,
  entries: readonly LedgerEntry[],
  lockPublished: boolean,
): Promise<{ inserted: InsertedMovement[]; fast?: DeltasDone | undefined }> {
  const input = ledgerInput(entries);
  // Net counts are absolute movements, which the fast path leaves to the general one.
  const plan = planDeltas(
    entries.map((entry) => ledgerRow(entry, countedBucket(entry), false)),
    lockPublished,
  );
  if (plan === undefined) {
    const { rows } = await tx.query<InsertedMovement>(LEDGER_INSERT, [input]);
    // Every one written: the rows are those planned, and no position can take the fast path.
    return rows.length === entries.length ? { inserted: rows, fast: { done: new Set() } } : { inserted: rows };
  }
  const { rows } = await tx.query<DeltaAnswer & { inserted: [string, PositionBucket, boolean][] }>(deltaStatement(plan, true), [input, entries.length, ...plan.params]);
  const inserted = (rows[0]?.inserted ?? []).map(([movement_id, bucket, net]) => ({ movement_id, bucket, net }));
  return inserted.length === entries.length ? { inserted, fast: deltasDone(plan, rows[0]) } : { inserted };
}

/** A ledger entry as the position update needs it, with the bucket and net flag the ledger gave it. */
export function ledgerRow(entry: LedgerEntry, bucket: PositionBucket, net: boolean): LedgerRow {
  return {
    movementId: entry.movementId,
    sku: entry.sku,
    locationId: entry.locationId,
    bucket,
    mode: entry.mode,
    quantity: entry.quantity,
    orderKey: entry.orderKey,
    net,
    occurredAt: entry.occurredAt,
    reason: entry.reason,
    orderId: entry.orderId,
    lineId: entry.lineId,
    provisional: entry.provisional,
  };
}

/** Voids new provisional decrements whose order line's sale or fulfillment is already in the ledger; returns their ids. */
async function voidReported(tx: SqlExecutor, rows: readonly LedgerRow[]): Promise<Set<string>> {
  const provisional = rows.filter((row) => row.provisional);
  if (provisional.length === 0) return new Set();
  const { rows: found } = await tx.query<{ movement_id: string }>(
    `update stock_movements p set void = true
     where p.movement_id = any($1::text[]) and exists (
       select 1 from stock_movements s where s.sku = p.sku and s.location_id = p.location_id and s.order_id = p.order_id
         and s.line_id = p.line_id and not s.provisional and s.mode = 'delta' and s.bucket = 'onHand' and s.reason in ('sale', 'fulfillment'))
     returning p.movement_id`,
    [provisional.map((row) => row.movementId)],
  );
  return new Set(found.map((row) => row.movement_id));
}

/**
 * Voids the hub's provisional on-hand decrements superseded by a sale or fulfillment the location's
 * system reported for the same order line; returns them by position (their effect is undone).
 */
async function voidProvisional(tx: SqlExecutor, rows: readonly LedgerRow[]): Promise<Map<string, VoidedRow[]>> {
  const reports = rows.filter((row) => !row.provisional && row.mode === 'delta' && row.bucket === 'onHand' && SALE_REASONS.has(row.reason) && row.orderId !== undefined && row.lineId !== undefined);
  const voided = new Map<string, VoidedRow[]>();
  if (reports.length === 0) return voided;
  const { rows: found } = await tx.query<VoidedRow>(
    `update stock_movements m set void = true
     from unnest($1::text[], $2::text[], $3::text[], $4::text[]) as r(sku, location_id, order_id, line_id)
     where m.sku = r.sku and m.location_id = r.location_id and m.order_id = r.order_id and m.line_id = r.line_id
       and m.provisional and not m.void
     returning m.sku, m.location_id, m.quantity, m.order_key`,
    [reports.map((r) => r.sku), reports.map((r) => r.locationId), reports.map((r) => r.orderId), reports.map((r) => r.lineId)],
  );
  for (const row of found) {
    const key = positionKey(row.sku, row.location_id);
    const list = voided.get(key);
    if (list === undefined) voided.set(key, [row]);
    else list.push(row);
  }
  return voided;
}

/** Fills each recount with the ledger's deltas after its count and, for a net count, the commitments before it. */
async function sumLedger(tx: SqlExecutor, recounts: Recount[], positions: Map<string, PositionRow>): Promise<void> {
  if (recounts.length === 0) return;
  const skus: string[] = [];
  const locations: string[] = [];
  for (const recount of recounts) {
    const position = positions.get(recount.key);
    if (position === undefined) throw new Error(`position ${recount.key} was not locked`);
    skus.push(position.sku);
    locations.push(position.location_id);
  }
  const { rows } = await tx.query<{ n: number; after: number; held: number }>(
    `select r.n::int as n,
            coalesce(sum(m.quantity) filter (where m.bucket = r.bucket and m.order_key > r.base collate "C"), 0)::int as after,
            coalesce(sum(m.quantity) filter (where r.net and m.bucket = 'committed' and m.order_key <= r.base collate "C"), 0)::int as held
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bool[]) with ordinality as r(sku, location_id, bucket, base, net, n)
     left join stock_movements m on m.sku = r.sku and m.location_id = r.location_id and m.mode = 'delta' and not m.void
       and (m.bucket = r.bucket or (r.net and m.bucket = 'committed'))
     group by r.n`,
    [skus, locations, recounts.map((r) => r.bucket), recounts.map((r) => r.base), recounts.map((r) => r.net)],
  );
  for (const row of rows) {
    const recount = recounts[row.n - 1];
    if (recount === undefined) continue;
    recount.after = row.after;
    recount.held = row.held;
  }
}
