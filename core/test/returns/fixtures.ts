import type { CustomerV1, OrderV1 } from '../../src/generated/schema-types.ts';
import type { ReturnPolicyDocument } from '../../src/returns/index.ts';
import type { Location } from '../../src/locations/index.ts';

let counter = 0;

/** A fresh id with a prefix, unique within the test run. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** A web order paid through Shopify: 2 T-shirts (apparel), a mug (home), a final-sale scarf. */
export function webOrder(overrides: Partial<OrderV1> & { id: string; customerId?: string | undefined }): OrderV1 {
  const { customerId, ...rest } = overrides;
  return {
    channel: 'web',
    placedAt: '2025-04-10T09:00:00Z',
    status: 'confirmed',
    customer: { ...(customerId === undefined ? {} : { customerId }), email: 'lena.koch@example.com', phone: '+4915123456789', name: 'Lena Koch' },
    lines: [
      { lineId: '1', sku: 'TSHIRT-BLK-M', title: 'T-shirt black M', quantity: 2, unitPrice: { amount: '29.95', currency: 'EUR' }, category: 'apparel/tops' },
      { lineId: '2', sku: 'MUG-WHT-350', title: 'Mug white', quantity: 1, unitPrice: { amount: '9.50', currency: 'EUR' }, category: 'home/kitchen' },
      { lineId: '3', sku: 'SCARF-RED', title: 'Scarf red', quantity: 1, unitPrice: { amount: '15.00', currency: 'EUR' }, category: 'apparel/accessories', finalSale: true },
    ],
    shippingAddress: { line1: 'Alexanderplatz 1', city: 'Berlin', postalCode: '10178', country: 'DE' },
    deliveryMethod: 'ship',
    totals: { subtotal: { amount: '84.40', currency: 'EUR' }, grandTotal: { amount: '84.40', currency: 'EUR' } },
    currency: 'EUR',
    payment: { gateway: 'shopify', transactionId: 'gid://shopify/OrderTransaction/5822401937' },
    ...rest,
  };
}

/** A customer who consented to SMS, with Berlin quiet hours 21:00-08:00. */
export function customer(id: string, overrides: Partial<CustomerV1> = {}): CustomerV1 {
  return {
    id,
    email: 'lena.koch@example.com',
    phone: '+4915123456789',
    firstName: 'Lena',
    lastName: 'Koch',
    externalIds: [
      { system: 'shopify', id: `gid://shopify/Customer/${id}` },
      { system: 'hubspot', id: `hs-${id}` },
    ],
    consent: { sms: { granted: true, updatedAt: '2025-01-01T00:00:00Z' }, email: { granted: false, updatedAt: '2025-01-01T00:00:00Z' } },
    quietHours: { start: '21:00', end: '08:00', timeZone: 'Europe/Berlin' },
    updatedAt: '2025-04-01T00:00:00Z',
    ...overrides,
  };
}

/** The standard policy: 30 days, swimwear 14, food never, final sale excluded, 10% restocking, 4.95 return shipping. */
export function standardPolicy(overrides: Partial<ReturnPolicyDocument> = {}): ReturnPolicyDocument {
  return {
    id: 'standard',
    name: 'Standard returns',
    returnPolicyCategory: 'finite-window',
    merchantReturnDays: 30,
    categories: [
      { category: 'apparel/swimwear', merchantReturnDays: 14 },
      { category: 'food', returnPolicyCategory: 'not-permitted' },
      { category: 'home', restockingFee: { percent: 20 } },
    ],
    returnMethods: ['mail', 'store'],
    returnShippingFee: { amount: '4.95', currency: 'EUR' },
    restockingFee: { percent: 10 },
    refundTypes: ['original-payment', 'store-credit'],
    receiveWithinDays: 21,
    ...overrides,
  };
}

/** Locations the returns tests receive and restock at. */
export const TEST_LOCATIONS = ['store-berlin', 'store-berlin-alex', 'store-hh', 'dc-east'] as const;

/** The Shopify instance the test orders come from, which refunds them. */
export const SHOPIFY_EU_INSTANCE = "insert into connector_instances (id, connector_id, version, config) values ('shopify-eu', 'shopify', '1.0.0', '{}') on conflict (id) do nothing";

/** An open store in Berlin with this id. */
export function testLocation(id: string): Location {
  return { id, name: id, type: 'store', status: 'open', capabilities: ['pickup'], geo: { lat: 52.5, lon: 13.4 }, timeZone: 'Europe/Berlin' };
}
