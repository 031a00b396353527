import { PermanentFailure, type WebhookHandler } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { shopifyGraphql } from '../graphql/client.ts';
import { ReturnById } from '../graphql/queries.ts';
import { readDelivery, resourceGid } from './delivery.ts';
import { verifyShopifyWebhook } from './signature.ts';

/** The return topics this webhook takes; the topic decides the canonical event. */
export const RETURN_TOPICS = ['returns/request', 'returns/approve', 'returns/decline'] as const;

/**
 * The `shopify.ReturnNotification` payload: the topic, when it was triggered, and the return as the
 * Admin API shows it now (the webhook body lacks SKUs, so the return is read back).
 */
export interface ReturnNotification {
  topic: string;
  triggeredAt: string | undefined;
  return: Record<string, unknown>;
}

/**
 * Return webhooks (`returns/request`, `returns/approve`, `returns/decline`): the return is read
 * back through GraphQL for its lines and SKUs; the record carries the topic and the trigger time
 * (as its sequence). A return that no longer exists is a permanent failure (kept for ops).
 */
export const returnsWebhook: WebhookHandler<ShopifyConfig> = {
  verify: (request, ctx) => verifyShopifyWebhook(request, ctx.config),
  parse: async (request, ctx) => {
    const delivery = readDelivery(request, RETURN_TOPICS, ctx.logger);
    const id = resourceGid(delivery.body, 'Return');
    const data = await shopifyGraphql(ctx, ReturnById, { id });
    if (data.return === null) throw new PermanentFailure(`the ${delivery.topic} webhook names return ${id}, which Shopify does not know`, { code: 'shopify.return-unknown' });
    const payload: ReturnNotification = { topic: delivery.topic, triggeredAt: delivery.triggeredAt, return: data.return };
    return [
      {
        id: delivery.id,
        type: 'shopify.ReturnNotification',
        partitionKey: id,
        ...(delivery.triggeredAt === undefined ? {} : { sequence: delivery.triggeredAt, occurredAt: delivery.triggeredAt }),
        payload,
      },
    ];
  },
};
