import { readFileSync } from 'node:fs';
import type { WebhookRequest } from '@omnihub/connector-sdk';
import { API_VERSION } from '../../src/config.ts';
import { signShopifyWebhook } from '../../src/webhooks/signature.ts';

/** A webhook body from test/fixtures/webhooks, as the exact bytes Shopify sends. */
export function webhookBody(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url));
}

/** The headers Shopify sends with a webhook besides its signature. */
export function webhookHeaders(topic: string, shop: string, eventId: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-shopify-topic': topic,
    'x-shopify-shop-domain': `${shop}.myshopify.com`,
    'x-shopify-api-version': API_VERSION,
    'x-shopify-webhook-id': `b54557e4-bdd9-4b37-8a5f-bf7d70bcd043-${eventId}`,
    'x-shopify-event-id': eventId,
    'x-shopify-triggered-at': '2025-03-01T12:00:00.000000000Z',
  };
}

/** A webhook request signed with `secret`, as the hub hands it to the connector. */
export function signedWebhook(options: { topic: string; shop: string; secret: string; body: Buffer; eventId?: string; headers?: Record<string, string> }): WebhookRequest {
  return {
    headers: { ...webhookHeaders(options.topic, options.shop, options.eventId ?? 'evt-1'), 'x-shopify-hmac-sha256': signShopifyWebhook(options.secret, options.body), ...options.headers },
    rawBody: options.body,
    url: 'https://hub.example.com/v1/webhooks/eu-store/orders-create',
    query: {},
  };
}
