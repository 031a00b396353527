import { ReturnClosed, ReturnReceived, ReturnRejected } from '../../events/catalog.ts';
import type { ReturnRequestV1 } from '../../generated/schema-types.ts';
import { evaluatePolicy, type PolicyQuestion } from '../policy/evaluate-policy.ts';
import type { StoredPolicy } from '../policy/policy-types.ts';
import type { ReturnRecord, ReturnRefund } from '../return-types.ts';
import { toReturnRequest } from '../saga/canonical.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import { commitStep, type SagaStep } from '../saga/step.ts';

/** The refund a source reported as made (status refunded, with its amount), kept on the return. */
function sourceRefund(record: ReturnRecord, reported: ReturnRequestV1, now: Date): { refund: ReturnRefund } | Record<string, never> {
  if (reported.status !== 'refunded' || reported.refund === undefined) return {};
  const at = now.toISOString();
  return {
    refund: {
      requestId: `source:${record.id}`,
      attempt: 0,
      status: 'succeeded',
      method: reported.refund.type,
      amount: reported.refund.amount,
      lines: [],
      fees: [],
      ...(record.origin.instanceId === undefined ? {} : { instanceId: record.origin.instanceId }),
      reason: `refunded at ${record.origin.source}`,
      settledAt: at,
    },
  };
}

/**
 * A return its source system already processed (an in-store return refunded at a Square POS):
 * the hub records it as reported, with its own policy verdict for the record (a deviation shows
 * in the history), and the dispositions the source reported. It neither restocks (the POS moved
 * its stock) nor refunds (the customer was paid at the counter) nor notifies. It announces the
 * reported state (return.closed, .received or .rejected) and keeps the CRM ticket.
 */
export const recordAtSource: SagaStep<{ policy: StoredPolicy; question: PolicyQuestion; reported: ReturnRequestV1 }> = {
  name: 'record-at-source',
  async run(context, record, input): Promise<ReturnRecord> {
    const decision = evaluatePolicy(input.policy, input.question);
    const reported = new Map(input.reported.lines.map((line) => [line.lineId, line]));
    const lines = record.lines.map((line) => {
      const source = reported.get(line.lineId);
      const units = source?.disposition === undefined ? 0 : (source.receivedQuantity ?? line.quantity);
      return {
        ...line,
        authorized: true,
        dispositions: units === 0 || source?.disposition === undefined ? [] : [{ receiptId: 'source', disposition: source.disposition, quantity: units, ...(source.restockLocationId === undefined ? {} : { restockLocationId: source.restockLocationId }) }],
      };
    });
    const status = input.reported.status === 'refunded' ? 'closed' : input.reported.status;
    const next: ReturnRecord = { ...record, status, decision, lines, ...(decision.eligibleUntil === undefined ? {} : { eligibleUntil: decision.eligibleUntil }), ...sourceRefund(record, input.reported, context.now) };
    const saved = await commitStep(context, record, next, 'record-at-source', {
      reportedStatus: input.reported.status,
      policy: `${decision.policyId}@${decision.policyVersion}`,
      policyOutcome: decision.outcome,
      rulesApplied: decision.rulesApplied,
      deviatesFromPolicy: decision.outcome === 'rejected' && status !== 'rejected',
    });
    const returnRequest = toReturnRequest(saved);
    if (status === 'closed') await context.emit(ReturnClosed, { returnRequest }, { subject: `returns/${saved.id}` });
    else if (status === 'rejected') await context.emit(ReturnRejected, { returnRequest, reason: 'rejected by the reporting system' }, { subject: `returns/${saved.id}` });
    else await context.emit(ReturnReceived, { returnRequest }, { subject: `returns/${saved.id}` });
    await updateCrmTicket(context, saved, `Return processed at ${record.origin.source} (${input.reported.status}).`);
    return saved;
  },
};
