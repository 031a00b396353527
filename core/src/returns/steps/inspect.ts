import { getCustomerOrder } from '../../customers/order-view.ts';
import { accountedUnits, type ReturnRecord } from '../return-types.ts';
import { computeRefund } from '../saga/refund-amount.ts';
import { commitStep, type SagaStep } from '../saga/step.ts';

/**
 * Step 6, inspect: once every authorized unit is accounted for (received with a disposition, or
 * recorded MISSING), the return is inspected and its refund is computed from what came back.
 * Until then (a partial receipt) the return stays received. Compensation: {@link reopenInspection}.
 */
export const inspect: SagaStep<Record<string, never>> = {
  name: 'inspect',
  async run(context, record): Promise<ReturnRecord> {
    const complete = record.lines.filter((line) => line.authorized).every((line) => accountedUnits(line) >= line.quantity);
    if (!complete || record.status !== 'received') return record;
    const order = await getCustomerOrder(context.tx, record.orderId);
    const currency = order?.currency ?? record.lines[0]?.unitPrice.currency ?? 'EUR';
    const { amount, lines, fees } = computeRefund(record, currency);
    const method = record.decision?.refundType ?? 'original-payment';
    const nothingToPay = amount.amount.replace(/[0.]/g, '') === '' || method === 'exchange';
    const refund: NonNullable<ReturnRecord['refund']> = {
      requestId: `${record.id}-refund-1`,
      attempt: 0,
      status: nothingToPay ? 'not-required' : 'requested',
      method,
      amount,
      lines,
      fees,
      ...(order?.payment?.gateway === undefined ? {} : { gateway: order.payment.gateway }),
      ...(order?.payment?.transactionId === undefined ? {} : { paymentTransactionId: order.payment.transactionId }),
    };
    return commitStep(context, record, { ...record, status: 'inspected', refund }, 'inspect', { refund: { amount, fees, lines: lines.map((l) => `${l.quantity} × ${l.sku}`) } });
  },
};
