import { HubError, type FieldError } from '../../errors/hub-error.ts';
import { accountedUnits, type LineDisposition, type ReceiptLine, type ReturnReceipt, type ReturnRecord } from '../return-types.ts';
import { insertReceipt } from '../saga/receipt-repository.ts';
import { commitStep, requireStatus, type SagaStep, type StepContext } from '../saga/step.ts';
import { getLocation } from '../../locations/location-store.ts';

/** A receipt as handed in. */
export interface ReceiveInput {
  receiptId: string;
  locationId: string;
  lines: ReceiptLine[];
  /** Nothing more will come: units still outstanding are recorded MISSING. */
  complete: boolean;
}

function checkLines(record: ReturnRecord, input: ReceiveInput): void {
  const errors: FieldError[] = [];
  const outstanding = new Map(record.lines.filter((line) => line.authorized).map((line) => [line.lineId, line.quantity - accountedUnits(line)]));
  input.lines.forEach((line, index) => {
    const left = outstanding.get(line.lineId);
    if (left === undefined) errors.push({ path: `/lines/${index}/lineId`, message: `return ${record.id} has no authorized line ${line.lineId}`, keyword: 'line' });
    else if (line.quantity > left) errors.push({ path: `/lines/${index}/quantity`, message: `only ${left} unit(s) of line ${line.lineId} are still expected`, keyword: 'maximum' });
    else outstanding.set(line.lineId, left - line.quantity);
  });
  if (errors.length > 0) throw new HubError('validation-failed', { detail: `the receipt does not fit return ${record.id}: ${errors.map((e) => e.message).join('; ')}`, errors });
}

/**
 * Checks that every location stock would be restocked at exists: each RESTOCKED line's restock
 * location, or the receipt's location when a RESTOCKED line names none. Throws
 * `validation-failed` naming each unknown one.
 */
async function checkRestockLocations(context: StepContext, record: ReturnRecord, input: ReceiveInput): Promise<void> {
  if (record.origin.managedBy === 'source') return;
  const wanted = new Map<string, string>();
  input.lines.forEach((line, index) => {
    if (line.disposition !== 'RESTOCKED') return;
    if (line.restockLocationId !== undefined) wanted.set(`/lines/${index}/restockLocationId`, line.restockLocationId);
    else wanted.set('/locationId', input.locationId);
  });
  const errors: FieldError[] = [];
  const known = new Map<string, boolean>();
  for (const [path, locationId] of wanted) {
    if (!known.has(locationId)) known.set(locationId, (await getLocation(context.tx, locationId)) !== undefined);
    if (known.get(locationId) !== true) errors.push({ path, message: `no location ${locationId} to restock at`, keyword: 'location' });
  }
  if (errors.length > 0) throw new HubError('validation-failed', { detail: `the receipt does not fit return ${record.id}: ${errors.map((e) => e.message).join('; ')}`, errors });
}

/**
 * Step 3b/4, receive: records goods handed in at a location (a store or a warehouse), with the
 * disposition of each unit; partial receipts are allowed and add up. `complete` records the
 * units still outstanding as MISSING. RESTOCKED units without a restock location are restocked
 * where they were received. Compensation: {@link unreceive}.
 */
export const receive: SagaStep<ReceiveInput> = {
  name: 'receive',
  async run(context, record, input): Promise<ReturnRecord> {
    requireStatus(record, ['authorized', 'label-issued', 'received'], 'a receipt');
    checkLines(record, input);
    await checkRestockLocations(context, record, input);
    const added = new Map<string, LineDisposition[]>();
    const receiptLines: ReceiptLine[] = input.lines.map((line) => ({
      ...line,
      ...(line.disposition === 'RESTOCKED' ? { restockLocationId: line.restockLocationId ?? input.locationId } : {}),
    }));
    for (const line of receiptLines) {
      added.set(line.lineId, [...(added.get(line.lineId) ?? []), { receiptId: input.receiptId, disposition: line.disposition, quantity: line.quantity, ...(line.restockLocationId === undefined ? {} : { restockLocationId: line.restockLocationId }) }]);
    }
    let lines = record.lines.map((line) => ({ ...line, dispositions: [...line.dispositions, ...(added.get(line.lineId) ?? [])] }));
    if (input.complete) {
      lines = lines.map((line) => {
        const missing = line.authorized ? line.quantity - accountedUnits(line) : 0;
        if (missing <= 0) return line;
        receiptLines.push({ lineId: line.lineId, quantity: missing, disposition: 'MISSING' });
        return { ...line, dispositions: [...line.dispositions, { receiptId: input.receiptId, disposition: 'MISSING' as const, quantity: missing }] };
      });
    }
    const receipt: ReturnReceipt = { receiptId: input.receiptId, locationId: input.locationId, lines: receiptLines, movements: [], receivedAt: context.now.toISOString() };
    if (!(await insertReceipt(context.tx, record.id, receipt))) throw new HubError('conflict', { detail: `receipt ${input.receiptId} of return ${record.id} was recorded before` });
    return commitStep(context, record, { ...record, status: 'received', lines }, 'receive', { receiptId: input.receiptId, locationId: input.locationId, lines: receiptLines });
  },
};
