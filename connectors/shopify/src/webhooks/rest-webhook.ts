import type { WebhookHandler } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { readDelivery, resourceGid, utc } from './delivery.ts';
import { verifyShopifyWebhook } from './signature.ts';

/** How a webhook whose body is the resource itself (orders, refunds) becomes a record. */
export interface RestWebhookSpec {
  topic: string;
  /** The vendor payload type of its records. */
  type: string;
  /** The resource type of the partition key, and the body field holding its id. */
  partition: { type: string; idField: string };
  /** Body field giving the record's sequence (the resource's version time). */
  sequenceField: string;
  /** Body field giving when it happened. */
  occurredField: string;
  /** When set, only bodies it accepts make a record (others are acknowledged and dropped). */
  accept?: ((body: Record<string, unknown>) => boolean) | undefined;
}

/**
 * A webhook whose body is the resource itself: one record per delivery, keyed by the event id,
 * carrying the resource's update time (in UTC) as its sequence so consumers can drop a stale
 * update that arrives after a newer one, and partitioned by the resource (orders by order).
 */
export function restWebhook(spec: RestWebhookSpec): WebhookHandler<ShopifyConfig> {
  return {
    verify: (request, ctx) => verifyShopifyWebhook(request, ctx.config),
    parse: (request, ctx) => {
      const delivery = readDelivery(request, [spec.topic], ctx.logger);
      const { body } = delivery;
      if (spec.accept !== undefined && !spec.accept(body)) {
        ctx.logger.debug({ topic: spec.topic, eventId: delivery.id }, 'webhook acknowledged without a record: nothing this capability maps');
        return [];
      }
      const sequence = utc(body[spec.sequenceField]) ?? delivery.triggeredAt;
      const occurredAt = utc(body[spec.occurredField]) ?? delivery.triggeredAt;
      return [
        {
          id: delivery.id,
          type: spec.type,
          partitionKey: resourceGid(spec.partition.idField === 'id' ? body : { id: body[spec.partition.idField] }, spec.partition.type, 'id'),
          ...(sequence === undefined ? {} : { sequence }),
          ...(occurredAt === undefined ? {} : { occurredAt }),
          payload: body,
        },
      ];
    },
  };
}

/**
 * `orders/updated`: the order after any change. Only an order showing `cancelled_at` makes a
 * record: it carries a cancellation whose `orders/cancelled` webhook may come late or be lost.
 */
export const ordersUpdatedWebhook = restWebhook({
  topic: 'orders/updated',
  type: 'shopify.webhooks.orders/updated',
  partition: { type: 'Order', idField: 'id' },
  sequenceField: 'updated_at',
  occurredField: 'cancelled_at',
  accept: (body) => typeof body['cancelled_at'] === 'string' && body['cancelled_at'] !== '',
});

/** `orders/cancelled`: the cancelled order. */
export const ordersCancelledWebhook = restWebhook({ topic: 'orders/cancelled', type: 'shopify.webhooks.orders/cancelled', partition: { type: 'Order', idField: 'id' }, sequenceField: 'updated_at', occurredField: 'cancelled_at' });

/** `refunds/create`: the new refund, partitioned by its order. */
export const refundsCreateWebhook = restWebhook({ topic: 'refunds/create', type: 'shopify.webhooks.refunds/create', partition: { type: 'Order', idField: 'order_id' }, sequenceField: 'created_at', occurredField: 'processed_at' });
