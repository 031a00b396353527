import { PermanentFailure, type ActionInput, type ActionResult, type ConnectorContext, type PayloadReader } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { shopifyGraphql } from '../graphql/client.ts';
import { assertNoUserErrors } from '../graphql/errors.ts';
import { RefundCreate } from '../graphql/mutations.ts';
import { OrderRefundState, type TransactionNode } from '../graphql/queries.ts';
import { toGid } from '../ids.ts';
import { shopifyLocation } from '../lookups/locations.ts';
import { idempotencyMarker } from './idempotency.ts';

/** Shopify's `RefundLineItemRestockType` values. */
export const RESTOCK_TYPES = ['RETURN', 'CANCEL', 'NO_RESTOCK'] as const;

/** A refund to create: money back, line items (restocked or not), or both. */
export interface RefundRequest {
  orderId: string;
  amount: { amount: string; currency: string } | undefined;
  gateway: string | undefined;
  note: string | undefined;
  notify: boolean;
  lines: { lineItemId: string; quantity: number; restockType: (typeof RESTOCK_TYPES)[number]; locationId: string | undefined }[];
}

/** Reads `lines: [{ lineItemId, quantity, restockType?, locationId? }]` of a refund payload. */
export function refundLines(config: ShopifyConfig, payload: PayloadReader, options: { optional: boolean }): RefundRequest['lines'] {
  return payload.objects('lines', { optional: options.optional }).map((line) => {
    const location = line.optionalString('locationId');
    return {
      lineItemId: toGid('LineItem', line.string('lineItemId')),
      quantity: line.integer('quantity', 1),
      restockType: line.oneOf('restockType', RESTOCK_TYPES, 'NO_RESTOCK'),
      locationId: location === undefined ? undefined : shopifyLocation(config, location),
    };
  });
}

/** The captured payment a refund goes back through. */
function parentTransaction(transactions: readonly TransactionNode[], gateway: string | undefined, orderId: string): TransactionNode {
  const parent = transactions.find((tx) => (tx.kind === 'SALE' || tx.kind === 'CAPTURE') && tx.status === 'SUCCESS' && (gateway === undefined || tx.gateway === gateway));
  if (parent === undefined) {
    throw new PermanentFailure(`order ${orderId} has no successful payment${gateway === undefined ? '' : ` through ${gateway}`} to refund`, { code: 'shopify.refund-no-payment' });
  }
  return parent;
}

/**
 * Creates a refund once per event. The note of the refund carries a marker derived from the
 * event's idempotency key; before creating, the order's refunds are read and a refund with the
 * marker means this event was applied already. Money goes back through the order's captured
 * payment (its gateway and id as the parent transaction).
 */
export async function createRefundOnce(ctx: ConnectorContext<ShopifyConfig>, input: ActionInput, request: RefundRequest): Promise<ActionResult> {
  const marker = idempotencyMarker(input.idempotencyKey);
  const { order } = await shopifyGraphql(ctx, OrderRefundState, { id: request.orderId });
  if (order === null) throw new PermanentFailure(`Shopify has no order ${request.orderId}`, { code: 'shopify.order-unknown' });
  const applied = order.refunds.find((refund) => refund.note?.includes(marker) === true);
  if (applied !== undefined) return { alreadyApplied: true, vendorIds: [applied.id] };

  let transactions: { orderId: string; parentId: string; kind: 'REFUND'; gateway: string; amount: string }[] | undefined;
  if (request.amount !== undefined) {
    const parent = parentTransaction(order.transactions, request.gateway, request.orderId);
    const paidIn = parent.amountSet.shopMoney.currencyCode;
    if (paidIn !== request.amount.currency) {
      throw new PermanentFailure(`the refund is in ${request.amount.currency}, but order ${request.orderId} was paid in ${paidIn}`, { code: 'shopify.refund-currency' });
    }
    transactions = [{ orderId: request.orderId, parentId: parent.id, kind: 'REFUND', gateway: parent.gateway ?? request.gateway ?? 'manual', amount: request.amount.amount }];
  }
  const reply = await shopifyGraphql(ctx, RefundCreate, {
    input: {
      orderId: request.orderId,
      note: request.note === undefined ? marker : `${request.note} ${marker}`,
      notify: request.notify,
      ...(request.lines.length === 0 ? {} : { refundLineItems: request.lines.map(({ locationId, ...line }) => ({ ...line, ...(locationId === undefined ? {} : { locationId }) })) }),
      ...(transactions === undefined ? {} : { transactions }),
    },
  });
  assertNoUserErrors('refundCreate', reply.refundCreate?.userErrors);
  const refund = reply.refundCreate?.refund;
  return { vendorIds: refund === null || refund === undefined ? [request.orderId] : [refund.id] };
}
