import { getCustomerOrder } from '../../customers/order-view.ts';
import { RefundRequested } from '../refund-requested.ts';
import type { ReturnRecord } from '../return-types.ts';
import { resolveRefundTarget } from '../saga/payment-instance.ts';
import { commitStep, requireStatus, type SagaStep } from '../saga/step.ts';
import { parkManualRefund } from './park-manual-refund.ts';

/**
 * Step 7, refund: asks the system that took the payment to refund (refund.requested to that
 * connector instance, idempotent by requestId); the connector answers with refund.issued. A
 * refund that cannot be routed parks the return for a manual refund. Nothing to refund (all units
 * missing, an exchange) skips the request. Runs again on an ops retry, with the next attempt number.
 */
export const requestRefund: SagaStep<{ retry: boolean }> = {
  name: 'request-refund',
  async run(context, record, input): Promise<ReturnRecord> {
    requireStatus(record, input.retry ? ['manual-refund'] : ['inspected'], input.retry ? 'a refund retry' : 'a refund request');
    const refund = record.refund;
    if (refund === undefined || refund.status === 'not-required' || record.origin.managedBy === 'source') return record;
    const order = await getCustomerOrder(context.tx, record.orderId);
    const target = await resolveRefundTarget(context.tx, order, context.deps.refundInstances);
    const attempt = refund.attempt + 1;
    const attempted = { ...record, refund: { ...refund, attempt, requestId: `${record.id}-refund-${attempt}` } };
    if ('problem' in target) return parkManualRefund.run(context, attempted, { kind: target.kind, message: target.problem });
    const requestedAt = context.now.toISOString();
    const next: ReturnRecord = {
      ...attempted,
      status: 'inspected',
      refund: { ...attempted.refund, status: 'requested', instanceId: target.instanceId, connectorId: target.connectorId, requestedAt },
    };
    const saved = await commitStep(context, record, next, 'request-refund', { requestId: next.refund?.requestId, attempt, instanceId: target.instanceId, amount: refund.amount });
    await context.emit(
      RefundRequested,
      {
        requestId: `${record.id}-refund-${attempt}`,
        orderId: record.orderId,
        returnId: record.id,
        amount: refund.amount,
        gateway: (refund.gateway ?? 'other') as 'shopify' | 'square' | 'netsuite' | 'other',
        ...(refund.paymentTransactionId === undefined ? {} : { paymentTransactionId: refund.paymentTransactionId }),
        method: refund.method === 'store-credit' ? 'store-credit' : 'original-payment',
        lines: refund.lines,
        ...(refund.fees.length === 0 ? {} : { fees: refund.fees }),
        reason: `Return ${record.id} of order ${record.orderId}`,
        target: { instanceId: target.instanceId, connectorId: target.connectorId },
        attempt,
        requestedAt,
      },
      { subject: `returns/${record.id}` },
    );
    return saved;
  },
};
