import type { ReturnRecord } from '../return-types.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import { commitStep, type SagaStep } from '../saga/step.ts';

/** Why a return waits for a person to refund it. */
export interface ParkInput {
  /** Alert kind: refund-failed, refund-timeout, no-payment, no-refund-instance. */
  kind: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

/**
 * The refund step's failure path: the goods are back and stay restocked (undoing that would be
 * wrong), so instead of compensating, the return is parked in manual-refund with an ops alert
 * (flow_alerts row, error log, omnihub_flow_alerts_total) and the CRM ticket waits. Ops retry the
 * refund or record one made by hand (POST /v1/returns/{id}/refund).
 */
export const parkManualRefund: SagaStep<ParkInput> = {
  name: 'park-manual-refund',
  async run(context, record, input): Promise<ReturnRecord> {
    const refund = record.refund === undefined ? undefined : { ...record.refund, status: 'manual' as const, reason: input.message };
    const saved = await commitStep(context, record, { ...record, status: 'manual-refund', ...(refund === undefined ? {} : { refund }) }, 'refund', { kind: input.kind, message: input.message, ...input.details }, 'failed');
    await context.deps.alerts.raise(context.tx, { flow: 'returns', kind: input.kind, subject: `return:${record.id}`, message: `return ${record.id} needs a manual refund: ${input.message}`, details: { returnId: record.id, orderId: record.orderId, ...input.details } });
    await updateCrmTicket(context, saved, `Automatic refund failed (${input.message}); waiting for a manual refund.`);
    return saved;
  },
};
