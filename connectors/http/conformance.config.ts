import { defineConformance, startVendorServer, type ConformanceConfig } from '@omnihub/connector-testkit';
import { signWebhook, type HttpConfig } from './src/index.ts';

/**
 * How `omnihub connectors test` exercises a major of the generic HTTP connector: each major has
 * the same config, action and webhook body, and signs webhooks its own way (`sign`).
 */
export function httpConformance(sign: (secret: string, rawBody: Buffer, at: Date) => Record<string, string>): ConformanceConfig<HttpConfig> {
  return defineConformance<HttpConfig>({
    vendor: { start: () => startVendorServer() },
    config: ({ vendorUrl }) => ({
      baseUrl: `${vendorUrl ?? 'http://127.0.0.1:9'}/api`,
      authorization: 'Bearer conformance-token-3b7e21',
      webhookSecret: 'conformance-webhook-secret-9f04c6',
      headers: { 'x-tenant': 'conformance' },
    }),
    invalidConfigs: [
      { config: { baseUrl: 'ftp://files.example.com' }, why: 'baseUrl is not http(s)' },
      { config: { baseUrl: 'https://erp.example.com', webhookSecret: 'short' }, why: 'webhookSecret shorter than 16 characters' },
      { config: { baseUrl: 'https://erp.example.com', events: ['order.shipped@9'] }, why: 'events names an event the action does not consume' },
      { config: { baseUrl: 'https://erp.example.com', headers: { 'bad header': 'x' } }, why: 'a header name with a space' },
      { config: { baseUrl: 'https://erp.example.com', extra: true }, why: 'an unknown field' },
    ],
    signWebhook: ({ body, config, at }) => ({ headers: sign(config.webhookSecret ?? '', body, at) }),
    webhooks: {
      events: {
        body: { events: [{ id: 'evt-1', type: 'stock.adjusted', sku: 'SKU-1', delta: -2, occurredAt: '2025-03-01T10:00:00Z' }, { id: 'evt-2', type: 'stock.adjusted', sku: 'SKU-2', delta: 5 }] },
        headers: { 'content-type': 'application/json' },
      },
    },
    actions: {
      request: { payload: { method: 'POST', path: '/orders', headers: { 'x-source': 'omnihub' }, body: { id: 'A-1001', lines: [{ sku: 'SKU-1', quantity: 2 }] } }, event: { type: 'order.created' } },
    },
  });
}

/** How `omnihub connectors test` exercises the generic HTTP connector 1.x. */
export default httpConformance(signWebhook);
