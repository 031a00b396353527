import { defineConformance, startVendorServer, type ConformanceConfig } from '../../src/index.ts';
import { acmeSignature, type AcmeConfig } from './acme-connector.ts';

/** The Acme connector's conformance config. */
export function acmeConformance(overrides: Partial<ConformanceConfig<AcmeConfig>> = {}): ConformanceConfig<AcmeConfig> {
  return defineConformance<AcmeConfig>({
    vendor: { start: () => startVendorServer() },
    config: ({ vendorUrl }) => ({ baseUrl: vendorUrl ?? 'http://127.0.0.1:1', apiKey: 'acme-api-key-7f3a9c', webhookSecret: 'acme-webhook-secret-51d2e8b0' }),
    invalidConfigs: [
      { config: { baseUrl: 'not a url', apiKey: 'acme-api-key-7f3a9c', webhookSecret: 'acme-webhook-secret-51d2e8b0' }, why: 'baseUrl is not a URL' },
      { config: { baseUrl: 'https://acme.example', apiKey: 'short', webhookSecret: 'acme-webhook-secret-51d2e8b0' }, why: 'apiKey too short' },
    ],
    signWebhook: ({ body, config, at }) => ({ headers: acmeSignature(config.webhookSecret, body, at) }),
    webhooks: { orders: { body: { id: 'A-1001', updated_at: '2025-03-01T10:00:00Z', total: '19.90' }, headers: { 'content-type': 'application/json' } } },
    actions: { 'push-stock': { payload: { sku: 'SKU-1', location: 'berlin-1', available: 7 } } },
    ...overrides,
  });
}
