import { ReturnAuthorized } from '../../events/catalog.ts';
import type { ReturnRecord } from '../return-types.ts';
import { recordReturnAudit } from '../saga/audit.ts';
import { toReturnRequest } from '../saga/canonical.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import { commitStep, requireStatus, type SagaStep } from '../saga/step.ts';

const DAY_MS = 86_400_000;
const DEFAULT_RECEIVE_WITHIN_DAYS = 30;

/**
 * Agent override of a policy rejection: every requested line is authorized, the override (who,
 * why, when) is kept on the return and written to the audit log. Emits return.authorized.
 */
export const approveOverride: SagaStep<{ by: string; reason: string }> = {
  name: 'override',
  async run(context, record, input): Promise<ReturnRecord> {
    requireStatus(record, ['rejected', 'requested'], 'an override');
    const at = context.now.toISOString();
    const days = record.decision?.receiveWithinDays ?? DEFAULT_RECEIVE_WITHIN_DAYS;
    const next: ReturnRecord = {
      ...record,
      status: 'authorized',
      override: { by: input.by, reason: input.reason, at },
      lines: record.lines.map((line) => ({ ...line, authorized: true })),
      receiveBy: new Date(context.now.getTime() + days * DAY_MS).toISOString(),
    };
    const saved = await commitStep(context, record, next, 'override', { by: input.by, reason: input.reason, policyOutcome: record.decision?.outcome });
    await recordReturnAudit(context.tx, { actor: input.by, action: 'return-override', returnId: record.id, reason: input.reason, details: { from: record.status, rulesApplied: record.decision?.rulesApplied ?? [] } });
    await context.emit(ReturnAuthorized, { returnRequest: toReturnRequest(saved) }, { subject: `returns/${saved.id}` });
    await updateCrmTicket(context, saved, `Authorized by ${input.by} overriding the policy: ${input.reason}.`);
    return saved;
  },
};
