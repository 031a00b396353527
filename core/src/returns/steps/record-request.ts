import { ReturnRequested } from '../../events/catalog.ts';
import type { ReturnRecord } from '../return-types.ts';
import { toReturnRequest } from '../saga/canonical.ts';
import { appendHistory, insertReturn } from '../saga/return-repository.ts';
import type { SagaStep } from '../saga/step.ts';

/**
 * Step 1, request: records the return as requested, and (when the hub itself took the request,
 * from the API) announces it with return.requested. Requests that came as return.requested
 * events are not announced again.
 */
export const recordRequest: SagaStep<{ announce: boolean }> = {
  name: 'request',
  async run(context, record, input): Promise<ReturnRecord> {
    const inserted = await insertReturn(context.tx, record);
    if (!inserted) throw new Error(`return ${record.id} exists already`);
    await appendHistory(context.tx, record.id, {
      at: context.now.toISOString(),
      step: 'request',
      outcome: 'done',
      toStatus: record.status,
      actor: context.actor,
      detail: { channel: record.origin.channel, source: record.origin.source, method: record.method, lines: record.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity, reason: l.reason })) },
    });
    if (input.announce) await context.emit(ReturnRequested, { returnRequest: toReturnRequest(record) }, { subject: `returns/${record.id}` });
    return record;
  },
};
