import { hmacSha256, verifyHmacSha256, type VerifyResult, type WebhookRequest } from '@omnihub/connector-sdk';
import type { SquareConfig } from '../config.ts';

/** Header carrying the base64 HMAC-SHA256 of notification URL + body under the signature key. */
export const SIGNATURE_HEADER = 'x-square-hmacsha256-signature';

/**
 * The notification URL Square signed: the subscription's URL. That is the URL the request came
 * to, unless `webhookUrlBase` says the hub is reached under another scheme or host (a proxy);
 * then that base with the request's path and query.
 */
export function notificationUrl(request: WebhookRequest, config: SquareConfig): string {
  if (config.webhookUrlBase === undefined || config.webhookUrlBase === '') return request.url;
  const url = new URL(request.url);
  return `${config.webhookUrlBase.replace(/\/+$/, '')}${url.pathname}${url.search}`;
}

/**
 * The x-square-hmacsha256-signature value Square sends: base64 HMAC-SHA256 of the notification URL
 * followed by the exact body bytes, under the subscription's signature key.
 *
 * @example
 * signSquareWebhook('sig-key-0123456789abcdef', 'https://hub.example.com/v1/webhooks/pos/order-created', Buffer.from('{"event_id":"e1"}'));
 */
export function signSquareWebhook(signatureKey: string, url: string, rawBody: Buffer): string {
  return hmacSha256(signatureKey, Buffer.concat([Buffer.from(url, 'utf8'), rawBody]), 'base64');
}

/**
 * Checks a Square notification: HMAC-SHA256 over notification URL + raw body, constant time.
 * Square signs no timestamp; replays are absorbed by de-duplication on `event_id`.
 */
export function verifySquareWebhook(request: WebhookRequest, config: SquareConfig): VerifyResult {
  if (config.webhookSignatureKey === undefined || config.webhookSignatureKey === '') return { ok: false, reason: 'this instance has no webhookSignatureKey: it cannot check Square notifications' };
  const payload = Buffer.concat([Buffer.from(notificationUrl(request, config), 'utf8'), request.rawBody]);
  const result = verifyHmacSha256({ secret: config.webhookSignatureKey, payload, signature: request.headers[SIGNATURE_HEADER], encoding: 'base64' });
  return result.ok ? result : { ok: false, reason: `${SIGNATURE_HEADER}: ${result.reason} (signed over the notification URL ${notificationUrl(request, config)} and the body)` };
}
