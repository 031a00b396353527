import { ReturnClosed } from '../../events/catalog.ts';
import type { ReturnRecord } from '../return-types.ts';
import { accountedUnits } from '../return-types.ts';
import { toReturnRequest } from '../saga/canonical.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import { resolveAlerts } from '../saga/flow-alerts.ts';
import { commitStep, requireStatus, StatusConflict, type SagaStep } from '../saga/step.ts';

/**
 * Compensation of step 2 (authorize): the authorization lapses (goods never arrived) or is
 * withdrawn. The return closes without refund, return.closed is emitted, the CRM ticket closes.
 * Only a return with nothing received can be revoked.
 */
export const revokeAuthorization: SagaStep<{ reason: string }> = {
  name: 'revoke-authorization',
  async run(context, record, input): Promise<ReturnRecord> {
    requireStatus(record, ['authorized', 'label-issued'], 'revoking the authorization');
    if (record.lines.some((line) => accountedUnits(line) > 0)) throw new StatusConflict(`return ${record.id} has received goods; its authorization can no longer be revoked`);
    const saved = await commitStep(context, record, { ...record, status: 'closed' }, 'authorize', { compensation: 'revoke-authorization', reason: input.reason }, 'compensated');
    await context.emit(ReturnClosed, { returnRequest: toReturnRequest(saved) }, { subject: `returns/${saved.id}` });
    await updateCrmTicket(context, saved, `Authorization revoked: ${input.reason}.`);
    await resolveAlerts(context.tx, `return:${saved.id}`, context.actor, context.now.toISOString());
    return saved;
  },
};
