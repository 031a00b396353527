import { CANCELLED_ORDER_FIELDS, LINE_ITEM_FIELDS, ORDER_FIELDS, RETURN_FIELDS } from './fragments.ts';
import { defineOperation, type ShopMoney } from './operation.ts';

/** A line item as {@link LINE_ITEM_FIELDS} selects it. */
export interface LineItemNode {
  id: string;
  sku: string | null;
  name: string;
  quantity: number;
  originalUnitPriceSet: ShopMoney;
  variant: { id: string; barcode: string | null } | null;
  product: { productType: string } | null;
}

/** An order as {@link ORDER_FIELDS} selects it: the `shopify.Order` vendor payload of the poller. */
export interface OrderNode {
  id: string;
  legacyResourceId: string;
  updatedAt: string;
  cancelledAt: string | null;
  lineItems: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: LineItemNode[] };
  [field: string]: unknown;
}

/** Checks the token and the shop: reads one location. */
export const Ping = defineOperation<{ locations: { nodes: { id: string; name: string }[] } }, Record<string, never>>({
  name: 'OmnihubPing',
  kind: 'query',
  document: 'query OmnihubPing { locations(first: 1) { nodes { id name } } }',
  estimatedCost: 3,
  retrySafe: true,
});

/** Variants whose SKU matches a search (`sku:"…"`), with their inventory item. */
export const VariantsBySku = defineOperation<
  { productVariants: { nodes: { id: string; sku: string | null; inventoryItem: { id: string } }[] } },
  { query: string }
>({
  name: 'OmnihubVariantsBySku',
  kind: 'query',
  document: 'query OmnihubVariantsBySku($query: String!) { productVariants(first: 10, query: $query) { nodes { id sku inventoryItem { id } } } }',
  estimatedCost: 13,
  retrySafe: true,
});

/** The SKU of an inventory item. */
export const InventoryItemSku = defineOperation<{ inventoryItem: { id: string; sku: string | null } | null }, { id: string }>({
  name: 'OmnihubInventoryItemSku',
  kind: 'query',
  document: 'query OmnihubInventoryItemSku($id: ID!) { inventoryItem(id: $id) { id sku } }',
  estimatedCost: 1,
  retrySafe: true,
});

/** The named quantities of an inventory item at a location. */
export const InventoryQuantities = defineOperation<
  {
    inventoryItem: {
      id: string;
      tracked: boolean;
      inventoryLevel: { id: string; quantities: { name: string; quantity: number; updatedAt: string | null }[] } | null;
    } | null;
  },
  { itemId: string; locationId: string; names: string[] }
>({
  name: 'OmnihubInventoryQuantities',
  kind: 'query',
  document: `query OmnihubInventoryQuantities($itemId: ID!, $locationId: ID!, $names: [String!]!) {
  inventoryItem(id: $itemId) {
    id
    tracked
    inventoryLevel(locationId: $locationId) { id quantities(names: $names) { name quantity updatedAt } }
  }
}`,
  estimatedCost: 4,
  retrySafe: true,
});

/** One page of orders updated since a time, oldest update first. */
export const OrdersUpdatedSince = defineOperation<
  { orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: OrderNode[] } },
  { first: number; after: string | null; query: string }
>({
  name: 'OmnihubOrdersUpdatedSince',
  kind: 'query',
  document: `query OmnihubOrdersUpdatedSince($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ...OmnihubOrder }
  }
}
${ORDER_FIELDS}
${LINE_ITEM_FIELDS}`,
  estimatedCost: 800,
  retrySafe: true,
});

/** A cancelled order as {@link CANCELLED_ORDER_FIELDS} selects it. */
export interface CancelledOrderNode {
  id: string;
  legacyResourceId: string;
  name: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
}

/** One page of orders cancelled and updated since a time, oldest update first. */
export const CancelledOrdersSince = defineOperation<
  { orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: CancelledOrderNode[] } },
  { first: number; after: string | null; query: string }
>({
  name: 'OmnihubCancelledOrdersSince',
  kind: 'query',
  document: `query OmnihubCancelledOrdersSince($first: Int!, $after: String, $query: String!) {
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes { ...OmnihubCancelledOrder }
  }
}
${CANCELLED_ORDER_FIELDS}`,
  estimatedCost: 52,
  retrySafe: true,
});

/** One order with the fields of {@link ORDER_FIELDS} (the orders/create webhook reads its order back). */
export const OrderById = defineOperation<{ order: OrderNode | null }, { id: string }>({
  name: 'OmnihubOrderById',
  kind: 'query',
  document: `query OmnihubOrderById($id: ID!) {
  order(id: $id) { ...OmnihubOrder }
}
${ORDER_FIELDS}
${LINE_ITEM_FIELDS}`,
  estimatedCost: 160,
  retrySafe: true,
});

/** The next page of an order's line items (orders with more than 25). */
export const OrderLineItems = defineOperation<
  { order: { id: string; lineItems: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; nodes: LineItemNode[] } } | null },
  { id: string; after: string | null }
>({
  name: 'OmnihubOrderLineItems',
  kind: 'query',
  document: `query OmnihubOrderLineItems($id: ID!, $after: String) {
  order(id: $id) {
    id
    lineItems(first: 100, after: $after) {
      pageInfo { hasNextPage endCursor }
      nodes { ...OmnihubLineItem }
    }
  }
}
${LINE_ITEM_FIELDS}`,
  estimatedCost: 110,
  retrySafe: true,
});

/** A return with its lines and SKUs (the `shopify.Return` payload of the returns webhook). */
export const ReturnById = defineOperation<{ return: ({ id: string; status: string } & Record<string, unknown>) | null }, { id: string }>({
  name: 'OmnihubReturnById',
  kind: 'query',
  document: `query OmnihubReturnById($id: ID!) {
  return(id: $id) { ...OmnihubReturn }
}
${RETURN_FIELDS}`,
  estimatedCost: 60,
  retrySafe: true,
});

/** A return's status only. */
export const ReturnStatus = defineOperation<{ return: { id: string; status: string } | null }, { id: string }>({
  name: 'OmnihubReturnStatus',
  kind: 'query',
  document: 'query OmnihubReturnStatus($id: ID!) { return(id: $id) { id status } }',
  estimatedCost: 1,
  retrySafe: true,
});

/** A fulfillment order line as the fulfillment action reads it. */
export interface FulfillmentOrderLineNode {
  id: string;
  remainingQuantity: number;
  totalQuantity: number;
  lineItem: { id: string };
}

/** An order's open fulfillment orders and existing fulfillments with their tracking. */
export const OrderFulfillmentState = defineOperation<
  {
    order: {
      id: string;
      cancelledAt: string | null;
      fulfillments: { id: string; status: string; trackingInfo: { number: string | null; company: string | null; url: string | null }[] }[];
      fulfillmentOrders: { nodes: { id: string; status: string; assignedLocation: { location: { id: string } | null }; lineItems: { nodes: FulfillmentOrderLineNode[] } }[] };
    } | null;
  },
  { id: string }
>({
  name: 'OmnihubOrderFulfillmentState',
  kind: 'query',
  document: `query OmnihubOrderFulfillmentState($id: ID!) {
  order(id: $id) {
    id
    cancelledAt
    fulfillments(first: 50) { id status trackingInfo(first: 10) { number company url } }
    fulfillmentOrders(first: 20) {
      nodes {
        id
        status
        assignedLocation { location { id } }
        lineItems(first: 100) { nodes { id remainingQuantity totalQuantity lineItem { id } } }
      }
    }
  }
}`,
  estimatedCost: 250,
  retrySafe: true,
});

/** Whether an order is cancelled already. */
export const OrderCancelState = defineOperation<{ order: { id: string; cancelledAt: string | null; cancelReason: string | null } | null }, { id: string }>({
  name: 'OmnihubOrderCancelState',
  kind: 'query',
  document: 'query OmnihubOrderCancelState($id: ID!) { order(id: $id) { id cancelledAt cancelReason } }',
  estimatedCost: 1,
  retrySafe: true,
});

/** A transaction as the refund actions read it. */
export interface TransactionNode {
  id: string;
  kind: string;
  status: string;
  gateway: string | null;
  parentTransaction: { id: string } | null;
  amountSet: ShopMoney;
}

/** An order's refunds (their notes carry the idempotency marker) and payment transactions. */
export const OrderRefundState = defineOperation<
  {
    order: {
      id: string;
      currencyCode: string;
      refunds: { id: string; note: string | null; createdAt: string | null; totalRefundedSet: ShopMoney }[];
      transactions: TransactionNode[];
    } | null;
  },
  { id: string }
>({
  name: 'OmnihubOrderRefundState',
  kind: 'query',
  document: `query OmnihubOrderRefundState($id: ID!) {
  order(id: $id) {
    id
    currencyCode
    refunds(first: 100) { id note createdAt totalRefundedSet { shopMoney { amount currencyCode } } }
    transactions(first: 50) { id kind status gateway parentTransaction { id } amountSet { shopMoney { amount currencyCode } } }
  }
}`,
  estimatedCost: 20,
  retrySafe: true,
});
