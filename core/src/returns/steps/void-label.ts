import type { ReturnRecord } from '../return-types.ts';
import { commitStep, type SagaStep } from '../saga/step.ts';

/**
 * Compensation of step 3a (label): the label is marked void so it is not used (the return's
 * status is left to the compensation that follows, revoke or reject). A return without a live
 * label is left as it is.
 */
export const voidLabel: SagaStep<{ reason: string }> = {
  name: 'void-label',
  async run(context, record, input): Promise<ReturnRecord> {
    if (record.label === undefined || record.label.voidedAt !== undefined) return record;
    const label = { ...record.label, voidedAt: context.now.toISOString() };
    return commitStep(context, record, { ...record, label, status: record.status === 'label-issued' ? 'authorized' : record.status }, 'label', { compensation: 'void-label', reason: input.reason }, 'compensated');
  },
};
