import type {
  FulfillmentAcceptedV1,
  FulfillmentReadyForPickupV1,
  FulfillmentRejectedV1,
  FulfillmentRequestedV1,
  FulfillmentShippedV1,
  OrderCancelledV1,
  OrderCreatedV1,
  OrderRoutedV2,
} from '../../generated/schema-types.ts';
import {
  acceptedUpdate,
  cancelledUpdate,
  readyForPickupUpdate,
  rejectedUpdate,
  requestedUpdate,
  routedUpdate,
  shippedUpdate,
} from '../order-updates.ts';
import { recordCaughtUp } from '../parked-updates.ts';
import type { ProjectionHandler } from './handler-types.ts';
import { orderScoped } from './order-scoped.ts';

/**
 * order.created: a new order in the customer's history, with the updates that arrived before it
 * (recording takes the order's lock: the parked updates are then all there is).
 */
export const onOrderCreated: ProjectionHandler<OrderCreatedV1> = async (event, { tx, logger }) =>
  (await recordCaughtUp(tx, [{ order: event.data.order, source: event.source }], new Map(), logger)).changed;

/** order.cancelled: the cancelled lines (all, when none are named). */
export const onOrderCancelled: ProjectionHandler<OrderCancelledV1> = orderScoped(cancelledUpdate);

/** order.routed: each line's location (the one taking most of its units). */
export const onOrderRouted: ProjectionHandler<OrderRoutedV2> = orderScoped(routedUpdate);

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
