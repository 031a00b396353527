import { squareRequest } from '../api/client.ts';
import type { SquareOrder } from '../api/types.ts';
import { skusForCatalogObjects } from '../lookups/catalog.ts';
import { hubLocation } from '../lookups/locations.ts';
import { readNotification, squareWebhook, utc } from './notification.ts';

/**
 * The `square.OrderWithSkus` payload: the order as RetrieveOrder returns it, the SKU of each line's
 * catalog object (Square lines carry no SKU) and the hub location of the order's location.
 */
export interface OrderWithSkus {
  order: SquareOrder;
  skus: Record<string, string>;
  locationId: string;
}

/**
 * `order.created`: the notification names the order only, so the order is read with RetrieveOrder
 * (its current version), and its lines' SKUs with one catalog batch (cached). Only orders with
 * fulfillments (pickup, shipment, delivery) are taken in: a counter sale has none, and reaches the
 * hub as stock changes, not as an order to fulfil. The order's `updated_at` (UTC) is the sequence.
 */
export const orderCreatedWebhook = squareWebhook(async (request, ctx) => {
  const notification = readNotification(request, 'order.created');
  const created = notification.data.object['order_created'] as { order_id?: string } | undefined;
  const orderId = created?.order_id ?? notification.data.id;
  const { order } = await squareRequest<{ order: SquareOrder }>(ctx, { method: 'GET', path: `/v2/orders/${encodeURIComponent(orderId)}`, idempotent: true });
  if ((order.fulfillments ?? []).length === 0) {
    ctx.logger.debug({ orderId, eventId: notification.event_id }, 'order without fulfillments not taken in: its stock changes come through inventory');
    return [];
  }
  const objectIds = ((order['line_items'] ?? []) as { catalog_object_id?: string }[]).map((line) => line.catalog_object_id).filter((id): id is string => typeof id === 'string');
  const skus = Object.fromEntries(await skusForCatalogObjects(ctx, objectIds));
  const payload: OrderWithSkus = { order, skus, locationId: hubLocation(ctx.config, order.location_id) };
  const sequence = utc(order.updated_at) ?? utc(notification.created_at);
  const occurredAt = utc(order.created_at) ?? sequence;
  return [{ id: notification.event_id, type: 'square.OrderWithSkus', partitionKey: orderId, ...(sequence === undefined ? {} : { sequence }), ...(occurredAt === undefined ? {} : { occurredAt }), payload }];
});

/** The `order_updated` object of an `order.updated` notification (`square.OrderUpdated`). */
export interface OrderUpdated {
  order_id: string;
  location_id?: string;
  state?: string;
  version?: number;
  created_at?: string;
  updated_at?: string;
}

/**
 * `order.updated`: only an update to state CANCELED makes a record (the cancellation); the others
 * are acknowledged. The record is the notification's `order_updated` object.
 */
export const orderUpdatedWebhook = squareWebhook((request, ctx) => {
  const notification = readNotification(request, 'order.updated');
  const updated = notification.data.object['order_updated'] as OrderUpdated | undefined;
  if (updated?.state !== 'CANCELED') {
    ctx.logger.debug({ eventId: notification.event_id, state: updated?.state }, 'order update acknowledged without a record: only cancellations are taken in');
    return [];
  }
  const sequence = utc(updated.updated_at) ?? utc(notification.created_at);
  return [{ id: notification.event_id, type: 'square.OrderUpdated', partitionKey: updated.order_id, ...(sequence === undefined ? {} : { sequence, occurredAt: sequence }), payload: updated }];
});
