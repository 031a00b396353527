import { InventoryMovementRecorded } from '../../events/catalog.ts';
import type { ReceiptMovement, ReturnRecord } from '../return-types.ts';
import { getReceipt, setReceiptMovements } from '../saga/receipt-repository.ts';
import { commitStep, type SagaStep } from '../saga/step.ts';

/**
 * Step 5, restock: the RESTOCKED units of a receipt become stock movements at their restock
 * location (inventory.movement.recorded, reason `return`, one per line and location, with an
 * idempotency id derived from the receipt so a repeated request never counts twice). A return
 * its source system processed already (a POS) moved its own stock: nothing is emitted.
 * Compensation: {@link reverseRestock}.
 */
export const restock: SagaStep<{ receiptId: string }> = {
  name: 'restock',
  async run(context, record, input): Promise<ReturnRecord> {
    if (record.origin.managedBy === 'source') return record;
    const receipt = await getReceipt(context.tx, record.id, input.receiptId);
    if (receipt === undefined) throw new Error(`receipt ${input.receiptId} of return ${record.id} is missing`);
    const skus = new Map(record.lines.map((line) => [line.lineId, line.sku]));
    const grouped = new Map<string, ReceiptMovement>();
    for (const line of receipt.lines) {
      if (line.disposition !== 'RESTOCKED' || line.restockLocationId === undefined) continue;
      const key = `${line.lineId}:${line.restockLocationId}`;
      const current = grouped.get(key);
      grouped.set(key, {
        movementId: `return:${record.id}:${receipt.receiptId}:${key}`,
        sku: skus.get(line.lineId) ?? line.lineId,
        locationId: line.restockLocationId,
        lineId: line.lineId,
        quantity: (current?.quantity ?? 0) + line.quantity,
      });
    }
    const movements = [...grouped.values()];
    if (movements.length === 0) return record;
    for (const movement of movements) {
      await context.emit(
        InventoryMovementRecorded,
        {
          movementId: movement.movementId,
          sku: movement.sku,
          locationId: movement.locationId,
          mode: 'delta',
          bucket: 'onHand',
          quantity: movement.quantity,
          reason: 'return',
          sourceSystem: 'omnihub',
          occurredAt: receipt.receivedAt,
          reference: { orderId: record.orderId, lineId: movement.lineId, returnId: record.id, documentId: receipt.receiptId },
        },
        { subject: `stock/${movement.sku}/${movement.locationId}`, partitionKey: `${movement.sku}@${movement.locationId}` },
      );
    }
    await setReceiptMovements(context.tx, record.id, receipt.receiptId, movements);
    return commitStep(context, record, record, 'restock', { receiptId: receipt.receiptId, movements });
  },
};
