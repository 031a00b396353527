import { HubError } from '../../errors/hub-error.ts';
import { accountedUnits, type ReturnRecord } from '../return-types.ts';
import { getReceipt, markReceiptVoided } from '../saga/receipt-repository.ts';
import { commitStep, requireStatus, type SagaStep } from '../saga/step.ts';

/**
 * Compensation of step 4 (receive): the receipt is voided (kept, marked with why) and its units
 * are expected again; with no other receipt left the return goes back to authorized (or
 * label-issued when it has a live label).
 */
export const unreceive: SagaStep<{ receiptId: string; reason: string }> = {
  name: 'unreceive',
  async run(context, record, input): Promise<ReturnRecord> {
    const receipt = await getReceipt(context.tx, record.id, input.receiptId);
    if (receipt === undefined) throw new HubError('not-found', { detail: `return ${record.id} has no receipt ${input.receiptId}` });
    requireStatus(record, ['received', 'inspected'], 'voiding a receipt');
    if (receipt.voidedAt !== undefined) throw new HubError('conflict', { detail: `receipt ${input.receiptId} of return ${record.id} was voided already` });
    await markReceiptVoided(context.tx, record.id, receipt.receiptId, context.now.toISOString(), input.reason);
    const lines = record.lines.map((line) => ({ ...line, dispositions: line.dispositions.filter((d) => d.receiptId !== receipt.receiptId) }));
    const anyLeft = lines.some((line) => accountedUnits(line) > 0);
    const status = anyLeft ? 'received' : record.label !== undefined && record.label.voidedAt === undefined ? 'label-issued' : 'authorized';
    return commitStep(context, record, { ...record, lines, status }, 'receive', { compensation: 'void-receipt', receiptId: receipt.receiptId, reason: input.reason }, 'compensated');
  },
};
