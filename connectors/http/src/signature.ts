import { hmacSha256, isFresh, verifyHmacSha256, type VerifyResult, type WebhookRequest } from '@omnihub/connector-sdk';

/** Header carrying `sha256=<hex>`: HMAC-SHA256 of `<timestamp>.<raw body>` under the shared secret. */
export const SIGNATURE_HEADER = 'x-omnihub-signature';
/** Header carrying the Unix time (seconds) the sender signed at. */
export const TIMESTAMP_HEADER = 'x-omnihub-timestamp';

/** What is signed: the timestamp joined to the exact body bytes, so neither can be swapped alone (both majors sign the same). */
export function signedContent(timestamp: string, rawBody: Buffer): Buffer {
  return Buffer.concat([Buffer.from(`${timestamp}.`, 'utf8'), rawBody]);
}

/**
 * The headers a sender adds to a webhook: the timestamp and `sha256=<hex>` over
 * `<timestamp>.<raw body>`. Senders in other languages compute the same HMAC.
 *
 * @example
 * const headers = signWebhook('a-shared-secret-of-16+', Buffer.from('{"id":"e1"}'), new Date());
 * // { 'x-omnihub-timestamp': '1740823200', 'x-omnihub-signature': 'sha256=5f1c…' }
 */
export function signWebhook(secret: string, rawBody: Buffer, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { [TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `sha256=${hmacSha256(secret, signedContent(timestamp, rawBody))}` };
}

/**
 * Checks a webhook's signature and freshness: the timestamp within `toleranceSeconds` of `now`
 * (refusing replays of old captures), then the HMAC in constant time.
 */
export function verifyWebhook(request: WebhookRequest, secret: string | undefined, now: Date, toleranceSeconds: number): VerifyResult {
  if (secret === undefined || secret === '') return { ok: false, reason: 'this instance has no webhookSecret: it cannot take signed webhooks' };
  const timestamp = request.headers[TIMESTAMP_HEADER];
  if (timestamp === undefined || !/^\d+$/.test(timestamp)) return { ok: false, reason: `${TIMESTAMP_HEADER} is missing or not Unix seconds` };
  if (!isFresh(timestamp, now, toleranceSeconds)) return { ok: false, reason: `${TIMESTAMP_HEADER} is more than ${toleranceSeconds} s from now (stale or replayed request)` };
  return verifyHmacSha256({ secret, payload: signedContent(timestamp, request.rawBody), signature: request.headers[SIGNATURE_HEADER], encoding: 'hex', prefix: 'sha256=' });
}
