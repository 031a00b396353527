import {
  AuthenticationFailure,
  PermanentFailure,
  RateLimitedFailure,
  TransientFailure,
  type HandlerFailure,
} from '../errors.ts';
import { createRedactor, redactValue, type Redactor } from '../redact.ts';
import { parseRetryAfter } from './retry-after.ts';

/** What {@link classifyHttpStatus} may use to word its message and read Retry-After. */
export interface ClassifyContext {
  /** e.g. `POST`; with `url`, names the request in the message. */
  method?: string | undefined;
  /** The request URL; redacted before it is written. */
  url?: string | undefined;
  /** For an HTTP-date Retry-After (default: the current time). */
  now?: Date | undefined;
  /** Redaction applied to the message (default: credential patterns only, no secret values). */
  redact?: Redactor | undefined;
}

/**
 * Wait assumed for a 429 without a readable Retry-After: long enough not to hammer the vendor,
 * short enough that the hub's own backoff stays in charge.
 */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 1000;

/** Longest vendor error body quoted in a failure message. */
export const MAX_QUOTED_BODY = 500;

/**
 * Turns a vendor status into the SDK failure that tells the hub what to do next, or undefined for
 * a status below 400. 429 → {@link RateLimitedFailure} (with Retry-After, `vendor.http.429`);
 * 408 and 5xx → {@link TransientFailure}; 401/403 → {@link AuthenticationFailure}; any other 4xx →
 * {@link PermanentFailure}. Codes are `vendor.http.<status>`; the message quotes the vendor's
 * error body, redacted and truncated.
 *
 * @example
 * const failure = classifyHttpStatus(422, { 'content-type': 'application/json' }, { error: 'sku unknown' });
 * // PermanentFailure('vendor answered 422: {"error":"sku unknown"}', { code: 'vendor.http.422' })
 */
export function classifyHttpStatus(status: number, headers: Record<string, string>, body: unknown, context: ClassifyContext = {}): HandlerFailure | undefined {
  if (status < 400) return undefined;
  const redact = context.redact ?? createRedactor([]);
  const code = `vendor.http.${status}`;
  const message = `${describeRequest(context, redact)} answered ${status}${quoteBody(body, redact)}`;
  if (status === 429) {
    const retryAfterMs = parseRetryAfter(headerValue(headers, 'retry-after'), context.now ?? new Date()) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
    return new RateLimitedFailure(message, retryAfterMs, { code });
  }
  if (status === 401 || status === 403) return new AuthenticationFailure(message, { code });
  if (status === 408 || status >= 500) return new TransientFailure(message, { code });
  return new PermanentFailure(message, { code });
}

/**
 * The failure for a request that got no response: `vendor.timeout` or `vendor.network`, both
 * transient.
 *
 * @example
 * classifyNetworkError('ECONNRESET', 'socket hang up', false, { method: 'GET', url }); // TransientFailure vendor.network
 */
export function classifyNetworkError(errorCode: string, detail: string, timedOut: boolean, context: ClassifyContext = {}): TransientFailure {
  const redact = context.redact ?? createRedactor([]);
  const what = describeRequest(context, redact);
  if (timedOut) return new TransientFailure(`${what} timed out (${redact(detail)})`, { code: 'vendor.timeout' });
  return new TransientFailure(`${what} failed: ${errorCode} (${redact(detail)})`, { code: 'vendor.network' });
}

/** Reads a header case-insensitively. */
export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === wanted) return value;
  return undefined;
}

function describeRequest(context: ClassifyContext, redact: Redactor): string {
  if (context.url === undefined) return 'vendor';
  return `${context.method ?? 'request'} ${redact(context.url)}`;
}

function quoteBody(body: unknown, redact: Redactor): string {
  if (body === undefined || body === null || body === '') return '';
  let text: string;
  if (typeof body === 'string') text = body;
  else if (Buffer.isBuffer(body)) text = body.toString('utf8');
  else {
    try {
      text = JSON.stringify(redactValue(body, redact));
    } catch {
      text = `[unserialisable ${typeof body} body]`;
    }
  }
  // Redact before truncating, so a cut cannot leave half a secret that no longer matches.
  const clean = redact(text.replace(/\s+/g, ' ').trim());
  if (clean === '') return '';
  return `: ${clean.length > MAX_QUOTED_BODY ? `${clean.slice(0, MAX_QUOTED_BODY)}…` : clean}`;
}
