import type { ReturnLabel, ReturnRecord } from '../return-types.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import { commitStep, requireStatus, StatusConflict, type SagaStep } from '../saga/step.ts';

/**
 * Step 3a, label (mail returns): records the return label the carrier or the shop issued.
 * Compensation: {@link voidLabel}.
 */
export const issueLabel: SagaStep<Omit<ReturnLabel, 'issuedAt' | 'voidedAt'>> = {
  name: 'label',
  async run(context, record, input): Promise<ReturnRecord> {
    requireStatus(record, ['authorized', 'label-issued'], 'a return label');
    if (record.method !== 'mail') throw new StatusConflict(`return ${record.id} is handed in at a store; it needs no label`);
    const label: ReturnLabel = { ...input, issuedAt: context.now.toISOString() };
    const saved = await commitStep(context, record, { ...record, status: 'label-issued', label }, 'label', { ...label });
    await updateCrmTicket(context, saved, `Return label issued (${label.carrier}${label.trackingNumber === undefined ? '' : ` ${label.trackingNumber}`}).`);
    return saved;
  },
};
