import { PermanentFailure, type ActionHandler } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { shopifyGraphql } from '../graphql/client.ts';
import { assertNoUserErrors } from '../graphql/errors.ts';
import { OrderCancel } from '../graphql/mutations.ts';
import { OrderCancelState } from '../graphql/queries.ts';
import { toGid } from '../ids.ts';
import { readPayload } from './payload-reader.ts';

/** Shopify's `OrderCancelReason` values. */
export const CANCEL_REASONS = ['CUSTOMER', 'DECLINED', 'FRAUD', 'INVENTORY', 'STAFF', 'OTHER'] as const;

/**
 * The `cancel-order` action (`shopify.OrderCancel`: `{ orderId, reason, refund?, restock?,
 * notifyCustomer?, staffNote? }`): cancels the order unless Shopify shows it cancelled already (a
 * redelivery). Shopify cancels in a background job; its id is reported.
 */
export const cancelOrderAction: ActionHandler<ShopifyConfig> = {
  execute: async (input, ctx) => {
    const payload = readPayload('cancel-order', input.payload);
    if (payload === undefined) return {};
    const orderId = toGid('Order', payload.string('orderId'));
    const variables = {
      orderId,
      reason: payload.oneOf('reason', CANCEL_REASONS, 'OTHER'),
      refund: payload.boolean('refund', false),
      restock: payload.boolean('restock', true),
      notifyCustomer: payload.boolean('notifyCustomer', false),
      staffNote: payload.optionalString('staffNote'),
    };
    const { order } = await shopifyGraphql(ctx, OrderCancelState, { id: orderId });
    if (order === null) throw new PermanentFailure(`Shopify has no order ${orderId}`, { code: 'shopify.order-unknown' });
    if (order.cancelledAt !== null) return { alreadyApplied: true, vendorIds: [orderId] };
    const reply = await shopifyGraphql(ctx, OrderCancel, variables);
    assertNoUserErrors('orderCancel', reply.orderCancel?.orderCancelUserErrors);
    const job = reply.orderCancel?.job;
    return { vendorIds: job === null || job === undefined ? [orderId] : [orderId, job.id] };
  },
};
