import { HubError } from '../../errors/hub-error.ts';
import type { ReturnRecord } from '../return-types.ts';
import { commitStep, type SagaStep } from '../saga/step.ts';

/**
 * Compensation of step 6 (inspect): the return is received again and its computed refund is
 * dropped. Refused once the refund was requested from the payment system (it may be paid).
 */
export const reopenInspection: SagaStep<{ reason: string }> = {
  name: 'reopen-inspection',
  async run(context, record, input): Promise<ReturnRecord> {
    if (record.status !== 'inspected') return record;
    if (record.refund !== undefined && record.refund.attempt > 0) {
      throw new HubError('conflict', { detail: `the refund of return ${record.id} was requested from ${record.refund.gateway ?? 'the payment system'} already; its inspection cannot be reopened` });
    }
    const { refund: _dropped, ...rest } = record;
    return commitStep(context, record, { ...rest, status: 'received' }, 'inspect', { compensation: 'reopen-inspection', reason: input.reason }, 'compensated');
  },
};
