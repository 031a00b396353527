import type { RoutingLine } from '../routing/engine-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import { orderFulfillments, type FulfillmentRecord } from './fulfillment-store.ts';
import { deriveStatus, type InternalStatus } from './order-status.ts';
import { getOrder, recordStatus, type OrderRecord, type RoutingState } from './order-store.ts';

/** The order's lines as routing lines, less the cancelled ones. */
export function openLines(record: Pick<OrderRecord, 'order' | 'cancelledLineIds'>): RoutingLine[] {
  const cancelled = new Set(record.cancelledLineIds);
  return record.order.lines.filter((line) => !cancelled.has(line.lineId)).map((line) => ({ lineId: line.lineId, sku: line.sku, quantity: line.quantity }));
}

/**
 * Derives the order's status from its open lines and fulfillments and records `event` in its
 * history with that status. A cancelled order stays cancelled. `known` spares reading the order
 * and its fulfillments when the caller holds all of them; `routing` is written with the status.
 */
export async function refreshStatus(tx: SqlExecutor, orderId: string, event: string, detail?: string, known?: { record: OrderRecord; fulfillments: readonly FulfillmentRecord[] }, routing?: RoutingState): Promise<InternalStatus> {
  const record = known?.record ?? (await getOrder(tx, orderId));
  if (record === undefined) throw new Error(`order ${orderId} vanished`);
  const status = record.status === 'cancelled' ? 'cancelled' : deriveStatus(openLines(record), known?.fulfillments ?? (await orderFulfillments(tx, orderId)));
  await recordStatus(tx, orderId, status, event, detail, routing);
  return status;
}
