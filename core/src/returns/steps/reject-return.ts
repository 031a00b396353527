import { ReturnRejected } from '../../events/catalog.ts';
import type { ReturnRecord } from '../return-types.ts';
import { accountedUnits } from '../return-types.ts';
import { recordReturnAudit } from '../saga/audit.ts';
import { toReturnRequest } from '../saga/canonical.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import { commitStep, requireStatus, StatusConflict, type SagaStep } from '../saga/step.ts';

/**
 * An agent refuses a return before any goods came back (audited). Emits return.rejected; a label
 * already issued is voided first by the transition (its compensation).
 */
export const rejectReturn: SagaStep<{ by: string; reason: string }> = {
  name: 'reject',
  async run(context, record, input): Promise<ReturnRecord> {
    requireStatus(record, ['requested', 'authorized', 'label-issued'], 'a rejection');
    if (record.lines.some((line) => accountedUnits(line) > 0)) throw new StatusConflict(`return ${record.id} has received goods; it can no longer be rejected`);
    const next: ReturnRecord = { ...record, status: 'rejected', lines: record.lines.map((line) => ({ ...line, authorized: false })) };
    const saved = await commitStep(context, record, next, 'reject', { by: input.by, reason: input.reason });
    await recordReturnAudit(context.tx, { actor: input.by, action: 'return-reject', returnId: record.id, reason: input.reason, details: { from: record.status } });
    await context.emit(ReturnRejected, { returnRequest: toReturnRequest(saved), reason: input.reason }, { subject: `returns/${saved.id}` });
    await updateCrmTicket(context, saved, `Rejected by ${input.by}: ${input.reason}.`);
    return saved;
  },
};
