import { InventoryMovementRecorded } from '../../events/catalog.ts';
import type { ReturnRecord } from '../return-types.ts';
import { getReceipt } from '../saga/receipt-repository.ts';
import { commitStep, type SagaStep } from '../saga/step.ts';

/**
 * Compensation of step 5 (restock): emits the exact opposite of each movement the receipt caused
 * (same SKU and location, negative quantity, id `<movement id>:reversal`), so the stock ledger
 * ends where it was before the receipt.
 */
export const reverseRestock: SagaStep<{ receiptId: string; reason: string }> = {
  name: 'reverse-restock',
  async run(context, record, input): Promise<ReturnRecord> {
    const receipt = await getReceipt(context.tx, record.id, input.receiptId);
    if (receipt === undefined || receipt.movements.length === 0) return record;
    const at = context.now.toISOString();
    for (const movement of receipt.movements) {
      await context.emit(
        InventoryMovementRecorded,
        {
          movementId: `${movement.movementId}:reversal`,
          sku: movement.sku,
          locationId: movement.locationId,
          mode: 'delta',
          bucket: 'onHand',
          quantity: -movement.quantity,
          reason: 'adjustment',
          sourceSystem: 'omnihub',
          occurredAt: at,
          reference: { orderId: record.orderId, lineId: movement.lineId, returnId: record.id, documentId: receipt.receiptId },
        },
        { subject: `stock/${movement.sku}/${movement.locationId}`, partitionKey: `${movement.sku}@${movement.locationId}` },
      );
    }
    return commitStep(context, record, record, 'restock', { compensation: 'reverse-restock', receiptId: receipt.receiptId, reason: input.reason, movements: receipt.movements }, 'compensated');
  },
};
