import type { HttpRequest } from '../context.ts';
import { PermanentFailure } from '../errors.ts';

/** A request body ready for the wire, with the content type it implies. */
export interface EncodedBody {
  data: string | Buffer | undefined;
  contentType: string | undefined;
}

/**
 * Encodes a form as `application/x-www-form-urlencoded`; arrays repeat the key (`To=a&To=b`, as
 * Twilio expects) and undefined values are left out.
 *
 * @example
 * encodeForm({ To: '+15550100', MediaUrl: ['https://a', 'https://b'] }); // 'To=%2B15550100&MediaUrl=https%3A%2F%2Fa&MediaUrl=https%3A%2F%2Fb'
 */
export function encodeForm(form: NonNullable<HttpRequest['form']>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value as readonly string[]) params.append(key, item);
    else params.append(key, String(value));
  }
  return params.toString();
}

/** The request body: exactly one of `json`, `form` and `body`, or none. */
export function encodeBody(request: HttpRequest): EncodedBody {
  const given = [request.json !== undefined, request.form !== undefined, request.body !== undefined].filter(Boolean).length;
  if (given > 1) throw new PermanentFailure('an HTTP request takes one of json, form and body, not several', { code: 'http.invalid-request' });
  if (request.json !== undefined) return { data: JSON.stringify(request.json), contentType: 'application/json' };
  if (request.form !== undefined) return { data: encodeForm(request.form), contentType: 'application/x-www-form-urlencoded' };
  return { data: request.body, contentType: undefined };
}

/** `url` with `query` appended (undefined values left out). */
export function withQuery(url: URL, query: HttpRequest['query']): URL {
  const out = new URL(url);
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined) out.searchParams.append(key, String(value));
  }
  return out;
}

/**
 * Request headers: a user agent and `accept`, the body's content type unless the caller set one,
 * then the caller's headers (which win).
 */
export function buildHeaders(request: HttpRequest, contentType: string | undefined, userAgent: string): Record<string, string> {
  const own = request.headers ?? {};
  const has = (name: string): boolean => Object.keys(own).some((key) => key.toLowerCase() === name);
  const headers: Record<string, string> = {};
  if (!has('user-agent')) headers['user-agent'] = userAgent;
  if (!has('accept')) headers['accept'] = 'application/json, text/plain;q=0.9, */*;q=0.8';
  if (contentType !== undefined && !has('content-type')) headers['content-type'] = contentType;
  return { ...headers, ...own };
}
