import { TransientFailure } from '@omnihub/connector-sdk';
import type {
  FulfillmentAcceptedV1,
  FulfillmentReadyForPickupV1,
  FulfillmentRejectedV1,
  FulfillmentRequestedV1,
  FulfillmentShippedV1,
  OrderCancelledV1,
  OrderCreatedV1,
  OrderRoutedV1,
} from '../../generated/schema-types.ts';
import type { SqlExecutor } from '../../store/store.ts';
import { recordCustomerOrder, updateLines, type LineUpdate, type CustomerOrder } from '../order-view.ts';
import type { ProjectionHandler } from './handler-types.ts';

/**
 * Fulfillment and routing events may overtake the order's own order.created: the delivery is then
 * retried (with backoff) until the order is known, so the final state does not depend on order.
 */
async function updated(tx: SqlExecutor, orderId: string, updates: LineUpdate[], force = false): Promise<CustomerOrder> {
  const view = await updateLines(tx, orderId, updates, { force });
  if (view === undefined) throw new TransientFailure(`order ${orderId} is not known yet`, { code: 'customers.order-unknown' });
  return view;
}

/** order.created: a new order in the customer's history. */
export const onOrderCreated: ProjectionHandler<OrderCreatedV1> = async (event, { tx }) => {
  const view = await recordCustomerOrder(tx, event.data.order, event.source);
  return [view.customerId];
};

/** order.cancelled: the cancelled lines (all, when none are named). */
export const onOrderCancelled: ProjectionHandler<OrderCancelledV1> = async (event, { tx }) => {
  const { orderId, lineIds } = event.data;
  const view = await updateLines(tx, orderId, [], {});
  if (view === undefined) throw new TransientFailure(`order ${orderId} is not known yet`, { code: 'customers.order-unknown' });
  const cancelled = lineIds ?? view.lines.map((line) => line.lineId);
  return [(await updated(tx, orderId, cancelled.map((lineId) => ({ lineId, status: 'cancelled' })))).customerId];
};

/** order.routed: each line's location (the one taking most of its units). */
export const onOrderRouted: ProjectionHandler<OrderRoutedV1> = async (event, { tx }) => {
  const { decision } = event.data;
  if (decision.dryRun === true) return [];
  const best = new Map<string, { locationId: string; quantity: number }>();
  for (const assignment of decision.assignments) {
    const current = best.get(assignment.lineId);
    if (current === undefined || assignment.quantity > current.quantity) best.set(assignment.lineId, { locationId: assignment.locationId, quantity: assignment.quantity });
  }
  const updates = [...best].map(([lineId, { locationId }]): LineUpdate => ({ lineId, status: 'routed', locationId }));
  return [(await updated(tx, decision.orderId, updates)).customerId];
};

/** fulfillment.requested: the lines are with a location. */
export const onFulfillmentRequested: ProjectionHandler<FulfillmentRequestedV1> = async (event, { tx }) => {
  const { fulfillment } = event.data;
  return [(await updated(tx, fulfillment.orderId, fulfillment.lines.map((line) => ({ lineId: line.lineId, status: 'routed', locationId: fulfillment.locationId })))).customerId];
};

/** fulfillment.accepted: the location is picking the lines. */
export const onFulfillmentAccepted: ProjectionHandler<FulfillmentAcceptedV1> = async (event, { tx }) => {
  const { fulfillment } = event.data;
  return [(await updated(tx, fulfillment.orderId, fulfillment.lines.map((line) => ({ lineId: line.lineId, status: 'picking', locationId: fulfillment.locationId })))).customerId];
};

/** fulfillment.rejected: the rejected lines go back to routing (their location is cleared by the next routing). */
export const onFulfillmentRejected: ProjectionHandler<FulfillmentRejectedV1> = async (event, { tx }) => {
  const { fulfillment, lineIds } = event.data;
  return [(await updated(tx, fulfillment.orderId, lineIds.map((lineId) => ({ lineId, status: 'pending' })), true)).customerId];
};

/** fulfillment.shipped: the parcel's lines are on their way, with tracking. */
export const onFulfillmentShipped: ProjectionHandler<FulfillmentShippedV1> = async (event, { tx }) => {
  const { fulfillment, shipment } = event.data;
  const updates = shipment.lines.map((line): LineUpdate => ({
    lineId: line.lineId,
    status: 'shipped',
    locationId: fulfillment.locationId,
    carrier: shipment.carrier,
    shippedAt: shipment.shippedAt,
    ...(shipment.trackingUrl === undefined ? {} : { trackingUrl: shipment.trackingUrl }),
  }));
  return [(await updated(tx, fulfillment.orderId, updates)).customerId];
};

/** fulfillment.ready-for-pickup: the lines wait at the store. */
export const onFulfillmentReadyForPickup: ProjectionHandler<FulfillmentReadyForPickupV1> = async (event, { tx }) => {
  const { fulfillment } = event.data;
  const status = fulfillment.status === 'picked-up' ? 'picked-up' : 'ready-for-pickup';
  return [(await updated(tx, fulfillment.orderId, fulfillment.lines.map((line) => ({ lineId: line.lineId, status, locationId: fulfillment.locationId })))).customerId];
};
