import { HubError } from '../errors/hub-error.ts';
import { OrderCancelled } from '../events/catalog.ts';
import type { OrderCancelledV1 } from '../generated/schema-types.ts';
import { ReservationRefused } from '../routing/ports.ts';
import type { SqlExecutor, Store } from '../store/store.ts';
import type { OrderFlowDeps } from './dispatch.ts';
import type { Emit } from './emitter.ts';
import { orderFulfillments, updateFulfillment, type FulfillmentRecord } from './fulfillment-store.ts';
import { refreshStatus } from './order-progress.ts';
import { holdsReservation, type InternalStatus } from './order-status.ts';
import { addCancelledLines, lockOrder, recordStatus } from './order-store.ts';
import { releaseFulfillmentLoad } from './released-load.ts';
import { defineStep, runSteps, runStepsInTransaction, StepFailure, type Step } from './steps.ts';

/** Why an order is cancelled (the `order.cancelled` reasons). */
export type CancelReason = OrderCancelledV1['reason'];

/** What a cancellation runs with. */
export interface CancelContext {
  deps: OrderFlowDeps;
  orderId: string;
  reason: CancelReason;
  detail?: string | undefined;
  /** The emitter of the transaction a step runs in. */
  emitter: (tx: SqlExecutor) => Emit;
}

/** A reservation given back by a cancellation (enough to take it again). */
interface Released {
  lineId: string;
  sku: string;
  locationId: string;
  quantity: number;
}

/** Fulfillment statuses after which an order can no longer be cancelled (goods left or are packed). */
const PAST_CANCEL: ReadonlySet<FulfillmentRecord['status']> = new Set(['shipped', 'ready-for-pickup', 'picked-up']);

async function lockedOrder(tx: SqlExecutor, orderId: string) {
  const order = await lockOrder(tx, orderId);
  if (order === undefined) throw new HubError('not-found', { detail: `no order ${orderId}` });
  return order;
}

/** Checks the order can be cancelled: known, and nothing shipped or packed for pickup yet. */
export async function assertCancellable(tx: SqlExecutor, orderId: string): Promise<'cancellable' | 'cancelled'> {
  const order = await lockedOrder(tx, orderId);
  if (order.status === 'cancelled') return 'cancelled';
  if (order.status === 'cancelling') throw new HubError('conflict', { detail: `order ${orderId} is already being cancelled` });
  // A request that shipped some of its units counts as shipped: those units left.
  const past = (await orderFulfillments(tx, orderId)).filter((f) => PAST_CANCEL.has(f.status) || (f.shipments?.length ?? 0) > 0);
  if (past.length > 0) {
    const state = (f: FulfillmentRecord): string => (PAST_CANCEL.has(f.status) ? f.status : 'partly shipped');
    throw new HubError('conflict', { detail: `order ${orderId} cannot be cancelled: ${past.map((f) => `${f.locationId} is ${state(f)}`).join(', ')}; start a return instead` });
  }
  return 'cancellable';
}

/** 1. Holds the order in `cancelling`, so fulfillment updates wait. Undo: the status before. */
const holdOrder = defineStep<CancelContext, InternalStatus>({
  name: 'hold-order',
  invoke: async (tx, { orderId }) => {
    if ((await assertCancellable(tx, orderId)) === 'cancelled') throw new HubError('conflict', { detail: `order ${orderId} is already cancelled` });
    const { status } = await lockedOrder(tx, orderId);
    await recordStatus(tx, orderId, 'cancelling', 'cancel-requested');
    return status;
  },
  compensate: async (tx, { orderId }, previous) => {
    await recordStatus(tx, orderId, previous, 'cancel-failed', 'the cancellation failed and was undone');
  },
});

/** 2. Gives back every reservation the order holds. Undo: takes them again. */
const releaseReservations = defineStep<CancelContext, Released[]>({
  name: 'release-reservations',
  invoke: async (tx, { deps, orderId }) => {
    const released: Released[] = [];
    for (const f of (await orderFulfillments(tx, orderId)).filter(holdsReservation)) {
      for (const line of f.lines) {
        await deps.stock.release(tx, { orderId, lineId: line.lineId, locationId: f.locationId });
        released.push({ lineId: line.lineId, sku: line.sku, locationId: f.locationId, quantity: line.quantity });
      }
    }
    return released;
  },
  compensate: async (tx, { deps, orderId }, released) => {
    const lost: string[] = [];
    for (const r of released) {
      try {
        await deps.stock.reserve(tx, { orderId, ...r });
      } catch (error: unknown) {
        if (!(error instanceof ReservationRefused)) throw error;
        lost.push(`${r.quantity} × ${r.sku} at ${r.locationId}`);
      }
    }
    if (lost.length > 0) await recordStatus(tx, orderId, 'cancelling', 'reservation-lost', `could not reserve again: ${lost.join(', ')}`);
  },
});

/**
 * 3. Cancels the open fulfillment requests, giving their locations' daily capacity back. Undo:
 * their statuses before, counted again.
 */
const cancelFulfillments = defineStep<CancelContext, Pick<FulfillmentRecord, 'id' | 'status' | 'locationId' | 'requestedAt'>[]>({
  name: 'cancel-fulfillments',
  invoke: async (tx, { deps, orderId }) => {
    const open = (await orderFulfillments(tx, orderId)).filter(holdsReservation);
    for (const f of open) await updateFulfillment(tx, f.id, { status: 'cancelled' });
    await releaseFulfillmentLoad(tx, deps, open);
    return open.map((f) => ({ id: f.id, status: f.status, locationId: f.locationId, requestedAt: f.requestedAt }));
  },
  compensate: async (tx, { deps }, previous) => {
    for (const f of previous) await updateFulfillment(tx, f.id, { status: f.status });
    await releaseFulfillmentLoad(tx, deps, previous, true);
  },
});

/** 4. Closes the order as cancelled and tells every system (`order.cancelled`): locations drop their requests. */
const closeOrder = defineStep<CancelContext, undefined>({
  name: 'close-order',
  invoke: async (tx, { orderId, reason, detail, emitter }) => {
    await recordStatus(tx, orderId, 'cancelled', 'cancelled', detail === undefined ? reason : `${reason}: ${detail}`);
    await emitter(tx)(OrderCancelled, { orderId, reason, cancelledAt: new Date().toISOString(), ...(detail === undefined ? {} : { detail }) }, { subject: orderId, partitionKey: orderId });
    return undefined;
  },
});

/** The steps of a cancellation, in order; each undoes itself if a later one fails. */
export const CANCEL_STEPS: readonly Step<CancelContext>[] = [holdOrder, releaseReservations, cancelFulfillments, closeOrder];

/**
 * Cancels some lines of an order in the caller's transaction (a channel's `order.cancelled`
 * naming lines): their reservations are released and they leave the fulfillment requests; a
 * request left without lines is cancelled and no longer counts against its location's capacity.
 */
export async function cancelLines(tx: SqlExecutor, deps: OrderFlowDeps, orderId: string, lineIds: readonly string[], reason: CancelReason): Promise<void> {
  const wanted = new Set(lineIds);
  for (const f of (await orderFulfillments(tx, orderId)).filter(holdsReservation)) {
    const dropped = f.lines.filter((line) => wanted.has(line.lineId));
    if (dropped.length === 0) continue;
    for (const line of dropped) await deps.stock.release(tx, { orderId, lineId: line.lineId, locationId: f.locationId });
    const kept = f.lines.filter((line) => !wanted.has(line.lineId));
    await updateFulfillment(tx, f.id, kept.length === 0 ? { status: 'cancelled' } : { lines: kept });
    if (kept.length === 0) await releaseFulfillmentLoad(tx, deps, [f]);
  }
  await addCancelledLines(tx, orderId, lineIds);
  await refreshStatus(tx, orderId, 'lines-cancelled', `${lineIds.join(', ')} (${reason})`);
}

/** A cancellation asked through the API. */
export interface CancelRequest {
  orderId: string;
  reason: CancelReason;
  detail?: string | undefined;
}

/**
 * Cancels a whole order as compensating steps ({@link CANCEL_STEPS}), each in its own
 * transaction: hold the order, release its reservations, cancel its open fulfillment requests,
 * close it and emit `order.cancelled`. A failing step undoes the ones before it and its error is
 * thrown (a {@link HubError} as it was, so the API answers with its code). Cancelling a cancelled
 * order changes nothing.
 */
export async function cancelOrder(store: Store, deps: OrderFlowDeps, emitter: (tx: SqlExecutor) => Emit, request: CancelRequest, steps: readonly Step<CancelContext>[] = CANCEL_STEPS): Promise<'cancelled' | 'already-cancelled'> {
  if ((await store.transaction((tx) => assertCancellable(tx, request.orderId))) === 'cancelled') return 'already-cancelled';
  try {
    await runSteps(store, steps, { deps, emitter, ...request });
  } catch (error: unknown) {
    if (error instanceof StepFailure && error.cause instanceof HubError && error.compensationErrors.length === 0) throw error.cause;
    throw error;
  }
  return 'cancelled';
}

/**
 * Cancels a whole order inside the caller's transaction (a channel's `order.cancelled`): the same
 * steps, all-or-nothing by the transaction. An order already cancelled is left alone; one whose
 * goods already left is not cancelled, and its history says so.
 */
export async function cancelOrderInTransaction(tx: SqlExecutor, deps: OrderFlowDeps, emit: Emit, request: CancelRequest): Promise<'cancelled' | 'already-cancelled' | 'refused'> {
  try {
    if ((await assertCancellable(tx, request.orderId)) === 'cancelled') return 'already-cancelled';
  } catch (error: unknown) {
    if (!(error instanceof HubError) || error.code !== 'conflict') throw error;
    const order = await lockOrder(tx, request.orderId);
    if (order !== undefined) await recordStatus(tx, request.orderId, order.status, 'cancel-refused', error.message);
    return 'refused';
  }
  await runStepsInTransaction(tx, CANCEL_STEPS, { deps, emitter: () => emit, ...request });
  return 'cancelled';
}
