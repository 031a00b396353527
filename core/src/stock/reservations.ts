import { randomUUID } from 'node:crypto';
import { HubError } from '../errors/hub-error.ts';
import type { SqlExecutor, Store } from '../store/store.ts';
import { recordMovements } from './ledger.ts';
import { toLedgerEntry, type LedgerEntry } from './ledger-entry.ts';
import { availableOf, lockPositions, lockPositionsWithAllowance, positionKey } from './positions.ts';
import { publishAvailability, type PublishCause, type PublishedChange } from './publish.ts';
import type { StockMovement } from './types.ts';

/** A reservation: units of a SKU at a location held for one order line. */
export interface Reservation {
  orderId: string;
  lineId: string;
  locationId: string;
  sku: string;
  /** Units still held. */
  quantity: number;
  /** Units first reserved. */
  reservedQuantity: number;
  /** `order`: committed to an order; `hold`: a cart or agent hold that expires. */
  kind: 'order' | 'hold';
  status: 'active' | 'released' | 'consumed' | 'expired';
  expiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** What {@link reserve} asks for. */
export interface ReserveRequest {
  orderId: string;
  lineId: string;
  sku: string;
  locationId: string;
  /** Units to hold, 1 or more. */
  quantity: number;
  /** Makes it a hold (Shopify's `reserved` bucket) released by the sweeper at this time; without it the units are committed. */
  expiresAt?: string | Date | undefined;
}

/** Outcome of {@link reserve}. */
export type ReserveResult =
  | { ok: true; reservation: Reservation; duplicate: boolean; published: PublishedChange[] }
  | { ok: false; reason: 'insufficient-stock'; requested: number; promisable: number }
  | { ok: false; reason: 'conflict'; reservation: Reservation };

/** Which reservation {@link release} or {@link consume} acts on, and how much of it (all that is left by default). */
export interface ReservationRef {
  orderId: string;
  lineId: string;
  locationId: string;
  quantity?: number | undefined;
}

/** Outcome of {@link release} and {@link consume}: how many units it took, and the reservation after. */
export interface SettleResult {
  quantity: number;
  reservation: Reservation | undefined;
  published: PublishedChange[];
}

/** Availability of a SKU at one location. */
export interface LocationAvailability {
  locationId: string;
  onHand: number;
  /** onHand − committed − reserved − safetyStock − damaged; negative when oversold. */
  available: number;
  /** Most units {@link reserve} would hold here now (available plus the SKU's backorder allowance, from zero). */
  promisable: number;
}

/** Available to promise of a SKU over some locations. */
export interface AvailableToPromise {
  sku: string;
  /** Units the SKU may go below zero at a location (its backorder policy; 0 without one). */
  backorderUnits: number;
  /** Sum of the locations' available counted from zero. */
  total: number;
  locations: LocationAvailability[];
}

/** Options shared by the reservation calls. */
export interface ReservationOptions {
  /** Envelope ids of the availability events this change publishes (the causing order's). */
  cause?: PublishCause | undefined;
  /** Time of the change (default now); tests pass their own clock. */
  now?: Date | undefined;
}

interface ReservationRow extends Record<string, unknown> {
  order_id: string;
  line_id: string;
  location_id: string;
  sku: string;
  quantity: number;
  reserved_quantity: number;
  bucket: 'committed' | 'reserved';
  status: Reservation['status'];
  expires_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const RESERVATION_COLUMNS = 'order_id, line_id, location_id, sku, quantity, reserved_quantity, bucket, status, expires_at, created_at, updated_at';

function reservationOf(row: ReservationRow): Reservation {
  return {
    orderId: row.order_id,
    lineId: row.line_id,
    locationId: row.location_id,
    sku: row.sku,
    quantity: row.quantity,
    reservedQuantity: row.reserved_quantity,
    kind: row.bucket === 'reserved' ? 'hold' : 'order',
    status: row.status,
    expiresAt: row.expires_at === null ? null : new Date(row.expires_at).toISOString(),
    createdAt: new Date(row.created_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}

/** A movement the hub itself records for a reservation change. */
function hubMovement(fields: Pick<StockMovement, 'sku' | 'locationId' | 'quantity' | 'reason' | 'bucket'> & { orderId: string; lineId: string; at: Date }, provisional = false): LedgerEntry {
  return toLedgerEntry(
    {
      movementId: `omnihub-${fields.reason}-${randomUUID()}`,
      sku: fields.sku,
      locationId: fields.locationId,
      mode: 'delta',
      ...(fields.bucket === undefined ? {} : { bucket: fields.bucket }),
      quantity: fields.quantity,
      reason: fields.reason,
      sourceSystem: 'omnihub',
      occurredAt: fields.at.toISOString(),
      reference: { orderId: fields.orderId, lineId: fields.lineId },
    },
    { provisional },
  );
}

async function backorderUnits(tx: SqlExecutor, sku: string): Promise<number> {
  const { rows } = await tx.query<{ units: number }>('select units from stock_backorder_limits where sku = $1', [sku]);
  return rows[0]?.units ?? 0;
}

function checkQuantity(quantity: number | undefined, field: string): void {
  if (quantity !== undefined && (!Number.isInteger(quantity) || quantity < 1)) {
    throw new HubError('validation-failed', { detail: `${field} must be a whole number of units, 1 or more`, errors: [{ path: `/${field}`, message: 'must be an integer >= 1', keyword: 'minimum' }] });
  }
}

/**
 * Available to promise of `sku` at each of `locationIds` (in that order; a location without stock
 * shows zeros), read in the caller's transaction without locking: a later {@link reserve} is what
 * guarantees the units.
 *
 * @example
 * const atp = await availableToPromise(tx, 'TSH-ORG-NVY-M', ['store-berlin-alex', 'dc-hamburg']);
 * const best = atp.locations.find((l) => l.promisable >= 2);
 */
export async function availableToPromise(tx: SqlExecutor, sku: string, locationIds: readonly string[]): Promise<AvailableToPromise> {
  const { rows } = await tx.query<{ location_id: string; on_hand: number; committed: number; reserved: number; safety_stock: number; damaged: number }>(
    'select location_id, on_hand, committed, reserved, safety_stock, damaged from stock_positions where sku = $1 and location_id = any($2::text[])',
    [sku, [...locationIds]],
  );
  const backorder = await backorderUnits(tx, sku);
  const byLocation = new Map(rows.map((row) => [row.location_id, row]));
  const locations = locationIds.map((locationId) => {
    const row = byLocation.get(locationId);
    const available = row === undefined ? 0 : availableOf(row);
    return { locationId, onHand: row?.on_hand ?? 0, available, promisable: Math.max(0, available + backorder) };
  });
  return { sku, backorderUnits: backorder, total: locations.reduce((sum, l) => sum + Math.max(0, l.available), 0), locations };
}

/**
 * Reserves units of a SKU at a location for one order line, in the caller's transaction, and
 * publishes the channel availability it changes. The position is locked first, so concurrent
 * reservations of the same stock take turns, and one that would take available below zero (below
 * minus the SKU's backorder allowance) fails with `insufficient-stock` and changes nothing:
 * overselling is impossible whatever the number of processes.
 *
 * Idempotent per (orderId, lineId, locationId): reserving the same again returns the active
 * reservation (`duplicate`; a hold gets the new expiry); a different SKU or quantity for an active
 * one is a `conflict`. A released, consumed or expired reservation may be reserved again.
 *
 * Lock order: position, then reservation, then the SKU's published channel rows. A transaction
 * reserving several lines should reserve them in SKU order, so two orders never wait on each other
 * (or reserve them together with {@link reserveMany}).
 *
 * @example
 * const result = await reserve(tx, { orderId: 'ord-1', lineId: 'ln-1', sku: 'TSH-ORG-NVY-M', locationId: 'store-berlin-alex', quantity: 2 });
 * if (!result.ok) // route the line elsewhere
 */
export async function reserve(tx: SqlExecutor, request: ReserveRequest, options: ReservationOptions = {}): Promise<ReserveResult> {
  const [result] = await reserveMany(tx, [request], options);
  if (result === undefined) throw new Error('reservation was not stored');
  return result;
}

/** Key of a reservation row: order, line, location. */
function reservationKey(orderId: string, lineId: string, locationId: string): string {
  return JSON.stringify([orderId, lineId, locationId]);
}

/**
 * Reserves several order lines at once, all or nothing, with a fixed number of statements
 * whatever their count: every position locked, with its SKU's backorder allowance, in one
 * statement (in the lock order every path uses), the existing reservations read in one, the new reservations
 * written, recorded in the ledger and published together. Each request behaves as {@link reserve}
 * describes; requests on the same position count against its availability one after the other.
 * When any request is refused (`insufficient-stock` or `conflict`) nothing is written and the
 * results, one per request in order, say which; the others then read as they would have been.
 */
export async function reserveMany(tx: SqlExecutor, requests: readonly ReserveRequest[], options: ReservationOptions = {}): Promise<ReserveResult[]> {
  const now = options.now ?? new Date();
  const asked = requests.map((request) => {
    checkQuantity(request.quantity, 'quantity');
    const expiresAt = request.expiresAt === undefined ? undefined : new Date(request.expiresAt);
    if (expiresAt !== undefined && Number.isNaN(expiresAt.getTime())) {
      throw new HubError('validation-failed', { detail: 'expiresAt must be a time', errors: [{ path: '/expiresAt', message: 'must be a date-time', keyword: 'format' }] });
    }
    return { request, expiresAt, bucket: expiresAt === undefined ? ('committed' as const) : ('reserved' as const) };
  });
  if (asked.length === 0) return [];
  const positions = await lockPositionsWithAllowance(tx, requests);
  const orderIds = requests.map((r) => r.orderId);
  const { rows: existingRows } = await tx.query<ReservationRow>(
    // The order ids lead the primary key: an index scan over the batch's orders, not a join
    // the planner may answer by reading every reservation.
    `select ${RESERVATION_COLUMNS} from stock_reservations r
     where r.order_id = any($4::text[])
       and (r.order_id, r.line_id, r.location_id) in (select * from unnest($1::text[], $2::text[], $3::text[]))
     order by r.order_id, r.line_id, r.location_id for update of r`,
    [orderIds, requests.map((r) => r.lineId), requests.map((r) => r.locationId), [...new Set(orderIds)]],
  );
  const existing = new Map(existingRows.map((row) => [reservationKey(row.order_id, row.line_id, row.location_id), row]));
  const left = new Map<string, number>();
  // Undefined: a new reservation, filled in once written.
  const results: (ReserveResult | undefined)[] = [];
  const fresh: typeof asked = [];
  const extended: typeof asked = [];
  for (const item of asked) {
    const { request, expiresAt, bucket } = item;
    const found = existing.get(reservationKey(request.orderId, request.lineId, request.locationId));
    if (found !== undefined && found.status === 'active') {
      if (found.sku !== request.sku || found.quantity !== request.quantity || found.bucket !== bucket) {
        results.push({ ok: false, reason: 'conflict', reservation: reservationOf(found) });
      } else {
        results.push({ ok: true, reservation: reservationOf(found), duplicate: true, published: [] });
        if (expiresAt !== undefined) extended.push(item);
      }
      continue;
    }
    const key = positionKey(request.sku, request.locationId);
    const position = positions.get(key);
    if (position === undefined) throw new Error(`position ${request.sku} at ${request.locationId} was not locked`);
    const available = left.get(key) ?? availableOf(position);
    const units = position.backorder_units;
    if (available - request.quantity < -units) {
      results.push({ ok: false, reason: 'insufficient-stock', requested: request.quantity, promisable: Math.max(0, available + units) });
      continue;
    }
    left.set(key, available - request.quantity);
    fresh.push(item);
    results.push(undefined);
  }
  if (results.some((result) => result?.ok === false)) {
    // Nothing is written; the accepted ones read as they would have been.
    return results.map((result, index) => result ?? { ok: true, reservation: pendingReservation(asked[index], now), duplicate: false, published: [] });
  }
  for (const { request, expiresAt } of extended) {
    const { rows } = await tx.query<ReservationRow>(
      `update stock_reservations set expires_at = $4, updated_at = now() where order_id = $1 and line_id = $2 and location_id = $3 returning ${RESERVATION_COLUMNS}`,
      [request.orderId, request.lineId, request.locationId, expiresAt?.toISOString() ?? null],
    );
    const index = asked.findIndex((item) => item.request === request);
    if (rows[0] !== undefined) results[index] = { ok: true, reservation: reservationOf(rows[0]), duplicate: true, published: [] };
  }
  const { rows } = fresh.length === 0 ? { rows: [] } : await tx.query<ReservationRow>(
    `insert into stock_reservations (order_id, line_id, location_id, sku, quantity, reserved_quantity, bucket, status, expires_at)
     select order_id, line_id, location_id, sku, quantity, quantity, bucket, 'active', expires_at
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[], $7::timestamptz[]) as v(order_id, line_id, location_id, sku, quantity, bucket, expires_at)
     on conflict (order_id, line_id, location_id) do update set sku = excluded.sku, quantity = excluded.quantity,
       reserved_quantity = excluded.reserved_quantity, bucket = excluded.bucket, status = 'active', expires_at = excluded.expires_at,
       created_at = now(), updated_at = now()
     returning ${RESERVATION_COLUMNS}`,
    [
      fresh.map((f) => f.request.orderId),
      fresh.map((f) => f.request.lineId),
      fresh.map((f) => f.request.locationId),
      fresh.map((f) => f.request.sku),
      fresh.map((f) => f.request.quantity),
      fresh.map((f) => f.bucket),
      fresh.map((f) => f.expiresAt?.toISOString() ?? null),
    ],
  );
  const written = new Map(rows.map((row) => [reservationKey(row.order_id, row.line_id, row.location_id), row]));
  let published: PublishedChange[] = [];
  if (fresh.length > 0) {
    await recordMovements(tx, fresh.map(({ request, bucket }) => hubMovement({ ...request, bucket, reason: 'reservation', at: now })));
    published = await publishAvailability(tx, new Set(fresh.map((f) => f.request.sku)), { causeOf: () => options.cause });
  }
  return results.map((result, index) => {
    if (result !== undefined) return result;
    const request = requests[index];
    const row = request === undefined ? undefined : written.get(reservationKey(request.orderId, request.lineId, request.locationId));
    if (row === undefined) throw new Error('reservation was not stored');
    return { ok: true, reservation: reservationOf(row), duplicate: false, published: published.filter((change) => change.sku === row.sku) };
  });
}

/** How a reservation that was not written (its batch was refused) would have read. */
function pendingReservation(item: { request: ReserveRequest; expiresAt: Date | undefined; bucket: 'committed' | 'reserved' } | undefined, now: Date): Reservation {
  if (item === undefined) throw new Error('no such request');
  const { request, expiresAt, bucket } = item;
  const at = now.toISOString();
  return { orderId: request.orderId, lineId: request.lineId, locationId: request.locationId, sku: request.sku, quantity: request.quantity, reservedQuantity: request.quantity, kind: bucket === 'reserved' ? 'hold' : 'order', status: 'active', expiresAt: expiresAt?.toISOString() ?? null, createdAt: at, updatedAt: at };
}

/** Locks the position and the reservation of `ref`; undefined when there is no active reservation. */
async function lockActive(tx: SqlExecutor, ref: ReservationRef): Promise<ReservationRow | undefined> {
  const { rows: found } = await tx.query<{ sku: string }>('select sku from stock_reservations where order_id = $1 and line_id = $2 and location_id = $3', [
    ref.orderId,
    ref.lineId,
    ref.locationId,
  ]);
  const sku = found[0]?.sku;
  if (sku === undefined) return undefined;
  await lockPositions(tx, [{ sku, locationId: ref.locationId }]);
  const { rows } = await tx.query<ReservationRow>(
    `select ${RESERVATION_COLUMNS} from stock_reservations where order_id = $1 and line_id = $2 and location_id = $3 for update`,
    [ref.orderId, ref.lineId, ref.locationId],
  );
  const row = rows[0];
  return row?.status === 'active' && row.sku === sku ? row : undefined;
}

async function settle(tx: SqlExecutor, row: ReservationRow, quantity: number, status: Reservation['status']): Promise<Reservation> {
  const left = row.quantity - quantity;
  const { rows } = await tx.query<ReservationRow>(
    `update stock_reservations set quantity = $4, status = $5, updated_at = now() where order_id = $1 and line_id = $2 and location_id = $3 returning ${RESERVATION_COLUMNS}`,
    [row.order_id, row.line_id, row.location_id, left, left === 0 ? status : 'active'],
  );
  return reservationOf(rows[0] ?? row);
}

async function currentReservation(tx: SqlExecutor, ref: ReservationRef): Promise<Reservation | undefined> {
  const { rows } = await tx.query<ReservationRow>(`select ${RESERVATION_COLUMNS} from stock_reservations where order_id = $1 and line_id = $2 and location_id = $3`, [
    ref.orderId,
    ref.lineId,
    ref.locationId,
  ]);
  return rows[0] === undefined ? undefined : reservationOf(rows[0]);
}

/**
 * Gives back units of a reservation (all that is left by default) to available, in the caller's
 * transaction, and publishes the change. Releasing what is not active releases nothing (quantity 0):
 * safe to repeat.
 */
export async function release(tx: SqlExecutor, ref: ReservationRef, options: ReservationOptions = {}): Promise<SettleResult> {
  return releaseAs(tx, ref, 'released', options);
}

async function releaseAs(tx: SqlExecutor, ref: ReservationRef, status: 'released' | 'expired', options: ReservationOptions): Promise<SettleResult> {
  checkQuantity(ref.quantity, 'quantity');
  const row = await lockActive(tx, ref);
  if (row === undefined) return { quantity: 0, reservation: await currentReservation(tx, ref), published: [] };
  const quantity = Math.min(ref.quantity ?? row.quantity, row.quantity);
  await recordMovements(tx, [
    hubMovement({ sku: row.sku, locationId: row.location_id, bucket: row.bucket, quantity: -quantity, reason: 'reservation-release', orderId: row.order_id, lineId: row.line_id, at: options.now ?? new Date() }),
  ]);
  const reservation = await settle(tx, row, quantity, status);
  const published = await publishAvailability(tx, [row.sku], { causeOf: () => options.cause });
  return { quantity, reservation, published };
}

/**
 * Turns reserved units into a sale when they leave the location (all that is left by default), in
 * the caller's transaction: the commitment ends and on-hand goes down by the same units, so
 * available does not move. That on-hand decrement is provisional: when the location's own system
 * reports the sale or fulfillment of the same order line (a delta with `reference.orderId` and
 * `lineId`), its movement replaces the hub's, whichever comes first, so the units leave once. A
 * later count supersedes both anyway. Consuming what is not active consumes nothing (quantity 0).
 */
export async function consume(tx: SqlExecutor, ref: ReservationRef, options: ReservationOptions = {}): Promise<SettleResult> {
  checkQuantity(ref.quantity, 'quantity');
  const row = await lockActive(tx, ref);
  if (row === undefined) return { quantity: 0, reservation: await currentReservation(tx, ref), published: [] };
  const quantity = Math.min(ref.quantity ?? row.quantity, row.quantity);
  const at = options.now ?? new Date();
  const common = { sku: row.sku, locationId: row.location_id, orderId: row.order_id, lineId: row.line_id, at, reason: 'fulfillment' as const };
  // The on-hand decrement is provisional: the ledger voids it if the location reports the line itself.
  const entries = [hubMovement({ ...common, bucket: row.bucket, quantity: -quantity }), hubMovement({ ...common, bucket: 'onHand', quantity: -quantity }, true)];
  await recordMovements(tx, entries);
  const reservation = await settle(tx, row, quantity, 'consumed');
  const published = await publishAvailability(tx, [row.sku], { causeOf: () => options.cause });
  return { quantity, reservation, published };
}

/** Every reservation of an order (all statuses), by line and location. */
export async function reservationsOfOrder(executor: SqlExecutor, orderId: string): Promise<Reservation[]> {
  const { rows } = await executor.query<ReservationRow>(`select ${RESERVATION_COLUMNS} from stock_reservations where order_id = $1 order by line_id, location_id`, [orderId]);
  return rows.map(reservationOf);
}

/**
 * Releases holds whose expiry has passed (status `expired`), up to `limit` per call, each in its own
 * small transaction with its position locked first (the same lock order as {@link reserve}).
 * Several processes may sweep at once: a hold is released once. Returns how many were released.
 */
export async function releaseExpired(store: Store, options: { limit?: number; now?: Date } = {}): Promise<number> {
  const now = options.now ?? new Date();
  const { rows } = await store.query<{ order_id: string; line_id: string; location_id: string }>(
    `select order_id, line_id, location_id from stock_reservations
     where status = 'active' and expires_at is not null and expires_at <= $1 order by expires_at limit $2`,
    [now.toISOString(), options.limit ?? 200],
  );
  let released = 0;
  for (const row of rows) {
    const result = await store.transaction(async (tx) => {
      const locked = await lockActive(tx, { orderId: row.order_id, lineId: row.line_id, locationId: row.location_id });
      // Re-read under the lock: another sweeper, or a consume, may have settled it meanwhile.
      if (locked === undefined || locked.expires_at === null || new Date(locked.expires_at).getTime() > now.getTime()) return 0;
      return (await releaseAs(tx, { orderId: row.order_id, lineId: row.line_id, locationId: row.location_id }, 'expired', { now })).quantity;
    });
    if (result > 0) released += 1;
  }
  return released;
}

/**
 * Sets how far below zero reservations may take a SKU's available at a location (its backorder
 * policy); `null` removes the policy (never below zero).
 */
export async function setBackorderLimit(executor: SqlExecutor, sku: string, units: number | null): Promise<void> {
  if (units === null) {
    await executor.query('delete from stock_backorder_limits where sku = $1', [sku]);
    return;
  }
  if (!Number.isInteger(units) || units < 0) throw new HubError('validation-failed', { detail: 'backorder units must be a whole number, 0 or more', errors: [{ path: '/units', message: 'must be an integer >= 0', keyword: 'minimum' }] });
  await executor.query(
    'insert into stock_backorder_limits (sku, units) values ($1, $2) on conflict (sku) do update set units = excluded.units, updated_at = now()',
    [sku, units],
  );
}

/** The backorder allowance of a SKU (0 without a policy). */
export function backorderLimit(executor: SqlExecutor, sku: string): Promise<number> {
  return backorderUnits(executor, sku);
}
