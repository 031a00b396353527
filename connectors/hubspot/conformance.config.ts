import { defineConformance, startVendorServer, type RecordedRequest } from '@omnihub/connector-testkit';
import type { HubSpotConfig } from './src/index.ts';

/** A HubSpot record written by a batch upsert: one per object type and unique property value. */
function upsertKey(request: RecordedRequest): string | undefined {
  if (request.method !== 'POST' || !request.path.endsWith('/batch/upsert')) return undefined;
  const body = JSON.parse(request.body.toString('utf8')) as { inputs?: { id?: string; idProperty?: string }[] };
  const first = body.inputs?.[0];
  return `${request.path} ${first?.idProperty ?? ''}=${first?.id ?? ''}`;
}

function respond(request: RecordedRequest, effect: number | undefined): { status: number; body: unknown } {
  if (request.path.endsWith('/batch/upsert')) return { status: 200, body: { status: 'COMPLETE', results: [{ id: String(effect ?? 1), properties: {}, new: effect !== undefined }] } };
  if (request.path.endsWith('/search')) return { status: 200, body: { total: 1, results: [{ id: '70213', properties: {} }] } };
  return { status: 200, body: { status: 'COMPLETE', results: [] } };
}

/** How `omnihub connectors test` exercises the HubSpot connector. */
export default defineConformance<HubSpotConfig>({
  vendor: { start: () => startVendorServer({ effectKey: upsertKey, respond }) },
  config: ({ vendorUrl }) => ({ accessToken: 'pat-conformance-4c1d2e3f5a6b7c8d', baseUrl: vendorUrl ?? 'http://127.0.0.1:9' }),
  invalidConfigs: [
    { config: { accessToken: 'short' }, why: 'an access token shorter than 8 characters' },
    { config: { accessToken: 'pat-conformance-4c1d2e3f', orderIdProperty: 'Order Id' }, why: 'a property name HubSpot would refuse' },
    { config: { accessToken: 'pat-conformance-4c1d2e3f', baseUrl: 'ftp://api.hubapi.com' }, why: 'a baseUrl that is not http(s)' },
    { config: { accessToken: 'pat-conformance-4c1d2e3f', ticketStages: { reopened: '5' } }, why: 'a ticket stage for an unknown status' },
  ],
  actions: {
    'upsert-contact': { payload: { email: 'lena.koch@example.com', properties: { firstname: 'Lena' } } },
    'upsert-order': { payload: { orderId: 'shopify-1001', properties: { hs_order_name: 'shopify-1001' }, contact: { phone: '+4915123456789' } } },
    'log-activity': {
      payload: { activityId: 'return:RMA-1', kind: 'ticket', customer: { email: 'lena.koch@example.com' }, subject: 'Return RMA-1', body: 'Authorized.', status: 'open', occurredAt: '2025-04-14T09:31:00Z' },
    },
  },
  waivers: {
    'webhook-signature': 'This version of the HubSpot connector only writes to HubSpot; it subscribes to no HubSpot webhooks.',
    'webhook-freshness': 'This version of the HubSpot connector subscribes to no HubSpot webhooks, so no signed request reaches it.',
    'action-idempotency':
      'HubSpot has no idempotency key: every write is a batch upsert by a unique property (email, omnihub_order_id, omnihub_activity_id), so any number of deliveries, of one event or of two events with the same payload, leave exactly one record and a second event with the same payload can never be a new effect; test/hubspot.test.ts and the double here prove a redelivery upserts the same record.',
  },
});
