import { TransientFailure } from '@omnihub/connector-sdk';
import type { FulfillmentRejectedV1, ShipmentV1 } from '../generated/schema-types.ts';
import { HubError, type FieldError } from '../errors/hub-error.ts';
import type { SqlExecutor } from '../store/store.ts';
import { FulfillmentRejected } from '../events/catalog.ts';
import { routeAndDispatch, type OrderFlowDeps } from './dispatch.ts';
import type { Emit } from './emitter.ts';
import { canonicalFulfillment, getFulfillment, lockFulfillment, orderFulfillments, updateFulfillment, type FulfillmentRecord } from './fulfillment-store.ts';
import { refreshStatus } from './order-progress.ts';
import { holdsReservation, isActiveFulfillment } from './order-status.ts';
import { lockOrder, recordStatus, updateRouting, type OrderRecord } from './order-store.ts';
import { releaseFulfillmentLoad } from './released-load.ts';

/** What a fulfillment update did: applied, or ignored (unknown, late or repeated). */
export type UpdateOutcome = 'applied' | 'ignored';

/**
 * Locks the order, then the fulfillment (always in this order, so concurrent updates of one order
 * never deadlock). Undefined when either is unknown to the hub or the order is cancelled; a
 * cancellation in progress makes the update wait (retried later).
 */
async function lockBoth(tx: SqlExecutor, fulfillmentId: string): Promise<{ order: OrderRecord; fulfillment: FulfillmentRecord } | undefined> {
  const known = await getFulfillment(tx, fulfillmentId);
  if (known === undefined) return undefined;
  const order = await lockOrder(tx, known.orderId);
  if (order === undefined || order.status === 'cancelled') return undefined;
  if (order.status === 'cancelling') throw new TransientFailure(`order ${order.order.id} is being cancelled; fulfillment ${fulfillmentId} is updated once that ends`, { code: 'order.cancelling' });
  const fulfillment = await lockFulfillment(tx, fulfillmentId);
  return fulfillment === undefined ? undefined : { order, fulfillment };
}

/** A location accepted its request. */
export async function applyAccepted(tx: SqlExecutor, fulfillmentId: string): Promise<UpdateOutcome> {
  const locked = await lockBoth(tx, fulfillmentId);
  if (locked === undefined || locked.fulfillment.status !== 'requested') return 'ignored';
  await updateFulfillment(tx, fulfillmentId, { status: 'accepted' });
  await refreshStatus(tx, locked.order.order.id, 'fulfillment-accepted', `${locked.fulfillment.locationId} accepted ${fulfillmentId}`);
  return 'applied';
}

/** Units of line `lineId` the parcels carry. */
function unitsShipped(shipments: readonly ShipmentV1[], lineId: string): number {
  return shipments.flatMap((s) => s.lines).reduce((sum, l) => sum + (l.lineId === lineId ? l.quantity : 0), 0);
}

/**
 * Throws `validation-failed` (an invalid event: dead-lettered at once) when the shipment names a
 * line the request does not hold or more units of a line than are left to ship of it.
 */
function assertShippable(fulfillment: FulfillmentRecord, earlier: readonly ShipmentV1[], shipment: ShipmentV1): void {
  const errors: FieldError[] = [];
  shipment.lines.forEach((line, index) => {
    const requested = fulfillment.lines.find((l) => l.lineId === line.lineId);
    if (requested === undefined) {
      errors.push({ path: `/data/shipment/lines/${index}/lineId`, message: `fulfillment ${fulfillment.id} holds no line ${line.lineId}`, keyword: 'fulfillmentLine' });
      return;
    }
    const shipped = unitsShipped(earlier, line.lineId);
    const left = requested.quantity - shipped;
    if (line.quantity > left) {
      errors.push({ path: `/data/shipment/lines/${index}/quantity`, message: `must be at most ${left}: ${line.lineId} has ${requested.quantity} unit${requested.quantity === 1 ? '' : 's'} at ${fulfillment.locationId}, ${shipped} already shipped`, keyword: 'maximum' });
    }
  });
  if (errors.length > 0) throw new HubError('validation-failed', { detail: `shipment ${shipment.id} does not match fulfillment ${fulfillment.id}: ${errors.map((e) => e.message).join('; ')}`, errors });
}

/**
 * A location reported shipping or packing units for a request the hub had withdrawn (rejected,
 * timed out or cancelled, possibly with its order): nothing changes, but the order's history says
 * so, since those units left the location while another one may be sending them too. Returns
 * `ignored`.
 */
async function noteWithdrawnUpdate(tx: SqlExecutor, fulfillmentId: string, what: string): Promise<UpdateOutcome> {
  const known = await getFulfillment(tx, fulfillmentId);
  if (known === undefined || (known.status !== 'rejected' && known.status !== 'cancelled')) return 'ignored';
  const order = await lockOrder(tx, known.orderId);
  if (order === undefined) return 'ignored';
  const withdrawn = known.status === 'cancelled' ? 'cancelled' : known.rejectionReason === 'timeout' ? 'withdrawn after its acceptance deadline' : 'rejected';
  await recordStatus(
    tx,
    order.order.id,
    order.status,
    'withdrawn-request-updated',
    `${known.locationId} reported ${what} for request ${known.id}, which was ${withdrawn}: nothing was changed; check that the units are not sent twice`,
  );
  return 'ignored';
}

/** A parcel left the location: its units are consumed from the reservation (see {@link assertShippable}). */
export async function applyShipped(tx: SqlExecutor, deps: OrderFlowDeps, fulfillmentId: string, shipment: ShipmentV1): Promise<UpdateOutcome> {
  const locked = await lockBoth(tx, fulfillmentId);
  if (locked === undefined) return noteWithdrawnUpdate(tx, fulfillmentId, `shipment ${shipment.id}`);
  const { fulfillment, order } = locked;
  const shipments = fulfillment.shipments ?? [];
  if (!holdsReservation(fulfillment) && fulfillment.status !== 'shipped') return noteWithdrawnUpdate(tx, fulfillmentId, `shipment ${shipment.id}`);
  if (shipments.some((s) => s.id === shipment.id)) return 'ignored';
  assertShippable(fulfillment, shipments, shipment);
  for (const line of shipment.lines) {
    await deps.stock.consume(tx, { orderId: order.order.id, lineId: line.lineId, locationId: fulfillment.locationId }, line.quantity);
  }
  // The request is shipped once its parcels carry every unit; until then it stays open and the rest stays reserved.
  const all = [...shipments, shipment];
  const complete = fulfillment.lines.every((line) => unitsShipped(all, line.lineId) >= line.quantity);
  // A parcel from a request not yet accepted accepts it (and takes it out of the deadline sweep).
  const status = complete ? 'shipped' : fulfillment.status === 'requested' ? 'accepted' : undefined;
  await updateFulfillment(tx, fulfillmentId, status === undefined ? { shipments: all } : { status, shipments: all });
  await refreshStatus(tx, order.order.id, 'fulfillment-shipped', `${fulfillment.locationId} shipped ${shipment.lines.map((l) => `${l.quantity} × ${l.lineId}`).join(', ')} with ${shipment.carrier}`);
  return 'applied';
}

/** A pickup order is packed at the store: its units are taken out of sellable stock. */
export async function applyReadyForPickup(tx: SqlExecutor, deps: OrderFlowDeps, fulfillmentId: string): Promise<UpdateOutcome> {
  const locked = await lockBoth(tx, fulfillmentId);
  if (locked === undefined || !holdsReservation(locked.fulfillment)) return noteWithdrawnUpdate(tx, fulfillmentId, 'the order ready for pickup');
  const { fulfillment, order } = locked;
  for (const line of fulfillment.lines) {
    await deps.stock.consume(tx, { orderId: order.order.id, lineId: line.lineId, locationId: fulfillment.locationId }, line.quantity);
  }
  await updateFulfillment(tx, fulfillmentId, { status: 'ready-for-pickup' });
  await refreshStatus(tx, order.order.id, 'fulfillment-ready-for-pickup', `ready for pickup at ${fulfillment.locationId}`);
  return 'applied';
}

/** A rejection as the flow handles it: by the location, or for a missed acceptance deadline. */
export interface Rejection {
  fulfillmentId: string;
  reason: FulfillmentRejectedV1['reason'];
  detail?: string | undefined;
  /** Lines rejected; absent: every line of the fulfillment. */
  lineIds?: readonly string[] | undefined;
}

/**
 * A location rejected some or all lines of its request (or did not accept in time): their
 * reservations are released (and a request rejected whole gives its daily capacity back), the
 * location is ruled out for the rest of the order, and the rejected quantities are routed again
 * (a new decision, attempt n+1) to the next best locations.
 * With `announce`, a `fulfillment.rejected` event tells the location's system the request is
 * withdrawn (deadline misses, which no location reported).
 */
export async function applyRejected(tx: SqlExecutor, deps: OrderFlowDeps, emit: Emit, rejection: Rejection, announce = false): Promise<UpdateOutcome> {
  const locked = await lockBoth(tx, rejection.fulfillmentId);
  if (locked === undefined || !holdsReservation(locked.fulfillment)) return 'ignored';
  const { fulfillment, order } = locked;
  const wanted = new Set(rejection.lineIds ?? fulfillment.lines.map((l) => l.lineId));
  const rejected = fulfillment.lines.filter((line) => wanted.has(line.lineId));
  if (rejected.length === 0) return 'ignored';
  for (const line of rejected) await deps.stock.release(tx, { orderId: order.order.id, lineId: line.lineId, locationId: fulfillment.locationId });
  const kept = fulfillment.lines.filter((line) => !wanted.has(line.lineId));
  const updated = await updateFulfillment(tx, fulfillment.id, {
    ...(kept.length === 0 ? { status: 'rejected' as const } : { lines: kept }),
    rejectionReason: rejection.reason,
    rejectionDetail: rejection.detail,
  });
  // A request rejected whole (or timed out) no longer uses the location's daily capacity.
  if (kept.length === 0) await releaseFulfillmentLoad(tx, deps, [fulfillment]);
  if (announce) {
    await emit(
      FulfillmentRejected,
      { fulfillment: canonicalFulfillment(updated), reason: rejection.reason, lineIds: rejected.map((l) => l.lineId), ...(rejection.detail === undefined ? {} : { detail: rejection.detail }) },
      { subject: fulfillment.locationId, partitionKey: order.order.id },
    );
  }
  const excluded = { ...order.excludedLocations, [fulfillment.locationId]: `rejected:${rejection.reason}` };
  const cancelled = new Set(order.cancelledLineIds);
  const lines = rejected.filter((line) => !cancelled.has(line.lineId)).map((line) => ({ lineId: line.lineId, sku: line.sku, quantity: line.quantity }));
  const what = `${fulfillment.locationId} rejected ${rejected.map((l) => l.lineId).join(', ')} (${rejection.reason})`;
  const event = rejection.reason === 'timeout' ? 'fulfillment-timed-out' : 'fulfillment-rejected';
  await updateRouting(tx, order.order.id, order.routingAttempt, excluded);
  if (lines.length === 0) {
    await refreshStatus(tx, order.order.id, event, what);
    return 'applied';
  }
  // A location already holding part of a rerouted line keeps out of this decision: reservations
  // are one per line and location, so it cannot take more of the line in a second request.
  const busy: Record<string, string> = {};
  for (const other of await orderFulfillments(tx, order.order.id)) {
    if (!isActiveFulfillment(other)) continue;
    const shared = other.lines.find((line) => lines.some((l) => l.lineId === line.lineId));
    if (shared !== undefined) busy[other.locationId] = `already-fulfilling:${shared.lineId}`;
  }
  await routeAndDispatch(tx, deps, emit, { ...order, excludedLocations: excluded }, lines, { event, cause: `${what}; re-routed`, alsoExcluded: busy });
  return 'applied';
}
