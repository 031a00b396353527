import { PermanentFailure, type ActionHandler } from '@omnihub/connector-sdk';
import { squareRequest } from '../api/client.ts';
import { squareIdempotencyKey } from '../api/idempotency.ts';
import type { SquareOrder } from '../api/types.ts';
import type { SquareConfig } from '../config.ts';
import { readPayload } from './payload-reader.ts';

/**
 * The `refund-payment` action (`square.RefundPayment`: `{ payment_id?, order_id?, amount_money:
 * { amount, currency }, reason? }`, the amount in the currency's smallest unit): refunds a payment
 * with RefundPayment and an `idempotency_key` derived from the event, so a redelivery is answered
 * with the first refund instead of a second one. Without `payment_id`, the payment of the order's
 * first tender is refunded.
 */
export const refundPaymentAction: ActionHandler<SquareConfig> = {
  execute: async (input, ctx) => {
    const payload = readPayload('refund-payment', input.payload);
    if (payload === undefined) return {};
    const money = payload.optionalObject('amount_money');
    if (money === undefined) throw new PermanentFailure('action refund-payment: /amount_money is required', { code: 'square.payload-invalid' });
    const amountMoney = { amount: money.integer('amount', 1), currency: money.string('currency') };
    let paymentId = payload.optionalString('payment_id');
    if (paymentId === undefined) {
      const orderId = payload.string('order_id');
      const { order } = await squareRequest<{ order: SquareOrder }>(ctx, { method: 'GET', path: `/v2/orders/${encodeURIComponent(orderId)}`, idempotent: true });
      paymentId = (order.tenders ?? []).find((tender) => typeof tender.payment_id === 'string' && tender.payment_id !== '')?.payment_id ?? undefined;
      if (paymentId === undefined) throw new PermanentFailure(`Square order ${orderId} has no tender with a payment to refund`, { code: 'square.refund-no-payment' });
    }
    const reason = payload.optionalString('reason');
    const reply = await squareRequest<{ refund: { id: string; status?: string | null } }>(ctx, {
      method: 'POST',
      path: '/v2/refunds',
      body: { idempotency_key: squareIdempotencyKey(input.idempotencyKey), amount_money: amountMoney, payment_id: paymentId, ...(reason === undefined ? {} : { reason: reason.slice(0, 192) }) },
      idempotent: true,
    });
    return { vendorIds: [reply.refund.id] };
  },
};
