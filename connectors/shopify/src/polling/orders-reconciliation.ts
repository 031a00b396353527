import type { ConnectorContext, Poller, VendorRecord } from '@omnihub/connector-sdk';
import { DEFAULTS, type ShopifyConfig } from '../config.ts';
import { shopifyGraphql } from '../graphql/client.ts';
import type { GraphqlOperation } from '../graphql/operation.ts';
import { CancelledOrdersSince, OrdersUpdatedSince, type CancelledOrderNode, type OrderNode } from '../graphql/queries.ts';
import { completeLineItems } from '../graphql/read-order.ts';
import { utc } from '../webhooks/delivery.ts';
import { readCursor, writeCursor, type ReconcileCursor } from './cursor.ts';

/** `updated_at:>='…'` (and more terms), Shopify's search syntax for "updated at or after". */
export function updatedSinceQuery(since: string, extra = ''): string {
  return `updated_at:>='${since}'${extra === '' ? '' : ` AND ${extra}`}`;
}

/** A page of orders: the nodes, and where the next page starts. */
interface OrdersPage<Node> {
  orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: Node[] };
}

/** How one reconciliation poller reads and records orders. */
interface ReconcileSpec<Node extends { id: string; updatedAt: string }> {
  operation: GraphqlOperation<OrdersPage<Node>, { first: number; after: string | null; query: string }>;
  pageSize: (config: ShopifyConfig) => number;
  searchTerms: string;
  complete: (ctx: ConnectorContext<ShopifyConfig>, node: Node) => Promise<Node>;
  record: (node: Node) => VendorRecord;
}

/**
 * A reconciliation poller: reads the orders updated since the cursor (and matching the spec's
 * search terms), oldest update first, one GraphQL page per poll (`more` while pages remain, the
 * page cursor kept in the stored cursor). When a read is complete, the next starts
 * `reconciliationOverlapSeconds` before the newest update seen, because Shopify's search index
 * lags behind writes; orders read twice are de-duplicated by their record id.
 */
function reconciliation<Node extends { id: string; updatedAt: string }>(spec: ReconcileSpec<Node>): Poller<ShopifyConfig> {
  return {
    poll: async (stored, ctx) => {
      const { config } = ctx;
      const now = ctx.clock.now().getTime();
      const lookbackMs = (config.reconciliationLookbackHours ?? DEFAULTS.reconciliationLookbackHours) * 3_600_000;
      const cursor: ReconcileCursor = stored === undefined ? { since: new Date(now - lookbackMs).toISOString() } : readCursor(stored);
      const data = await shopifyGraphql(ctx, spec.operation, { first: spec.pageSize(config), after: cursor.after ?? null, query: updatedSinceQuery(cursor.since, spec.searchTerms) });
      const nodes: Node[] = [];
      for (const node of data.orders.nodes) nodes.push(await spec.complete(ctx, node));
      const records = nodes.map(spec.record);
      const high = [cursor.high, ...nodes.map((node) => utc(node.updatedAt))].filter((value): value is string => value !== undefined).sort().at(-1);
      const { pageInfo } = data.orders;
      if (pageInfo.hasNextPage && pageInfo.endCursor !== null) {
        return { records, cursor: writeCursor({ since: cursor.since, after: pageInfo.endCursor, high }), more: true };
      }
      const overlapMs = (config.reconciliationOverlapSeconds ?? DEFAULTS.reconciliationOverlapSeconds) * 1000;
      const next = high === undefined ? cursor.since : new Date(Math.max(Date.parse(cursor.since), Date.parse(high) - overlapMs)).toISOString();
      ctx.logger.debug({ operation: spec.operation.name, orders: records.length, since: cursor.since, next }, 'order reconciliation read complete');
      return { records, cursor: writeCursor({ since: next }), more: false };
    },
  };
}

/**
 * The record of a reconciled order (`shopify.Order`, the selection of `shopify.order-to-canonical`,
 * the same the orders/create webhook reads, so both give the hub the same order). Its id is the
 * order's global id, so the poller takes each order in once; later changes come by webhook
 * (cancellations also through {@link cancellationsReconciliation}). The sequence is the order's
 * `updatedAt` in UTC.
 */
export function orderRecord(order: OrderNode): VendorRecord {
  const sequence = utc(order.updatedAt);
  return { id: order.id, type: 'shopify.Order', partitionKey: order.id, ...(sequence === undefined ? {} : { sequence, occurredAt: sequence }), payload: order };
}

/** The record of a cancelled order (`shopify.CancelledOrder`), taken in once per order. */
export function cancelledOrderRecord(order: CancelledOrderNode): VendorRecord {
  const sequence = utc(order.updatedAt);
  const occurredAt = utc(order.cancelledAt) ?? sequence;
  return { id: `${order.id}:cancelled`, type: 'shopify.CancelledOrder', partitionKey: order.id, ...(sequence === undefined ? {} : { sequence }), ...(occurredAt === undefined ? {} : { occurredAt }), payload: order };
}

/** Reconciliation of orders whose `orders/create` webhook may have been lost. */
export const ordersReconciliation: Poller<ShopifyConfig> = reconciliation<OrderNode>({
  operation: OrdersUpdatedSince,
  pageSize: (config) => config.reconciliationPageSize ?? DEFAULTS.reconciliationPageSize,
  searchTerms: '',
  complete: completeLineItems,
  record: orderRecord,
});

/** Reconciliation of cancellations whose `orders/cancelled` webhook may have been lost. */
export const cancellationsReconciliation: Poller<ShopifyConfig> = reconciliation<CancelledOrderNode>({
  operation: CancelledOrdersSince,
  pageSize: () => DEFAULTS.cancellationPageSize,
  searchTerms: 'status:cancelled',
  complete: (_ctx, order) => Promise.resolve(order),
  record: cancelledOrderRecord,
});
