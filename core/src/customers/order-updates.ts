import {
  FulfillmentAccepted,
  FulfillmentReadyForPickup,
  FulfillmentRejected,
  FulfillmentRequested,
  FulfillmentShipped,
  OrderCancelled,
  OrderRouted,
  RefundIssued,
  ReturnClosed,
  ReturnRefunded,
} from '../events/catalog.ts';
import type { EventDefinition } from '../events/define-event.ts';
import type {
  FulfillmentAcceptedV1,
  FulfillmentReadyForPickupV1,
  FulfillmentRejectedV1,
  FulfillmentRequestedV1,
  FulfillmentShippedV1,
  OrderCancelledV1,
  OrderRoutedV2,
  RefundIssuedV1,
  ReturnClosedV1,
  ReturnRefundedV1,
} from '../generated/schema-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import type { Money } from './money.ts';
import { addRefund, addRefundTo, addReturnedUnits, getCustomerOrder, updateLines, type CountedRefund, type CustomerOrder, type LineUpdate } from './order-view.ts';

/** Line status changes of one order (routing, fulfillment, cancellation). */
export interface LinesUpdate {
  kind: 'lines';
  orderId: string;
  /** The line changes, or how to derive them from the order as it stands. */
  lines: readonly LineUpdate[] | ((order: CustomerOrder) => readonly LineUpdate[]);
  /** Lets lines move back (a rejection sends them back to routing). */
  force?: boolean;
  /** Time of the event it came from, in epoch milliseconds (see `LineClock`). */
  at?: number | undefined;
}

/** Units that came back with a refunded return, per line of one order, and the return's refund. */
export interface ReturnedUnitsUpdate {
  kind: 'returned-units';
  orderId: string;
  units: ReadonlyMap<string, number>;
  /** The refund that paid for them, counted once per return (see {@link returnRefund}). */
  refund?: CountedRefund | undefined;
}

/** A succeeded refund of one order, counted once per refund id. */
export interface RefundUpdate {
  kind: 'refund';
  orderId: string;
  refund: CountedRefund;
}

/** What one order-scoped event does to its order. */
export type OrderUpdate = LinesUpdate | ReturnedUnitsUpdate | RefundUpdate;

/** Reads an event's payload as an order update; undefined when the event changes no order. */
export type OrderUpdateOf<T> = (data: T) => OrderUpdate | undefined;

/** order.cancelled: the named lines, or every line when none are named. */
export const cancelledUpdate: OrderUpdateOf<OrderCancelledV1> = ({ orderId, lineIds }) => ({
  kind: 'lines',
  orderId,
  lines: (order) => (lineIds ?? order.lines.map((line) => line.lineId)).map((lineId): LineUpdate => ({ lineId, status: 'cancelled' })),
});

/** order.routed: each line's location is the one taking most of its units; a dry run changes nothing. */
export const routedUpdate: OrderUpdateOf<OrderRoutedV2> = ({ decision }) => {
  if (decision.dryRun === true) return undefined;
  const best = new Map<string, { locationId: string; quantity: number }>();
  for (const assignment of decision.assignments) {
    const current = best.get(assignment.lineId);
    if (current === undefined || assignment.quantity > current.quantity) best.set(assignment.lineId, { locationId: assignment.locationId, quantity: assignment.quantity });
  }
  return { kind: 'lines', orderId: decision.orderId, lines: [...best].map(([lineId, { locationId }]): LineUpdate => ({ lineId, status: 'routed', locationId })) };
};

/** fulfillment.requested: the lines are with a location. */
export const requestedUpdate: OrderUpdateOf<FulfillmentRequestedV1> = ({ fulfillment }) => ({
  kind: 'lines',
  orderId: fulfillment.orderId,
  lines: fulfillment.lines.map((line): LineUpdate => ({ lineId: line.lineId, status: 'routed', locationId: fulfillment.locationId })),
});

/** fulfillment.accepted: the location is picking the lines. */
export const acceptedUpdate: OrderUpdateOf<FulfillmentAcceptedV1> = ({ fulfillment }) => ({
  kind: 'lines',
  orderId: fulfillment.orderId,
  lines: fulfillment.lines.map((line): LineUpdate => ({ lineId: line.lineId, status: 'picking', locationId: fulfillment.locationId })),
});

/** fulfillment.rejected: the rejected lines go back to routing (their location is cleared by the next routing). */
export const rejectedUpdate: OrderUpdateOf<FulfillmentRejectedV1> = ({ fulfillment, lineIds }) => ({
  kind: 'lines',
  orderId: fulfillment.orderId,
  lines: lineIds.map((lineId): LineUpdate => ({ lineId, status: 'pending' })),
  force: true,
});

/** fulfillment.shipped: the parcel's lines are on their way, with tracking. */
export const shippedUpdate: OrderUpdateOf<FulfillmentShippedV1> = ({ fulfillment, shipment }) => ({
  kind: 'lines',
  orderId: fulfillment.orderId,
  lines: shipment.lines.map((line): LineUpdate => ({
    lineId: line.lineId,
    status: 'shipped',
    locationId: fulfillment.locationId,
    carrier: shipment.carrier,
    shippedAt: shipment.shippedAt,
    handoverId: shipment.id,
    units: line.quantity,
    ...(shipment.trackingUrl === undefined ? {} : { trackingUrl: shipment.trackingUrl }),
  })),
});

/** fulfillment.ready-for-pickup: the lines wait at the store (or were picked up). */
export const readyForPickupUpdate: OrderUpdateOf<FulfillmentReadyForPickupV1> = ({ fulfillment }) => {
  const status = fulfillment.status === 'picked-up' ? 'picked-up' : 'ready-for-pickup';
  return {
    kind: 'lines',
    orderId: fulfillment.orderId,
    lines: fulfillment.lines.map((line): LineUpdate => ({ lineId: line.lineId, status, locationId: fulfillment.locationId, ...(status === 'picked-up' ? { handoverId: fulfillment.id, units: line.quantity } : {}) })),
  };
};

/**
 * A return is refunded once, whichever event reports it (refund.issued, return.refunded after a
 * manual refund, return.closed of a till return), so its refund counts as `return:<id>`; the
 * refund's own id (`refundId`, when the event gives it) and the refund request recorded with the
 * return are the ids such a refund was counted under before, which count as the same refund.
 */
function returnRefund(returnId: string, amount: Money, refundId?: string): CountedRefund {
  return { refundId: `return:${returnId}`, amount, returnId, ...(refundId === undefined ? {} : { formerIds: [refundId] }) };
}

/**
 * return.refunded: the units received back (not those reported missing) count as returned, and
 * the refund lowers the order's value (a manual refund is known from this event only).
 */
export const returnRefundedUpdate: OrderUpdateOf<ReturnRefundedV1> = ({ returnRequest, refund }) => {
  const units = new Map<string, number>();
  for (const line of returnRequest.lines) {
    const received = line.disposition === 'MISSING' ? 0 : (line.receivedQuantity ?? 0);
    if (received > 0) units.set(line.lineId, (units.get(line.lineId) ?? 0) + received);
  }
  const paid = refund.status === 'succeeded' ? { refund: returnRefund(returnRequest.id, refund.amount, refund.id) } : {};
  return units.size === 0 && paid.refund === undefined ? undefined : { kind: 'returned-units', orderId: returnRequest.orderId, units, ...paid };
};

/**
 * return.closed: a return closed with a refund its source made (a till return refunded at the
 * counter) lowers the order's value; a return the hub refunded was counted already (same id).
 * An exchange moves no money.
 */
export const returnClosedUpdate: OrderUpdateOf<ReturnClosedV1> = ({ returnRequest }) => {
  const { refund } = returnRequest;
  if (refund === undefined || refund.type === 'exchange' || Number(refund.amount.amount) === 0) return undefined;
  return { kind: 'refund', orderId: returnRequest.orderId, refund: returnRefund(returnRequest.id, refund.amount) };
};

/** refund.issued: a succeeded refund lowers the order's value; a pending or failed one changes nothing. */
export const refundIssuedUpdate: OrderUpdateOf<RefundIssuedV1> = ({ refund }) =>
  refund.status === 'succeeded'
    ? { kind: 'refund', orderId: refund.orderId, refund: refund.returnId === undefined ? { refundId: refund.id, amount: refund.amount } : returnRefund(refund.returnId, refund.amount, refund.id) }
    : undefined;

function entry<T>(definition: EventDefinition<T>, read: OrderUpdateOf<T>): [string, OrderUpdateOf<unknown>] {
  return [definition.type, read as OrderUpdateOf<unknown>];
}

/** Every order-scoped event type with its reader, so a parked event is applied as it would have been live. */
const READERS = new Map<string, OrderUpdateOf<unknown>>([
  entry(OrderCancelled, cancelledUpdate),
  entry(OrderRouted, routedUpdate),
  entry(FulfillmentRequested, requestedUpdate),
  entry(FulfillmentAccepted, acceptedUpdate),
  entry(FulfillmentRejected, rejectedUpdate),
  entry(FulfillmentShipped, shippedUpdate),
  entry(FulfillmentReadyForPickup, readyForPickupUpdate),
  entry(ReturnRefunded, returnRefundedUpdate),
  entry(ReturnClosed, returnClosedUpdate),
  entry(RefundIssued, refundIssuedUpdate),
]);

/**
 * The update an order-scoped event asks for, stamped with the event's time (epoch milliseconds), so
 * that line changes delivered out of order end as in order; undefined when it asks for none.
 */
export function readOrderUpdate<T>(read: OrderUpdateOf<T>, data: T, at: number): OrderUpdate | undefined {
  const update = read(data);
  if (update?.kind !== 'lines' || !Number.isFinite(at)) return update;
  return { ...update, at };
}

/** The reader of an order-scoped event type; undefined for any other type. */
export function orderUpdateReader(type: string): OrderUpdateOf<unknown> | undefined {
  return READERS.get(type);
}

/** Applies an update to its order; undefined (and nothing changed) when the order is not known. */
export async function applyOrderUpdate(tx: SqlExecutor, update: OrderUpdate): Promise<CustomerOrder | undefined> {
  switch (update.kind) {
    case 'returned-units': {
      const { refund } = update;
      if (update.units.size === 0) return refund === undefined ? getCustomerOrder(tx, update.orderId, true) : addRefund(tx, update.orderId, refund);
      const order = await addReturnedUnits(tx, update.orderId, update.units);
      return order === undefined || refund === undefined ? order : addRefundTo(tx, order, refund);
    }
    case 'refund':
      return addRefund(tx, update.orderId, update.refund);
    case 'lines': {
      const options = { force: update.force === true, at: update.at };
      if (typeof update.lines !== 'function') return updateLines(tx, update.orderId, update.lines, options);
      const order = await getCustomerOrder(tx, update.orderId, true);
      return order === undefined ? undefined : updateLines(tx, update.orderId, update.lines(order), options);
    }
  }
}
