import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from './define-connector.ts';

/** How a signature is written: hex (e.g. `sha256=<hex>` headers) or base64 (Shopify, Square). */
export type SignatureEncoding = 'hex' | 'base64';

/**
 * HMAC-SHA256 of `data` under `secret`.
 *
 * @example
 * hmacSha256('shhh', request.rawBody, 'base64'); // the value Shopify sends in x-shopify-hmac-sha256
 */
export function hmacSha256(secret: string | Buffer, data: string | Buffer, encoding: SignatureEncoding = 'hex'): string {
  return createHmac('sha256', secret).update(data).digest(encoding);
}

/**
 * Compares two strings in constant time. Returns false (never throws) when either is not a
 * string or their lengths differ; both are hashed first so the time taken does not depend on
 * where they differ, nor on their lengths.
 *
 * @example
 * timingSafeEqualString(request.headers['x-signature'] ?? '', expected); // true only on an exact match
 */
export function timingSafeEqualString(a: string, b: string): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const left = createHash('sha256').update(a, 'utf8').digest();
  const right = createHash('sha256').update(b, 'utf8').digest();
  const sameDigest = timingSafeEqual(left, right);
  return sameDigest && Buffer.byteLength(a, 'utf8') === Buffer.byteLength(b, 'utf8');
}

/** Input of {@link verifyHmacSha256}. */
export interface VerifyHmacOptions {
  secret: string | Buffer;
  /** What the vendor signed: usually the raw body, sometimes a timestamp or URL joined with it. */
  payload: string | Buffer;
  /** The signature the vendor sent (a missing header gives `ok: false`). */
  signature: string | undefined;
  encoding: SignatureEncoding;
  /** A prefix the vendor puts before the value, e.g. `sha256=`; stripped before comparing. */
  prefix?: string | undefined;
}

/**
 * Checks an HMAC-SHA256 signature in constant time. Hex signatures compare case-insensitively.
 *
 * @example
 * const result = verifyHmacSha256({ secret: ctx.config.webhookSecret, payload: req.rawBody, signature: req.headers['x-shopify-hmac-sha256'], encoding: 'base64' });
 * if (!result.ok) return result; // { ok: false, reason: 'signature does not match' }
 */
export function verifyHmacSha256(options: VerifyHmacOptions): VerifyResult {
  const { secret, payload, encoding, prefix } = options;
  let signature = options.signature;
  if (signature === undefined || signature.trim() === '') return { ok: false, reason: 'signature missing' };
  signature = signature.trim();
  if (prefix !== undefined && prefix !== '') {
    if (!signature.startsWith(prefix)) return { ok: false, reason: `signature does not start with "${prefix}"` };
    signature = signature.slice(prefix.length);
  }
  if (encoding === 'hex') signature = signature.toLowerCase();
  const expected = hmacSha256(secret, payload, encoding);
  return timingSafeEqualString(signature, expected) ? { ok: true } : { ok: false, reason: 'signature does not match' };
}

/**
 * True when `timestamp` lies within `toleranceSeconds` of `now`, either side: the stale-request
 * check for vendors that sign a timestamp (replays of an old, validly signed request fail it).
 * A number or an all-digit string is read as Unix seconds; any other string is parsed as a date.
 * Unparseable timestamps are not fresh.
 *
 * @example
 * if (!isFresh(req.headers['x-timestamp'] ?? '', ctx.clock.now(), 300)) return { ok: false, reason: 'stale request' };
 */
export function isFresh(timestamp: number | string | Date, now: Date, toleranceSeconds = 300): boolean {
  const ms = timestampMs(timestamp);
  if (ms === undefined || !Number.isFinite(now.getTime())) return false;
  return Math.abs(now.getTime() - ms) <= toleranceSeconds * 1000;
}

function timestampMs(timestamp: number | string | Date): number | undefined {
  if (timestamp instanceof Date) return Number.isFinite(timestamp.getTime()) ? timestamp.getTime() : undefined;
  if (typeof timestamp === 'number') return Number.isFinite(timestamp) ? timestamp * 1000 : undefined;
  if (typeof timestamp !== 'string') return undefined;
  const text = timestamp.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parsed = Date.parse(text);
  return Number.isFinite(parsed) ? parsed : undefined;
}
