import type { RefundIssuedV1, ReturnRequestV1 } from '../../generated/schema-types.ts';
import type { SqlExecutor } from '../../store/store.ts';
import { addRefund, addReturnedUnits, getCustomerOrder } from '../order-view.ts';
import type { ProjectionHandler } from './handler-types.ts';

async function customerOf(tx: SqlExecutor, request: ReturnRequestV1): Promise<string | undefined> {
  return request.customerId ?? (await getCustomerOrder(tx, request.orderId))?.customerId;
}

/** return.requested, .authorized, .rejected, .received, .closed: the open returns of the context changed. */
export const onReturnChanged: ProjectionHandler<{ returnRequest: ReturnRequestV1 }> = async (event, { tx }) => [await customerOf(tx, event.data.returnRequest)];

/** return.refunded: the refunded units count as returned on their order lines. */
export const onReturnRefunded: ProjectionHandler<{ returnRequest: ReturnRequestV1 }> = async (event, { tx }) => {
  const request = event.data.returnRequest;
  const units = new Map<string, number>();
  for (const line of request.lines) {
    const received = line.disposition === 'MISSING' ? 0 : (line.receivedQuantity ?? 0);
    if (received > 0) units.set(line.lineId, (units.get(line.lineId) ?? 0) + received);
  }
  await addReturnedUnits(tx, request.orderId, units);
  return [await customerOf(tx, request)];
};

/** refund.issued: a succeeded refund lowers the lifetime value. */
export const onRefundIssued: ProjectionHandler<RefundIssuedV1> = async (event, { tx }) => {
  const { refund } = event.data;
  if (refund.status !== 'succeeded') return [];
  const view = await addRefund(tx, refund.orderId, refund.id, refund.amount);
  return [view?.customerId];
};
