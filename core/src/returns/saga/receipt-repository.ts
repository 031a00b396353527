import type { SqlExecutor } from '../../store/store.ts';
import type { ReturnReceipt } from '../return-types.ts';

interface ReceiptRow extends Record<string, unknown> {
  receipt_id: string;
  location_id: string;
  lines: ReturnReceipt['lines'];
  movements: ReturnReceipt['movements'];
  received_at: Date;
  voided_at: Date | null;
  void_reason: string | null;
}

function toReceipt(row: ReceiptRow): ReturnReceipt {
  return {
    receiptId: row.receipt_id,
    locationId: row.location_id,
    lines: row.lines,
    movements: row.movements,
    receivedAt: row.received_at.toISOString(),
    ...(row.voided_at === null ? {} : { voidedAt: row.voided_at.toISOString() }),
    ...(row.void_reason === null ? {} : { voidReason: row.void_reason }),
  };
}

/** Records a receipt; false when the same receipt id was recorded before (a retry). */
export async function insertReceipt(tx: SqlExecutor, returnId: string, receipt: ReturnReceipt): Promise<boolean> {
  const { rowCount } = await tx.query(
    'insert into return_receipts (return_id, receipt_id, location_id, lines, movements, received_at) values ($1, $2, $3, $4, $5, $6) on conflict do nothing',
    [returnId, receipt.receiptId, receipt.locationId, JSON.stringify(receipt.lines), JSON.stringify(receipt.movements), receipt.receivedAt],
  );
  return rowCount > 0;
}

/** Stores the movements a receipt caused. */
export async function setReceiptMovements(tx: SqlExecutor, returnId: string, receiptId: string, movements: ReturnReceipt['movements']): Promise<void> {
  await tx.query('update return_receipts set movements = $3 where return_id = $1 and receipt_id = $2', [returnId, receiptId, JSON.stringify(movements)]);
}

/** Marks a receipt voided. */
export async function markReceiptVoided(tx: SqlExecutor, returnId: string, receiptId: string, at: string, reason: string): Promise<void> {
  await tx.query('update return_receipts set voided_at = $3, void_reason = $4 where return_id = $1 and receipt_id = $2', [returnId, receiptId, at, reason]);
}

/** A return's receipts, oldest first. */
export async function listReceipts(db: SqlExecutor, returnId: string): Promise<ReturnReceipt[]> {
  const { rows } = await db.query<ReceiptRow>('select receipt_id, location_id, lines, movements, received_at, voided_at, void_reason from return_receipts where return_id = $1 order by received_at, receipt_id', [returnId]);
  return rows.map(toReceipt);
}

/** One receipt of a return, or undefined. */
export async function getReceipt(db: SqlExecutor, returnId: string, receiptId: string): Promise<ReturnReceipt | undefined> {
  const { rows } = await db.query<ReceiptRow>('select receipt_id, location_id, lines, movements, received_at, voided_at, void_reason from return_receipts where return_id = $1 and receipt_id = $2', [returnId, receiptId]);
  const row = rows[0];
  return row === undefined ? undefined : toReceipt(row);
}
