import { defineConformance } from '@omnihub/connector-testkit';
import { signShopifyWebhook, type ShopifyConfig } from './src/index.ts';
import { seededShop } from './test/support/seed.ts';
import { startShopifyDouble } from './test/support/shopify-double.ts';
import { webhookBody, webhookHeaders } from './test/support/webhook-samples.ts';

const SHOP = 'conformance-shop';
const TOKEN = 'shpat_conformance_4f9a27c1e0';

/** A sample request of a webhook capability: a fixture body with Shopify's headers. */
function sample(topic: string, fixture: string, eventId: string): { body: Buffer; headers: Record<string, string> } {
  return { body: webhookBody(fixture), headers: webhookHeaders(topic, SHOP, eventId) };
}

/**
 * How `omnihub connectors test` exercises the Shopify connector: against a fake Admin GraphQL API
 * on the shop's real origin (nock) that validates every document against the 2025-01 schema and
 * answers from a seeded shop.
 */
export default defineConformance<ShopifyConfig>({
  vendor: {
    start: () => {
      const shop = startShopifyDouble({ shop: SHOP, accessToken: TOKEN, state: seededShop() });
      return Promise.resolve({
        url: shop.origin,
        effects: () => shop.effects(),
        respondWith: (status: number, headers?: Record<string, string>, body?: unknown) => shop.respondWith(status, headers, body),
        reset: () => shop.reset(),
        stop: () => Promise.resolve(shop.stop()),
      });
    },
  },
  config: { shop: SHOP, accessToken: TOKEN, webhookSecret: 'conformance-client-secret-8d2e61b0', locations: { 'berlin-1': '1001' } },
  invalidConfigs: [
    { config: { shop: 'Acme.Store', accessToken: 'shpat_x_123456', webhookSecret: 'a-client-secret-0123' }, why: 'shop is not a myshopify sub-domain' },
    { config: { shop: 'acme', accessToken: 'short', webhookSecret: 'a-client-secret-0123' }, why: 'accessToken shorter than 8 characters' },
    { config: { shop: 'acme', accessToken: 'shpat_x_123456', webhookSecret: 'short' }, why: 'webhookSecret shorter than 16 characters' },
    { config: { shop: 'acme', accessToken: 'shpat_x_123456', webhookSecret: 'a-client-secret-0123', locations: { 'berlin-1': 'Berlin' } }, why: 'a location mapped to something that is no Shopify location id' },
    { config: { shop: 'acme', accessToken: 'shpat_x_123456', webhookSecret: 'a-client-secret-0123', reconciliationPageSize: 50 }, why: 'a page size over the query-cost limit' },
    { config: { shop: 'acme', accessToken: 'shpat_x_123456', webhookSecret: 'a-client-secret-0123', apiVersion: '2024-01' }, why: 'an unknown field (the API version is the connector’s, not the instance’s)' },
  ],
  signWebhook: ({ body, config }) => ({ headers: { 'x-shopify-hmac-sha256': signShopifyWebhook(config.webhookSecret, body) } }),
  webhooks: {
    'orders-create': sample('orders/create', 'orders-create', 'evt-orders-create-1'),
    'orders-updated': sample('orders/updated', 'orders-cancelled', 'evt-orders-updated-1'),
    'orders-cancelled': sample('orders/cancelled', 'orders-cancelled', 'evt-orders-cancelled-1'),
    'refunds-create': sample('refunds/create', 'refunds-create', 'evt-refunds-create-1'),
    returns: sample('returns/request', 'returns-request', 'evt-returns-request-1'),
    'inventory-levels-update': sample('inventory_levels/update', 'inventory-levels-update', 'evt-inventory-1'),
  },
  actions: {
    'set-inventory': { payload: { sku: 'TSH-ORG-NVY-M', locationId: 'berlin-1', quantity: 12, asOf: '2025-03-01T12:00:00Z' }, event: { type: 'inventory.level.changed' } },
    'create-fulfillment': {
      payload: { orderId: 'gid://shopify/Order/5001', locationId: 'berlin-1', lines: [{ lineItemId: 'gid://shopify/LineItem/70011', quantity: 1 }], tracking: { company: 'DHL', number: '00340434161094042557', url: 'https://www.dhl.de/track?piececode=00340434161094042557' } },
    },
    'cancel-order': { payload: { orderId: 'gid://shopify/Order/5003', reason: 'CUSTOMER', refund: false, restock: true } },
    'create-refund': { payload: { orderId: 'gid://shopify/Order/5001', amount: { amount: '10.00', currency: 'EUR' }, note: 'Goodwill' } },
    'approve-return': { payload: { returnId: 'gid://shopify/Return/6001', notifyCustomer: true } },
    'process-return': { payload: { orderId: 'gid://shopify/Order/5003', lines: [{ lineItemId: 'gid://shopify/LineItem/70031', quantity: 1, restockType: 'RETURN', locationId: 'berlin-1' }] } },
  },
  pollers: { 'orders-reconciliation': {}, 'cancellations-reconciliation': {} },
  waivers: {
    'webhook-freshness':
      'Shopify signs no timestamp (X-Shopify-Triggered-At is unsigned) and retries failed deliveries for up to 48 hours, so a freshness window would refuse legitimate retries; replays of a captured request are absorbed by de-duplication on X-Shopify-Event-Id, and stale updates are recognisable by the record sequence (the resource updated_at).',
    'action-idempotency':
      'Admin API 2025-01 has no idempotency keys, so the actions are idempotent by vendor state: an absolute quantity set with compare-and-set, a cancellation, an approval, a fulfillment keyed by its tracking number, a refund marked in its note. A redelivered event gives no second effect for all six actions, but a second distinct event with the same payload correctly gives no new effect for set-inventory, create-fulfillment, cancel-order and approve-return, which this check counts as a failure; test/actions-idempotency.test.ts proves both halves per action instead.',
  },
});
