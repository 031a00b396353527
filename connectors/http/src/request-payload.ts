import { PermanentFailure, type HttpMethod } from '@omnihub/connector-sdk';

/** The vendor payload `http.Request` a mapping produces for the `request` action. */
export interface HttpRequestPayload {
  method: HttpMethod;
  /** Path below the instance's baseUrl, starting with `/`, e.g. `/orders/A-1001`. */
  path: string;
  headers?: Record<string, string>;
  query?: Record<string, string | number | boolean>;
  /** Sent as JSON, or as is when a string. Not sent with GET or DELETE. */
  body?: unknown;
}

const METHODS: readonly HttpMethod[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Headers the connector or the transport sets; a mapping may not set them. */
export const TRANSPORT_HEADERS = new Set(['authorization', 'host', 'content-length', 'transfer-encoding', 'connection']);

/**
 * Headers the static `config.headers` may not set: those above, and `idempotency-key`, which must
 * differ from event to event (a mapping may set it, to a business key such as the order id).
 */
export const RESERVED_HEADERS = new Set([...TRANSPORT_HEADERS, 'idempotency-key']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function refuse(problem: string): PermanentFailure {
  return new PermanentFailure(`the mapped http.Request payload ${problem}`, { code: 'http.payload-invalid' });
}

function stringMap(value: unknown, field: string): Record<string, string> {
  if (!isRecord(value)) throw refuse(`has ${field} that is not an object of strings`);
  const out: Record<string, string> = {};
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== 'string') throw refuse(`has ${field}.${name} that is not a string`);
    if (field === 'headers' && TRANSPORT_HEADERS.has(name.toLowerCase())) throw refuse(`sets the header ${name}, which the connector sets itself`);
    out[name] = item;
  }
  return out;
}

/**
 * Checks the mapped payload's shape. A wrong shape is a mapping mistake that no retry fixes, so it
 * is a {@link PermanentFailure} (`http.payload-invalid`) naming the field.
 *
 * @example
 * readRequestPayload({ method: 'POST', path: '/orders', body: { id: 'A-1' } });
 */
export function readRequestPayload(payload: unknown): HttpRequestPayload {
  if (!isRecord(payload)) throw refuse('is not an object with method and path');
  const { method, path, headers, query, body } = payload;
  if (typeof method !== 'string' || !METHODS.includes(method.toUpperCase() as HttpMethod)) throw refuse(`has method ${JSON.stringify(method)}; use one of ${METHODS.join(', ')}`);
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) throw refuse(`has path ${JSON.stringify(path)}; it must start with a single "/"`);
  const request: HttpRequestPayload = { method: method.toUpperCase() as HttpMethod, path };
  if (headers !== undefined) request.headers = stringMap(headers, 'headers');
  if (query !== undefined) {
    if (!isRecord(query)) throw refuse('has query that is not an object');
    const out: Record<string, string | number | boolean> = {};
    for (const [name, item] of Object.entries(query)) {
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') throw refuse(`has query.${name} that is not a string, number or boolean`);
      out[name] = item;
    }
    request.query = out;
  }
  if (body !== undefined) request.body = body;
  return request;
}
