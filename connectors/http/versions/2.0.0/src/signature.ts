import { hmacSha256, isFresh, timingSafeEqualString, type VerifyResult, type WebhookRequest } from '@omnihub/connector-sdk';
import { signedContent } from '../../../src/signature.ts';

/**
 * The one signature header of 2.x: `t=<unix seconds>,v1=<hex>` where `<hex>` is HMAC-SHA256 of
 * `<t>.<raw body>` under the shared secret. Several `v1=` entries may be sent while a secret is
 * rotated; one match is enough.
 */
export const SIGNATURE_HEADER = 'omnihub-signature';

/**
 * The header a sender adds to a webhook.
 *
 * @example
 * signWebhook('a-shared-secret-of-16+', Buffer.from('{"id":"e1"}'), new Date());
 * // { 'omnihub-signature': 't=1740823200,v1=5f1c…' }
 */
export function signWebhook(secret: string, rawBody: Buffer, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { [SIGNATURE_HEADER]: `t=${timestamp},v1=${hmacSha256(secret, signedContent(timestamp, rawBody))}` };
}

/** The header's `t` and its `v1` signatures. */
function parseHeader(value: string | undefined): { timestamp: string | undefined; signatures: string[] } {
  const parts = (value ?? '').split(',').map((part) => part.trim());
  const timestamp = parts.find((part) => part.startsWith('t='))?.slice(2);
  return { timestamp, signatures: parts.filter((part) => part.startsWith('v1=')).map((part) => part.slice(3).toLowerCase()) };
}

/**
 * Checks a webhook's signature and freshness: `t` within `toleranceSeconds` of `now` (refusing
 * replays of old captures), then each `v1` HMAC in constant time.
 */
export function verifyWebhook(request: WebhookRequest, secret: string | undefined, now: Date, toleranceSeconds: number): VerifyResult {
  if (secret === undefined || secret === '') return { ok: false, reason: 'this instance has no webhookSecret: it cannot take signed webhooks' };
  const { timestamp, signatures } = parseHeader(request.headers[SIGNATURE_HEADER]);
  if (signatures.length === 0) return { ok: false, reason: `${SIGNATURE_HEADER} is missing or carries no v1= signature` };
  if (timestamp === undefined || !/^\d+$/.test(timestamp)) return { ok: false, reason: `${SIGNATURE_HEADER} carries no t=<unix seconds>` };
  if (!isFresh(timestamp, now, toleranceSeconds)) return { ok: false, reason: `${SIGNATURE_HEADER} t= is more than ${toleranceSeconds} s from now (stale or replayed request)` };
  const expected = hmacSha256(secret, signedContent(timestamp, request.rawBody));
  // Compare every candidate (no early exit), so the time taken does not tell which one matched.
  const matches = signatures.map((signature) => timingSafeEqualString(signature, expected));
  return matches.includes(true) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}
