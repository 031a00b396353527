import { ReturnRefunded } from '../../events/catalog.ts';
import type { RefundV1 } from '../../generated/schema-types.ts';
import type { ReturnRecord } from '../return-types.ts';
import { toReturnRequest } from '../saga/canonical.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import { resolveAlerts } from '../saga/flow-alerts.ts';
import { commitStep, type SagaStep } from '../saga/step.ts';
import { parkManualRefund } from './park-manual-refund.ts';

/**
 * Step 7 answered: the payment system's refund.issued. `succeeded` refunds the return (emits
 * return.refunded and resolves its alerts); `pending` records the gateway's transaction and keeps
 * waiting; `failed` parks the return for a manual refund. A refund reported for a return that was
 * not waiting for one (refunded at the source, or a late success after a manual-refund park) is
 * taken as it is.
 */
export const settleRefund: SagaStep<{ refund: RefundV1 }> = {
  name: 'settle-refund',
  async run(context, record, input): Promise<ReturnRecord> {
    const { refund } = input;
    if (record.status === 'refunded' || record.status === 'closed' || record.status === 'rejected') return record;
    const base = record.refund ?? { requestId: refund.id, attempt: 0, method: 'original-payment' as const, amount: refund.amount, lines: [], fees: [] };
    const known = { ...base, gateway: refund.gateway, ...(refund.transactionId === undefined ? {} : { transactionId: refund.transactionId }) };
    if (refund.status === 'failed' && record.refund?.status === 'requested' && record.refund.requestId !== refund.id) {
      // A late failure of an earlier attempt; the latest attempt is still under way.
      return commitStep(context, record, record, 'settle-refund', { refundId: refund.id, status: 'failed', ignored: `attempt ${record.refund.requestId} is under way` }, 'skipped');
    }
    if (refund.status === 'failed') {
      return parkManualRefund.run(context, { ...record, refund: { ...known, status: 'failed' } }, { kind: 'refund-failed', message: refund.reason ?? `${refund.gateway} refused the refund`, details: { refundId: refund.id } });
    }
    if (refund.status === 'pending') {
      return commitStep(context, record, { ...record, refund: { ...known, status: 'pending' } }, 'settle-refund', { refundId: refund.id, status: 'pending', transactionId: refund.transactionId });
    }
    const at = context.now.toISOString();
    const next: ReturnRecord = { ...record, status: 'refunded', refund: { ...known, status: 'succeeded', amount: refund.amount, settledAt: at } };
    const saved = await commitStep(context, record, next, 'settle-refund', { refundId: refund.id, status: 'succeeded', amount: refund.amount, transactionId: refund.transactionId });
    await resolveAlerts(context.tx, `return:${record.id}`, context.actor, at);
    await context.emit(ReturnRefunded, { returnRequest: toReturnRequest(saved), refund: { ...refund, returnId: record.id } }, { subject: `returns/${saved.id}` });
    await updateCrmTicket(context, saved, `Refunded ${refund.amount.amount} ${refund.amount.currency} through ${refund.gateway}.`);
    return saved;
  },
};
