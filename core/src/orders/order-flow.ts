import { PermanentFailure } from '@omnihub/connector-sdk';
import type { EventBus, HandlerContext, Subscription } from '../broker/event-bus.ts';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import type { PayloadOf } from '../events/define-event.ts';
import { HubError } from '../errors/hub-error.ts';
import { FulfillmentAccepted, FulfillmentReadyForPickup, FulfillmentRejected, FulfillmentShipped, OrderCancelled, OrderCreated } from '../events/catalog.ts';
import { cancelLines, cancelOrderInTransaction } from './cancel.ts';
import type { OrderFlowDeps } from './dispatch.ts';
import { applyAccepted, applyReadyForPickup, applyRejected, applyShipped } from './fulfillment-updates.ts';
import { intakeOrder } from './intake.ts';
import { assertOrderRules } from './order-rules.ts';
import { getOrder } from './order-store.ts';

/** Name (and queue) of the order-routing flow's subscriber. */
export const ORDER_FLOW_SUBSCRIBER = 'flow.order-routing';

/**
 * CloudEvents `source` of the events the hub's order handling emits (`order.created` announcing
 * an order taken in through the API, `order.routed`, `fulfillment.requested` ...). Sources under
 * `/omnihub/` are the hub's own: `POST /v1/events` refuses them.
 */
export const ORDERS_SOURCE = '/omnihub/orders';

/** The events the order flow takes. */
export const ORDER_FLOW_EVENTS = [OrderCreated, OrderCancelled, FulfillmentAccepted, FulfillmentRejected, FulfillmentShipped, FulfillmentReadyForPickup] as const;

type Handler = (event: CloudEvent, deps: OrderFlowDeps, context: HandlerContext) => Promise<void>;

const data = <D>(event: CloudEvent, _definition: D): PayloadOf<D> => event.data as PayloadOf<D>;

/** One handler per event type; every one is idempotent (a repeated event changes nothing). */
const HANDLERS: Record<string, Handler> = {
  [OrderCreated.type]: async (event, deps, { tx, emit, logger }) => {
    const { order } = data(event, OrderCreated);
    // An order breaking the order rules is invalid: `validation-failed` dead-letters it at once.
    assertOrderRules(order, '/data/order');
    try {
      const outcome = await intakeOrder(tx, deps, { emit, source: event.source, correlationId: event.correlationid, announce: false }, order);
      if (outcome.kind === 'duplicate') logger.debug({ orderId: order.id }, 'order already taken in');
    } catch (error: unknown) {
      // Retrying cannot make a different order under a known id acceptable.
      if (error instanceof HubError && error.code === 'conflict') throw new PermanentFailure(error.message, { code: 'order.id-conflict', cause: error });
      throw error;
    }
  },
  [OrderCancelled.type]: async (event, deps, { tx, emit }) => {
    const cancelled = data(event, OrderCancelled);
    const order = await getOrder(tx, cancelled.orderId);
    if (order === undefined || order.status === 'cancelled') return;
    const named: readonly string[] = cancelled.lineIds ?? [];
    const open = order.order.lines.filter((line) => !order.cancelledLineIds.includes(line.lineId) && !named.includes(line.lineId));
    if (cancelled.lineIds === undefined || open.length === 0) {
      await cancelOrderInTransaction(tx, deps, emit, { orderId: cancelled.orderId, reason: cancelled.reason, detail: cancelled.detail });
    } else {
      await cancelLines(tx, deps, cancelled.orderId, cancelled.lineIds, cancelled.reason);
    }
  },
  [FulfillmentAccepted.type]: async (event, _deps, { tx }) => {
    await applyAccepted(tx, data(event, FulfillmentAccepted).fulfillment.id);
  },
  [FulfillmentRejected.type]: async (event, deps, { tx, emit }) => {
    const rejected = data(event, FulfillmentRejected);
    await applyRejected(tx, deps, emit, { fulfillmentId: rejected.fulfillment.id, reason: rejected.reason, detail: rejected.detail, lineIds: rejected.lineIds });
  },
  [FulfillmentShipped.type]: async (event, deps, { tx }) => {
    const shipped = data(event, FulfillmentShipped);
    await applyShipped(tx, deps, shipped.fulfillment.id, shipped.shipment);
  },
  [FulfillmentReadyForPickup.type]: async (event, deps, { tx }) => {
    await applyReadyForPickup(tx, deps, data(event, FulfillmentReadyForPickup).fulfillment.id);
  },
};

/**
 * Starts the order-routing flow on the bus: orders from any channel (`order.created`) are taken
 * in, routed, reserved and dispatched; location answers (accepted, rejected, shipped, ready for
 * pickup) move their fulfillments on, rejections re-route; channel cancellations cancel.
 */
export function subscribeOrderFlow(bus: EventBus, deps: OrderFlowDeps): Promise<Subscription> {
  return bus.subscribe({
    name: ORDER_FLOW_SUBSCRIBER,
    events: ORDER_FLOW_EVENTS,
    // The hub announces an order it took in itself in the transaction that stored it: the order is
    // known by the time the event arrives, so taking it in again would only find a duplicate.
    ignores: (event) => event.type === OrderCreated.type && event.source === ORDERS_SOURCE,
    handle: async (event, context) => {
      const handler = HANDLERS[event.type];
      if (handler === undefined) throw new PermanentFailure(`${ORDER_FLOW_SUBSCRIBER} has no handler for ${event.type}`, { code: 'flow.unexpected-type' });
      await handler(event, deps, context);
    },
  });
}
