import { ReturnReceived } from '../../events/catalog.ts';
import type { ReturnRecord } from '../return-types.ts';
import { toReturnRequest } from '../saga/canonical.ts';
import { updateCrmTicket } from '../saga/crm-ticket.ts';
import type { SagaStep } from '../saga/step.ts';

/** Emits return.received with the return as it now is (received, or inspected) and updates the CRM ticket. */
export const announceReceipt: SagaStep<{ receiptId: string; locationId: string }> = {
  name: 'announce-receipt',
  async run(context, record, input): Promise<ReturnRecord> {
    await context.emit(ReturnReceived, { returnRequest: toReturnRequest(record) }, { subject: `returns/${record.id}` });
    await updateCrmTicket(context, record, `Goods received at ${input.locationId} (receipt ${input.receiptId}).`);
    return record;
  },
};
