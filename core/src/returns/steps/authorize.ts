import { ReturnAuthorized, ReturnRejected } from '../../events/catalog.ts';
import { evaluatePolicy, type PolicyQuestion } from '../policy/evaluate-policy.ts';
import type { StoredPolicy } from '../policy/policy-types.ts';
import type { ReturnOverride, ReturnRecord } from '../return-types.ts';
import { recordReturnAudit } from '../saga/audit.ts';
import { toReturnRequest } from '../saga/canonical.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import { commitStep, requireStatus, type SagaStep } from '../saga/step.ts';

const DAY_MS = 86_400_000;

/** What the authorization decides from. */
export interface AuthorizeInput {
  policy: StoredPolicy;
  question: PolicyQuestion;
  /** An agent authorizing despite the policy, with the reason (audited). */
  override?: { by: string; reason: string } | undefined;
  /** The reporting system decided already (a return reported as authorized): record, do not re-decide. */
  decidedAtSource?: boolean | undefined;
}

/**
 * Step 2, authorize: evaluates the policy and records which rules applied. Eligible lines are
 * authorized, the others left out; an override authorizes every requested line and is audited.
 * Emits return.authorized or return.rejected and opens the CRM ticket.
 * Compensation: {@link revokeAuthorization}.
 */
export const authorize: SagaStep<AuthorizeInput> = {
  name: 'authorize',
  async run(context, record, input): Promise<ReturnRecord> {
    requireStatus(record, ['requested', 'authorized'], 'authorization');
    const decision = evaluatePolicy(input.policy, input.question);
    const at = context.now.toISOString();
    const override: ReturnOverride | undefined = input.override === undefined ? undefined : { by: input.override.by, reason: input.override.reason, at };
    const authorizedAll = override !== undefined || input.decidedAtSource === true;
    const eligible = new Set(decision.lines.filter((line) => line.eligible).map((line) => line.lineId));
    const outcome = authorizedAll ? 'authorized' : decision.outcome;
    const next: ReturnRecord = {
      ...record,
      status: outcome,
      decision,
      lines: record.lines.map((line) => ({ ...line, authorized: outcome === 'authorized' && (authorizedAll || eligible.has(line.lineId)) })),
      ...(override === undefined ? {} : { override }),
      ...(decision.eligibleUntil === undefined ? {} : { eligibleUntil: decision.eligibleUntil }),
      ...(outcome === 'authorized' ? { receiveBy: new Date(context.now.getTime() + decision.receiveWithinDays * DAY_MS).toISOString() } : {}),
    };
    const saved = await commitStep(context, record, next, 'authorize', {
      policy: `${decision.policyId}@${decision.policyVersion}`,
      outcome: decision.outcome,
      rulesApplied: decision.rulesApplied,
      ...(decision.reason === undefined ? {} : { reason: decision.reason }),
      ...(override === undefined ? {} : { override }),
      ...(input.decidedAtSource === true ? { decidedAtSource: true } : {}),
    });
    if (override !== undefined) await recordReturnAudit(context.tx, { actor: override.by, action: 'return-override', returnId: record.id, reason: override.reason, details: { policyOutcome: decision.outcome, rulesApplied: decision.rulesApplied } });
    if (outcome === 'authorized') await context.emit(ReturnAuthorized, { returnRequest: toReturnRequest(saved) }, { subject: `returns/${saved.id}` });
    else await context.emit(ReturnRejected, { returnRequest: toReturnRequest(saved), reason: decision.reason ?? 'the return policy refused the return' }, { subject: `returns/${saved.id}` });
    await updateCrmTicket(context, saved, outcome === 'authorized' ? 'Return authorized.' : `Return rejected: ${decision.reason ?? 'policy'}.`);
    return saved;
  },
};
