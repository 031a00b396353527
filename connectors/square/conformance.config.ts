import { defineConformance } from '@omnihub/connector-testkit';
import { signSquareWebhook, type SquareConfig } from './src/index.ts';
import { startSquareDouble } from './test/support/square-double.ts';
import { BERLIN } from './test/support/square-state.ts';
import { webhookBody } from './test/support/webhook-samples.ts';

const TOKEN = 'EAAAl-conformance-token-7c21d9';

function sample(fixture: string): { body: Buffer; headers: Record<string, string> } {
  return { body: webhookBody(fixture), headers: { 'content-type': 'application/json', 'square-version': '2025-08-20' } };
}

/**
 * How `omnihub connectors test` exercises the Square connector: against a fake Square API on the
 * real origin (nock) that validates every request body and reply with ajv against Square's
 * OpenAPI files and honours idempotency keys as Square does.
 */
export default defineConformance<SquareConfig>({
  vendor: {
    start: () => {
      const square = startSquareDouble({ accessToken: TOKEN });
      return Promise.resolve({
        url: square.origin,
        effects: () => square.effects(),
        respondWith: (status: number, headers?: Record<string, string>, body?: unknown) => square.respondWith(status, headers, body),
        reset: () => square.reset(),
        stop: () => Promise.resolve(square.stop()),
      });
    },
  },
  config: { accessToken: TOKEN, webhookSignatureKey: 'conformance-signature-key-5e8a01', locations: { 'berlin-1': BERLIN } },
  invalidConfigs: [
    { config: { accessToken: 'short', webhookSignatureKey: 'a-signature-key-0123' }, why: 'accessToken shorter than 8 characters' },
    { config: { accessToken: 'EAAAl-token-123', webhookSignatureKey: 'short' }, why: 'webhookSignatureKey shorter than 16 characters' },
    { config: { accessToken: 'EAAAl-token-123', webhookSignatureKey: 'a-signature-key-0123', environment: 'staging' }, why: 'an environment Square does not have' },
    { config: { accessToken: 'EAAAl-token-123', webhookSignatureKey: 'a-signature-key-0123', webhookUrlBase: 'https://hub.example.com/v1' }, why: 'webhookUrlBase with a path' },
    { config: { accessToken: 'EAAAl-token-123', webhookSignatureKey: 'a-signature-key-0123', locations: { 'berlin-1': 'L8Y2 R0' } }, why: 'a location id with a space' },
    { config: { accessToken: 'EAAAl-token-123', webhookSignatureKey: 'a-signature-key-0123', squareVersion: '2024-01-18' }, why: 'an unknown field (the API version is the connector’s)' },
  ],
  signWebhook: ({ body, config, url }) => ({ headers: { 'x-square-hmacsha256-signature': signSquareWebhook(config.webhookSignatureKey, url, body) } }),
  webhooks: {
    'inventory-count-updated': sample('inventory-count-updated'),
    'order-created': sample('order-created'),
    'order-updated': sample('order-updated-canceled'),
    'refund-created': sample('refund-created'),
  },
  actions: {
    'change-inventory': {
      payload: { changes: [{ type: 'ADJUSTMENT', adjustment: { sku: 'TSH-ORG-NVY-M', location_id: 'berlin-1', from_state: 'NONE', to_state: 'IN_STOCK', quantity: '4', occurred_at: '2025-03-01T12:00:00Z' } }] },
      event: { type: 'inventory.movement.recorded' },
    },
    'update-pickup': { payload: { order_id: 'CAISENgvlJ6jLWAzERDzjyHVybY', state: 'RESERVED' }, event: { type: 'fulfillment.accepted' } },
    'refund-payment': { payload: { payment_id: 'pay-1', amount_money: { amount: 500, currency: 'EUR' }, reason: 'Goodwill' }, event: { type: 'refund.issued' } },
  },
  pollers: { 'inventory-changes': {} },
  waivers: {
    'webhook-freshness':
      'Square signs no delivery timestamp (only the notification URL and body) and retries failed notifications for up to 72 hours, so a freshness window would refuse legitimate retries; replays of a captured request are absorbed by de-duplication on event_id, and stale updates are recognisable by the record sequence (the object’s updated_at or calculated_at).',
    'action-idempotency':
      'update-pickup is a state transition: it sends nothing when the pickup already is in the requested state, so a second distinct event asking for that state again correctly has no new effect, which this check counts as a failure; change-inventory and refund-payment send an idempotency_key derived from the event and pass both halves, and test/actions-idempotency.test.ts proves one effect per redelivered event for all three.',
  },
});
