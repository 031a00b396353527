/** A variant of the fake shop. */
export interface FakeVariant {
  id: string;
  sku: string | null;
  barcode: string | null;
  inventoryItemId: string;
}

/** Quantities of one inventory item at one location. */
export interface FakeLevel {
  id: string;
  itemId: string;
  locationId: string;
  quantities: Record<string, number>;
  updatedAt: string;
}

/** An order line. */
export interface FakeLineItem {
  id: string;
  sku: string | null;
  title: string;
  quantity: number;
  price: string;
  variantId: string | null;
  barcode: string | null;
}

/** A fulfillment order and its lines. */
export interface FakeFulfillmentOrder {
  id: string;
  status: 'OPEN' | 'IN_PROGRESS' | 'CLOSED' | 'CANCELLED';
  locationId: string;
  lines: { id: string; lineItemId: string; total: number; remaining: number }[];
}

/** A payment transaction. */
export interface FakeTransaction {
  id: string;
  kind: string;
  status: string;
  gateway: string;
  amount: string;
  parentId: string | null;
}

/** An order of the fake shop. */
export interface FakeOrder {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  cancelReason: string | null;
  currency: string;
  email: string | null;
  phone: string | null;
  customer: { id: string; displayName: string } | null;
  shippingAddress: Record<string, unknown> | null;
  subtotal: string;
  shipping: string;
  tax: string;
  discounts: string;
  total: string;
  gateways: string[];
  lineItems: FakeLineItem[];
  fulfillmentOrders: FakeFulfillmentOrder[];
  fulfillments: { id: string; status: string; tracking: { number: string | null; company: string | null; url: string | null }[] }[];
  refunds: { id: string; note: string | null; createdAt: string; amount: string }[];
  transactions: FakeTransaction[];
}

/** A return of the fake shop. */
export interface FakeReturn {
  id: string;
  name: string;
  status: 'REQUESTED' | 'OPEN' | 'CLOSED' | 'DECLINED' | 'CANCELED';
  orderId: string;
  decline: { reason: string; note: string | null } | null;
  lines: { id: string; fulfillmentLineItemId: string; lineItemId: string; sku: string | null; quantity: number; returnReason: string; returnReasonNote: string; customerNote: string | null }[];
}

/** Everything the fake shop knows; tests seed it and read it back. */
export interface ShopState {
  locations: { id: string; name: string }[];
  variants: FakeVariant[];
  levels: FakeLevel[];
  orders: FakeOrder[];
  returns: FakeReturn[];
}

/** A line item seed: `{ id: 'gid://shopify/LineItem/…', sku, quantity, price }`. */
export function lineItem(id: number | string, sku: string, quantity: number, price: string, title = sku): FakeLineItem {
  return { id: `gid://shopify/LineItem/${id}`, sku, title, quantity, price, variantId: null, barcode: null };
}

/**
 * An order seed with sensible defaults: paid through one captured transaction, one open
 * fulfillment order at `locationId` holding every line.
 */
export function order(id: number | string, lines: FakeLineItem[], options: Partial<FakeOrder> & { locationId?: string } = {}): FakeOrder {
  const total = lines.reduce((sum, line) => sum + Number(line.price) * line.quantity, 0).toFixed(2);
  const { locationId = 'gid://shopify/Location/1001', ...rest } = options;
  return {
    id: `gid://shopify/Order/${id}`,
    name: `#${id}`,
    createdAt: '2025-03-01T09:00:00Z',
    updatedAt: '2025-03-01T09:00:00Z',
    cancelledAt: null,
    cancelReason: null,
    currency: 'EUR',
    email: 'lena.fischer@example.de',
    phone: null,
    customer: { id: 'gid://shopify/Customer/77', displayName: 'Lena Fischer' },
    shippingAddress: { name: 'Lena Fischer', address1: 'Oderberger Straße 44', address2: null, city: 'Berlin', provinceCode: 'BE', zip: '10435', countryCodeV2: 'DE', phone: null, latitude: null, longitude: null },
    subtotal: total,
    shipping: '0.00',
    tax: '0.00',
    discounts: '0.00',
    total,
    gateways: ['shopify_payments'],
    lineItems: lines,
    fulfillmentOrders: [{ id: `gid://shopify/FulfillmentOrder/${id}1`, status: 'OPEN', locationId, lines: lines.map((line, index) => ({ id: `gid://shopify/FulfillmentOrderLineItem/${id}${index + 1}`, lineItemId: line.id, total: line.quantity, remaining: line.quantity })) }],
    fulfillments: [],
    refunds: [],
    transactions: [{ id: `gid://shopify/OrderTransaction/${id}9`, kind: 'SALE', status: 'SUCCESS', gateway: 'shopify_payments', amount: total, parentId: null }],
    ...rest,
  };
}

/** An empty shop with one location. */
export function emptyShop(): ShopState {
  return { locations: [{ id: 'gid://shopify/Location/1001', name: 'Berlin Mitte' }], variants: [], levels: [], orders: [], returns: [] };
}
