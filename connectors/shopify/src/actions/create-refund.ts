import { InvalidMessageFailure, type ActionHandler } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { toGid } from '../ids.ts';
import { readPayload } from './payload-reader.ts';
import { createRefundOnce, refundLines } from './refund-core.ts';

/**
 * The `create-refund` action (`shopify.RefundCreate`: `{ orderId, amount?: { amount, currency },
 * gateway?, note?, notify?, lines?: [{ lineItemId, quantity, restockType?, locationId? }] }`):
 * refunds money through the order's captured payment, and optionally line items. Applied once per
 * event (see {@link createRefundOnce}).
 */
export const createRefundAction: ActionHandler<ShopifyConfig> = {
  execute: async (input, ctx) => {
    const payload = readPayload('create-refund', input.payload);
    if (payload === undefined) return {};
    const money = payload.optionalObject('amount');
    const amount = money === undefined ? undefined : { amount: money.string('amount'), currency: money.string('currency') };
    if (amount !== undefined && !/^\d+(\.\d+)?$/.test(amount.amount)) {
      throw new InvalidMessageFailure(`action create-refund: /amount/amount must be a positive decimal, got "${amount.amount}"`, { code: 'shopify.payload-invalid' });
    }
    const lines = refundLines(ctx.config, payload, { optional: true });
    if (amount === undefined && lines.length === 0) throw new InvalidMessageFailure('action create-refund: the payload refunds neither an amount nor lines', { code: 'shopify.payload-invalid' });
    return createRefundOnce(ctx, input, {
      orderId: toGid('Order', payload.string('orderId')),
      amount,
      gateway: payload.optionalString('gateway'),
      note: payload.optionalString('note'),
      notify: payload.boolean('notify', false),
      lines,
    });
  },
};
