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
import { recordCustomerOrder } from '../order-view.ts';
import {
  acceptedUpdate,
  applyOrderUpdate,
  cancelledUpdate,
  readyForPickupUpdate,
  rejectedUpdate,
  requestedUpdate,
  routedUpdate,
  shippedUpdate,
  type OrderUpdateOf,
} from '../order-updates.ts';
import { applyParkedUpdates, lockOrder, parkUpdate } from '../parked-updates.ts';
import type { ProjectionHandler } from './handler-types.ts';

/**
 * A handler for an event about an existing order. Routing, fulfillment and cancellation events
 * may overtake their order's order.created (delivery order across queues is not promised): such
 * an event is parked and applied when the order is recorded, so the final state does not depend
 * on delivery order.
 */
function orderScoped<T>(read: OrderUpdateOf<T>): ProjectionHandler<T> {
  return async (event, { tx, now, logger }) => {
    const update = read(event.data);
    if (update === undefined) return [];
    const order = await applyOrderUpdate(tx, update);
    if (order !== undefined) return [order.customerId];
    // Not known here: under the order's lock it was either recorded meanwhile, or the event waits for it.
    await lockOrder(tx, update.orderId);
    const recorded = await applyOrderUpdate(tx, update);
    if (recorded !== undefined) return [recorded.customerId];
    await parkUpdate(tx, update.orderId, event, now);
    logger.debug({ orderId: update.orderId, eventType: event.type }, 'order not known yet; update parked until it is');
    return [];
  };
}

/** order.created: a new order in the customer's history, with the updates that arrived before it. */
export const onOrderCreated: ProjectionHandler<OrderCreatedV1> = async (event, { tx, logger }) => {
  await lockOrder(tx, event.data.order.id);
  const recorded = await recordCustomerOrder(tx, event.data.order, event.source);
  const order = (await applyParkedUpdates(tx, recorded.orderId, logger)) ?? recorded;
  return [order.customerId];
};

/** order.cancelled: the cancelled lines (all, when none are named). */
export const onOrderCancelled: ProjectionHandler<OrderCancelledV1> = orderScoped(cancelledUpdate);

/** order.routed: each line's location (the one taking most of its units). */
export const onOrderRouted: ProjectionHandler<OrderRoutedV1> = orderScoped(routedUpdate);

/** fulfillment.requested: the lines are with a location. */
export const onFulfillmentRequested: ProjectionHandler<FulfillmentRequestedV1> = orderScoped(requestedUpdate);

/** fulfillment.accepted: the location is picking the lines. */
export const onFulfillmentAccepted: ProjectionHandler<FulfillmentAcceptedV1> = orderScoped(acceptedUpdate);

/** fulfillment.rejected: the rejected lines go back to routing (their location is cleared by the next routing). */
export const onFulfillmentRejected: ProjectionHandler<FulfillmentRejectedV1> = orderScoped(rejectedUpdate);

/** fulfillment.shipped: the parcel's lines are on their way, with tracking. */
export const onFulfillmentShipped: ProjectionHandler<FulfillmentShippedV1> = orderScoped(shippedUpdate);

/** fulfillment.ready-for-pickup: the lines wait at the store. */
export const onFulfillmentReadyForPickup: ProjectionHandler<FulfillmentReadyForPickupV1> = orderScoped(readyForPickupUpdate);
