import { defineConformance, startVendorServer, type RecordedRequest } from '@omnihub/connector-testkit';
import type { NetSuiteConfig } from './src/index.ts';

const ORDER = {
  externalId: 'conformance-order-1',
  record: { externalId: 'conformance-order-1', entity: { externalId: 'cus-1' }, item: { items: [{ item: { externalId: 'SKU-1' }, quantity: 1, rate: 10 }] } },
};
const FROM_ORDER = { type: 'salesOrder', externalId: 'conformance-order-1' };

/**
 * The vendor double behaves as NetSuite's asynchronous REST requests do: a write is one effect per
 * X-NetSuite-Idempotency-Key and is answered 202 with a job Location; jobs report succeeded;
 * records looked up by external id do not exist; SuiteQL answers one empty page.
 */
function respond(request: RecordedRequest, effect: number | undefined): { status: number; headers?: Record<string, string>; body?: unknown } {
  const path = request.path.split('?')[0] ?? '';
  if (effect !== undefined) return { status: 202, headers: { location: `/services/rest/async/v1/job/${effect}` } };
  if (path.startsWith('/services/rest/async/v1/job/')) return { status: 200, body: { completed: true, id: path.split('/').pop(), progress: 'succeeded' } };
  if (path === '/services/rest/query/v1/suiteql') return { status: 200, body: { links: [], count: 0, hasMore: false, items: [], offset: 0, totalResults: 0 } };
  return { status: 404, body: { title: 'Not Found', status: 404, 'o:errorDetails': [{ detail: 'The record instance does not exist.', 'o:errorCode': 'NONEXISTENT_ID' }] } };
}

/** How `omnihub connectors test` exercises the NetSuite connector. */
export default defineConformance<NetSuiteConfig>({
  vendor: {
    start: () =>
      startVendorServer({
        effectKey: (request) => (request.method === 'GET' || request.path.startsWith('/services/rest/query/') ? undefined : request.headers['x-netsuite-idempotency-key'] ?? `unkeyed-${Math.random()}`),
        respond,
      }),
  },
  config: ({ vendorUrl }) => ({
    accountId: '1234567_SB1',
    baseUrl: vendorUrl ?? 'http://127.0.0.1:9',
    auth: {
      method: 'tba',
      consumerKey: 'conformance-consumer-key-4e1f0c2b',
      consumerSecret: 'conformance-consumer-secret-8a7b6c5d',
      tokenId: 'conformance-token-id-1a2b3c4d',
      tokenSecret: 'conformance-token-secret-6d5c4b3a',
    },
    asyncPollIntervalMs: 0,
    inventoryStartAt: '2025-04-14T08:00:00Z',
  }),
  invalidConfigs: [
    { config: { accountId: '1234567', auth: { method: 'tba', consumerKey: 'conformance-consumer-key' } }, why: 'tba without its secrets' },
    { config: { accountId: '1234567', auth: { method: 'oauth1', consumerKey: 'a'.repeat(10), consumerSecret: 'b'.repeat(10), tokenId: 'c'.repeat(10), tokenSecret: 'd'.repeat(10) } }, why: 'an unknown auth method' },
    { config: { accountId: '1234567', auth: { method: 'client-credentials', clientId: 'x', certificateId: 'y', privateKey: 'not a key' } }, why: 'a private key that is no PEM' },
    {
      config: { accountId: '1234567', auth: { method: 'tba', consumerKey: 'a'.repeat(10), consumerSecret: 'b'.repeat(10), tokenId: 'c'.repeat(10), tokenSecret: 'd'.repeat(10), clientId: 'x' } },
      why: 'tba mixed with client-credentials fields',
    },
    { config: { accountId: '1234567/evil', auth: { method: 'tba' } }, why: 'an account id that is no NetSuite account id' },
    { config: { accountId: '1234567', baseUrl: 'https://x.example.com/services', auth: { method: 'tba' } }, why: 'a baseUrl with a path' },
    { config: { accountId: '1234567', inventoryPageSize: 5000, auth: { method: 'tba' } }, why: 'a SuiteQL page larger than 1000' },
  ],
  actions: {
    'upsert-sales-order': { payload: ORDER, event: { type: 'order.created' } },
    'create-item-fulfillment': { payload: { externalId: 'conformance-shipment-1', from: FROM_ORDER, record: { item: { items: [{ item: { externalId: 'SKU-1' }, quantity: 1, itemReceive: true }] } } } },
    'create-return-authorization': { payload: { externalId: 'conformance-rma-1', from: FROM_ORDER, record: { item: { items: [{ item: { externalId: 'SKU-1' }, quantity: 1 }] } } } },
    'book-refund': { payload: { externalId: 'conformance-refund-1', from: { type: 'returnAuthorization', externalId: 'conformance-rma-1' }, record: { memo: 'refund' } } },
  },
  pollers: { 'inventory-balances': {} },
  waivers: {
    'webhook-signature': 'NetSuite REST web services send no webhooks: inventory changes are polled through SuiteQL and every other capability is outbound.',
    'webhook-freshness': 'NetSuite REST web services send no webhooks, so there is no signed request whose age could be checked.',
  },
});
