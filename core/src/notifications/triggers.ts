import { TransientFailure } from '@omnihub/connector-sdk';
import { getCustomerOrder } from '../customers/order-view.ts';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import type { FulfillmentReadyForPickupV1, FulfillmentShippedV1, RefundIssuedV1, ReturnAuthorizedV1, ReturnRefundedV1 } from '../generated/schema-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import type { OrderDelayedV1 } from './notification-types.ts';
import type { NotificationSpec } from './request-notification.ts';

/** Turns one event into the notification it announces (or none). */
export type Trigger<T> = (tx: SqlExecutor, event: CloudEvent<T>) => Promise<NotificationSpec | undefined>;

/** The order's customer; an order the hub has not recorded yet is retried until it has. */
async function orderCustomer(tx: SqlExecutor, orderId: string): Promise<string | undefined> {
  const order = await getCustomerOrder(tx, orderId);
  if (order === undefined) throw new TransientFailure(`order ${orderId} is not known yet`, { code: 'notifications.order-unknown' });
  return order.customerId;
}

/** fulfillment.shipped → order-shipped, once per parcel. */
export const onShipped: Trigger<FulfillmentShippedV1> = async (tx, event) => {
  const { fulfillment, shipment } = event.data;
  return {
    kind: 'order-shipped',
    dedupeKey: `order-shipped:${fulfillment.orderId}:${shipment.id}`,
    sourceEventId: event.id,
    customerId: await orderCustomer(tx, fulfillment.orderId),
    orderId: fulfillment.orderId,
    variables: { orderId: fulfillment.orderId, carrier: shipment.carrier, trackingNumber: shipment.trackingNumber, trackingUrl: shipment.trackingUrl },
  };
};

/** fulfillment.ready-for-pickup → ready-for-pickup, once per fulfillment. */
export const onReadyForPickup: Trigger<FulfillmentReadyForPickupV1> = async (tx, event) => {
  const { fulfillment } = event.data;
  if (fulfillment.status === 'picked-up') return undefined;
  return {
    kind: 'ready-for-pickup',
    dedupeKey: `ready-for-pickup:${fulfillment.orderId}:${fulfillment.id}`,
    sourceEventId: event.id,
    customerId: await orderCustomer(tx, fulfillment.orderId),
    orderId: fulfillment.orderId,
    variables: { orderId: fulfillment.orderId, locationId: fulfillment.locationId },
  };
};

/** order.delayed → order-delayed, once per delay report. */
export const onDelayed: Trigger<OrderDelayedV1> = async (tx, event) => {
  const { orderId, newPromisedDate, reason } = event.data;
  return {
    kind: 'order-delayed',
    dedupeKey: `order-delayed:${orderId}:${event.id}`,
    sourceEventId: event.id,
    customerId: await orderCustomer(tx, orderId),
    orderId,
    variables: { orderId, reason },
    dates: { newPromisedDate: newPromisedDate === undefined ? undefined : `${newPromisedDate}T12:00:00Z` },
  };
};

/**
 * The date by which the goods must be handed in. The returns saga keeps it on its row (same
 * migration); return-request v1 does not carry it.
 */
async function returnBy(tx: SqlExecutor, returnId: string): Promise<string | undefined> {
  const { rows } = await tx.query<{ receive_by: Date | null }>('select receive_by from returns where return_id = $1', [returnId]);
  return rows[0]?.receive_by?.toISOString();
}

/** return.authorized → return-authorized, once per return. */
export const onReturnAuthorized: Trigger<ReturnAuthorizedV1> = async (tx, event) => {
  const request = event.data.returnRequest;
  return {
    kind: 'return-authorized',
    dedupeKey: `return-authorized:${request.id}`,
    sourceEventId: event.id,
    customerId: request.customerId ?? (await orderCustomer(tx, request.orderId)),
    orderId: request.orderId,
    returnId: request.id,
    variables: { returnId: request.id, orderId: request.orderId },
    dates: { returnBy: await returnBy(tx, request.id) },
  };
};

/** return.refunded → refund-issued, once per refund (the same refund's refund.issued counts as the same announcement). */
export const onReturnRefunded: Trigger<ReturnRefundedV1> = async (tx, event) => {
  const { returnRequest, refund } = event.data;
  return {
    kind: 'refund-issued',
    dedupeKey: `refund-issued:${refund.id}`,
    sourceEventId: event.id,
    customerId: returnRequest.customerId ?? (await orderCustomer(tx, returnRequest.orderId)),
    orderId: returnRequest.orderId,
    returnId: returnRequest.id,
    variables: { orderId: returnRequest.orderId, returnId: returnRequest.id },
    amounts: { amount: refund.amount },
  };
};

/**
 * refund.issued (succeeded) → refund-issued for refunds made without a return (goodwill,
 * cancellations). A return's refund is announced by return.refunded: it carries the return, so
 * refunds with a returnId are left to it (both would share the dedupe key anyway).
 */
export const onRefundIssued: Trigger<RefundIssuedV1> = async (tx, event) => {
  const { refund } = event.data;
  if (refund.status !== 'succeeded' || refund.returnId !== undefined) return undefined;
  return {
    kind: 'refund-issued',
    dedupeKey: `refund-issued:${refund.id}`,
    sourceEventId: event.id,
    customerId: await orderCustomer(tx, refund.orderId),
    orderId: refund.orderId,
    variables: { orderId: refund.orderId },
    amounts: { amount: refund.amount },
  };
};
