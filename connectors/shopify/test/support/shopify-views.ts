import type { FakeFulfillmentOrder, FakeLineItem, FakeOrder, FakeReturn, ShopState } from './shopify-state.ts';

/** Shopify's MoneyBag, both sides in the shop currency. */
export function moneyBag(amount: string, currencyCode: string): { shopMoney: { amount: string; currencyCode: string }; presentmentMoney: { amount: string; currencyCode: string } } {
  const money = { amount, currencyCode };
  return { shopMoney: money, presentmentMoney: money };
}

/** The numeric id of a global id. */
export function legacy(gid: string): string {
  return /\/([0-9]+)(\?.*)?$/.exec(gid)?.[1] ?? '0';
}

/** A connection (`nodes`, `edges`, `pageInfo`) over `items`, paged by `first` / `after` like Shopify's. */
export function connection<T>(items: readonly T[], args: { first?: number | null; after?: string | null }): { nodes: T[]; edges: { cursor: string; node: T }[]; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null } } {
  const start = args.after === undefined || args.after === null ? 0 : Number(Buffer.from(args.after, 'base64').toString('utf8').replace('cursor:', '')) + 1;
  const size = args.first ?? 50;
  const slice = items.slice(start, start + size);
  const cursor = (index: number): string => Buffer.from(`cursor:${start + index}`, 'utf8').toString('base64');
  return {
    nodes: [...slice],
    edges: slice.map((node, index) => ({ cursor: cursor(index), node })),
    pageInfo: { hasNextPage: start + size < items.length, hasPreviousPage: start > 0, startCursor: slice.length > 0 ? cursor(0) : null, endCursor: slice.length > 0 ? cursor(slice.length - 1) : null },
  };
}

function lineItemView(line: FakeLineItem, currency: string): Record<string, unknown> {
  return {
    id: line.id,
    sku: line.sku,
    title: line.title,
    name: line.title,
    quantity: line.quantity,
    variant: line.variantId === null ? null : { id: line.variantId, barcode: line.barcode },
    product: { productType: 'Apparel' },
    originalUnitPriceSet: moneyBag(line.price, currency),
  };
}

function fulfillmentOrderView(fo: FakeFulfillmentOrder): Record<string, unknown> {
  return {
    id: fo.id,
    status: fo.status,
    deliveryMethod: { methodType: 'SHIPPING' },
    assignedLocation: { name: 'Berlin Mitte', location: { id: fo.locationId } },
    lineItems: (args: { first?: number; after?: string }) =>
      connection(
        fo.lines.map((line) => ({ id: line.id, remainingQuantity: line.remaining, totalQuantity: line.total, lineItem: { id: line.lineItemId } })),
        args,
      ),
  };
}

/** An order as the Admin API shows it (only the fields the connector selects are filled). */
export function orderView(order: FakeOrder): Record<string, unknown> {
  const fulfilled = order.fulfillmentOrders.every((fo) => fo.lines.every((line) => line.remaining === 0));
  return {
    id: order.id,
    legacyResourceId: legacy(order.id),
    name: order.name,
    createdAt: order.createdAt,
    processedAt: order.createdAt,
    updatedAt: order.updatedAt,
    cancelledAt: order.cancelledAt,
    cancelReason: order.cancelReason,
    closed: false,
    closedAt: null,
    test: false,
    note: null,
    discountCodes: [],
    retailLocation: null,
    displayFinancialStatus: order.refunds.length > 0 ? 'PARTIALLY_REFUNDED' : 'PAID',
    displayFulfillmentStatus: fulfilled ? 'FULFILLED' : 'UNFULFILLED',
    currencyCode: order.currency,
    email: order.email,
    phone: order.phone,
    taxesIncluded: true,
    sourceName: 'web',
    paymentGatewayNames: order.gateways,
    customer: order.customer,
    shippingAddress: order.shippingAddress,
    subtotalPriceSet: moneyBag(order.subtotal, order.currency),
    totalShippingPriceSet: moneyBag(order.shipping, order.currency),
    totalTaxSet: moneyBag(order.tax, order.currency),
    totalDiscountsSet: moneyBag(order.discounts, order.currency),
    totalPriceSet: moneyBag(order.total, order.currency),
    customAttributes: [],
    lineItems: (args: { first?: number; after?: string }) => connection(order.lineItems.map((line) => lineItemView(line, order.currency)), args),
    fulfillments: () => order.fulfillments.map((f) => ({ id: f.id, status: f.status, trackingInfo: () => f.tracking })),
    fulfillmentOrders: (args: { first?: number; after?: string }) => connection(order.fulfillmentOrders.map(fulfillmentOrderView), args),
    refunds: () => order.refunds.map((refund) => ({ id: refund.id, note: refund.note, createdAt: refund.createdAt, totalRefundedSet: moneyBag(refund.amount, order.currency) })),
    transactions: (): unknown[] =>
      order.transactions.map((tx) => ({ id: tx.id, kind: tx.kind, status: tx.status, gateway: tx.gateway, parentTransaction: tx.parentId === null ? null : { id: tx.parentId }, amountSet: moneyBag(tx.amount, order.currency) })),
  };
}

/** A return as the Admin API shows it. */
export function returnView(state: ShopState, ret: FakeReturn): Record<string, unknown> {
  const owner = state.orders.find((o) => o.id === ret.orderId);
  return {
    id: ret.id,
    name: ret.name,
    status: ret.status,
    totalQuantity: ret.lines.reduce((sum, line) => sum + line.quantity, 0),
    decline: ret.decline,
    order: { id: ret.orderId, legacyResourceId: legacy(ret.orderId), customer: owner?.customer === null || owner === undefined ? null : { id: owner.customer.id } },
    returnLineItems: (args: { first?: number; after?: string }) =>
      connection(
        ret.lines.map((line) => ({
          __typename: 'ReturnLineItem',
          id: line.id,
          quantity: line.quantity,
          returnReason: line.returnReason,
          returnReasonNote: line.returnReasonNote,
          customerNote: line.customerNote,
          fulfillmentLineItem: { id: line.fulfillmentLineItemId, lineItem: { id: line.lineItemId, sku: line.sku } },
        })),
        args,
      ),
  };
}
