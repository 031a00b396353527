import { readFileSync } from 'node:fs';
import type { WebhookRequest } from '@omnihub/connector-sdk';
import { signSquareWebhook } from '../../src/webhooks/signature.ts';

/** A notification body from test/fixtures/webhooks, as the exact bytes Square sends. */
export function webhookBody(name: string): Buffer {
  return readFileSync(new URL(`../fixtures/webhooks/${name}.json`, import.meta.url));
}

/** A notification signed with `key` over `url` + body, as the hub hands it to the connector. */
export function signedNotification(options: { url: string; key: string; body: Buffer; headers?: Record<string, string> }): WebhookRequest {
  return {
    headers: { 'content-type': 'application/json', 'square-version': '2025-08-20', 'x-square-hmacsha256-signature': signSquareWebhook(options.key, options.url, options.body), ...options.headers },
    rawBody: options.body,
    url: options.url,
    query: {},
  };
}
