import { ReturnClosed } from '../../events/catalog.ts';
import type { ReturnRecord } from '../return-types.ts';
import { toReturnRequest } from '../saga/canonical.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import type { SagaStep } from '../saga/step.ts';
import { commitStep } from '../saga/step.ts';

/**
 * Step 8, close: a refunded return (or one with nothing to refund, or one its source system
 * finished) is closed: return.closed, CRM ticket closed. Any other return is left as it is.
 */
export const closeReturn: SagaStep<Record<string, never>> = {
  name: 'close',
  async run(context, record): Promise<ReturnRecord> {
    const done = record.status === 'refunded' || (record.status === 'inspected' && record.refund?.status === 'not-required');
    if (!done) return record;
    const saved = await commitStep(context, record, { ...record, status: 'closed' }, 'close');
    await context.emit(ReturnClosed, { returnRequest: toReturnRequest(saved) }, { subject: `returns/${saved.id}` });
    await updateCrmTicket(context, saved, 'Return closed.');
    return saved;
  },
};
