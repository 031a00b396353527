import { ReturnRefunded } from '../../events/catalog.ts';
import { HubError } from '../../errors/hub-error.ts';
import type { ReturnRecord } from '../return-types.ts';
import { recordReturnAudit } from '../saga/audit.ts';
import { toReturnRequest } from '../saga/canonical.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import { resolveAlerts } from '../saga/flow-alerts.ts';
import { commitStep, requireStatus, type SagaStep } from '../saga/step.ts';

/**
 * Ops resolve a return parked for manual refund by recording the refund they made by hand (the
 * payment system's reference): the return is refunded (return.refunded, audited, alerts resolved).
 */
export const recordManualRefund: SagaStep<{ by: string; reference: string; note?: string | undefined }> = {
  name: 'manual-refund',
  async run(context, record, input): Promise<ReturnRecord> {
    requireStatus(record, ['manual-refund'], 'recording a manual refund');
    const refund = record.refund;
    if (refund === undefined) throw new HubError('conflict', { detail: `return ${record.id} has no computed refund` });
    const at = context.now.toISOString();
    const next: ReturnRecord = { ...record, status: 'refunded', refund: { ...refund, status: 'succeeded', reference: input.reference, settledAt: at } };
    const saved = await commitStep(context, record, next, 'manual-refund', { by: input.by, reference: input.reference, ...(input.note === undefined ? {} : { note: input.note }) });
    await recordReturnAudit(context.tx, { actor: input.by, action: 'return-manual-refund', returnId: record.id, reason: input.note, details: { reference: input.reference, amount: refund.amount } });
    await resolveAlerts(context.tx, `return:${record.id}`, input.by, at);
    const gateway = (['shopify', 'square', 'netsuite'].includes(refund.gateway ?? '') ? refund.gateway : 'other') as 'shopify' | 'square' | 'netsuite' | 'other';
    await context.emit(
      ReturnRefunded,
      {
        returnRequest: toReturnRequest(saved),
        refund: { id: refund.requestId, orderId: record.orderId, returnId: record.id, amount: refund.amount, gateway, transactionId: input.reference, status: 'succeeded', issuedAt: at, reason: `manual refund recorded by ${input.by}` },
      },
      { subject: `returns/${saved.id}` },
    );
    await updateCrmTicket(context, saved, `Refunded by hand by ${input.by} (reference ${input.reference}).`);
    return saved;
  },
};
