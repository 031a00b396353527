import type { ConnectorContext } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { shopifyGraphql } from './client.ts';
import { OrderById, OrderLineItems, type OrderNode } from './queries.ts';

/** Enough for an order of 2,500 lines; a bound so a misbehaving reply cannot loop for ever. */
const MAX_LINE_ITEM_PAGES = 100;

/**
 * The order with all its line items: the rest is read page by page when the first page (25) did
 * not hold them all.
 *
 * @example
 * const complete = await completeLineItems(ctx, order);
 */
export async function completeLineItems(ctx: ConnectorContext<ShopifyConfig>, order: OrderNode): Promise<OrderNode> {
  let { pageInfo } = order.lineItems;
  if (!pageInfo.hasNextPage) return order;
  const nodes = [...order.lineItems.nodes];
  for (let page = 0; pageInfo.hasNextPage && page < MAX_LINE_ITEM_PAGES; page += 1) {
    const data = await shopifyGraphql(ctx, OrderLineItems, { id: order.id, after: pageInfo.endCursor });
    if (data.order === null) break;
    nodes.push(...data.order.lineItems.nodes);
    ({ pageInfo } = data.order.lineItems);
  }
  return { ...order, lineItems: { pageInfo, nodes } };
}

/**
 * An order as `shopify.order-to-canonical` reads it (the selection of the reconciliation poller),
 * with all its line items; undefined when Shopify does not know it.
 *
 * @example
 * const order = await readOrder(ctx, 'gid://shopify/Order/450789469');
 */
export async function readOrder(ctx: ConnectorContext<ShopifyConfig>, id: string): Promise<OrderNode | undefined> {
  const { order } = await shopifyGraphql(ctx, OrderById, { id });
  return order === null ? undefined : completeLineItems(ctx, order);
}
