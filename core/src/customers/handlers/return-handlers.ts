import type { RefundIssuedV1, ReturnClosedV1, ReturnRefundedV1, ReturnRequestV1 } from '../../generated/schema-types.ts';
import type { SqlExecutor } from '../../store/store.ts';
import { getCustomerOrder } from '../order-view.ts';
import { refundIssuedUpdate, returnClosedUpdate, returnRefundedUpdate } from '../order-updates.ts';
import type { ProjectionHandler } from './handler-types.ts';
import { orderScoped } from './order-scoped.ts';

async function customerOf(tx: SqlExecutor, request: ReturnRequestV1): Promise<string | undefined> {
  return request.customerId ?? (await getCustomerOrder(tx, request.orderId))?.customerId;
}

/**
 * return.requested, .authorized, .rejected, .received, .closed: the open returns of the context
 * changed. These change no order, and the open returns are read afresh whenever a context is
 * rebuilt (the order's arrival rebuilds its customer's), so one arriving before its order waits
 * for nothing.
 */
export const onReturnChanged: ProjectionHandler<{ returnRequest: ReturnRequestV1 }> = async (event, { tx }) => [await customerOf(tx, event.data.returnRequest)];

const closedRefund = orderScoped(returnClosedUpdate);

/** return.closed: the open returns changed, and a refund made at the source lowers the lifetime value. */
export const onReturnClosed: ProjectionHandler<ReturnClosedV1> = async (event, context) => [
  ...(await closedRefund(event, context)),
  await customerOf(context.tx, event.data.returnRequest),
];

const returnedUnits = orderScoped(returnRefundedUpdate);

/**
 * return.refunded: the refunded units count as returned on their order lines and the refund lowers
 * the lifetime value, once (applied when the order arrives, if it has not yet); the return itself
 * changed too.
 */
export const onReturnRefunded: ProjectionHandler<ReturnRefundedV1> = async (event, context) => [
  ...(await returnedUnits(event, context)),
  await customerOf(context.tx, event.data.returnRequest),
];

/** refund.issued: a succeeded refund lowers the lifetime value (applied when the order arrives, if it has not yet). */
export const onRefundIssued: ProjectionHandler<RefundIssuedV1> = orderScoped(refundIssuedUpdate);
