import { PermanentFailure, type WebhookHandler } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { readOrder } from '../graphql/read-order.ts';
import { readDelivery, resourceGid, utc } from './delivery.ts';
import { verifyShopifyWebhook } from './signature.ts';

/**
 * `orders/create`: the order is read back through GraphQL with the selection of the
 * reconciliation poller, so both paths hand `shopify.order-to-canonical` the same order and the hub
 * sees one order, whichever comes first (the REST body of the webhook lacks barcodes, product
 * types and fulfillment orders anyway). One record keyed by the event id, with the order's
 * `updatedAt` (UTC) as sequence. An order Shopify no longer knows is a permanent failure.
 */
export const ordersCreateWebhook: WebhookHandler<ShopifyConfig> = {
  verify: (request, ctx) => verifyShopifyWebhook(request, ctx.config),
  parse: async (request, ctx) => {
    const delivery = readDelivery(request, ['orders/create'], ctx.logger);
    const id = resourceGid(delivery.body, 'Order');
    const order = await readOrder(ctx, id);
    if (order === undefined) throw new PermanentFailure(`the orders/create webhook names order ${id}, which Shopify does not know`, { code: 'shopify.order-unknown' });
    const sequence = utc(order.updatedAt) ?? delivery.triggeredAt;
    const occurredAt = utc(order['processedAt']) ?? sequence;
    return [{ id: delivery.id, type: 'shopify.Order', partitionKey: order.id, ...(sequence === undefined ? {} : { sequence }), ...(occurredAt === undefined ? {} : { occurredAt }), payload: order }];
  },
};
