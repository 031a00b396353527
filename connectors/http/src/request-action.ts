import { ConfigurationFailure, type ActionHandler, type ActionResult, type HttpRequest } from '@omnihub/connector-sdk';
import { DEFAULT_TIMEOUT_MS, type HttpConfig } from './config.ts';
import { readRequestPayload, RESERVED_HEADERS, type HttpRequestPayload } from './request-payload.ts';
import { targetUrl } from './target-url.ts';

function staticHeaders(config: HttpConfig): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    if (RESERVED_HEADERS.has(name.toLowerCase())) throw new ConfigurationFailure(`config.headers sets ${name}, which the connector sets itself (put credentials in "authorization")`, { code: 'http.config-header-reserved' });
    headers[name] = value;
  }
  return headers;
}

function vendorRequest(config: HttpConfig, payload: HttpRequestPayload, idempotencyKey: string): HttpRequest {
  // The mapping may choose the key (a business key such as the order id); else the event's own.
  const mappedKey = Object.keys(payload.headers ?? {}).some((name) => name.toLowerCase() === 'idempotency-key');
  const headers: Record<string, string> = {
    ...staticHeaders(config),
    ...(mappedKey ? {} : { 'idempotency-key': idempotencyKey }),
    ...payload.headers,
    ...(config.authorization === undefined ? {} : { authorization: config.authorization }),
  };
  const request: HttpRequest = {
    method: payload.method,
    url: targetUrl(config.baseUrl, payload.path),
    headers,
    timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // The Idempotency-Key makes a resend safe whatever the method.
    idempotent: true,
  };
  if (payload.query !== undefined) request.query = payload.query;
  if (payload.body !== undefined && payload.method !== 'GET' && payload.method !== 'DELETE') {
    if (typeof payload.body === 'string') request.body = payload.body;
    else request.json = payload.body;
  }
  return request;
}

/** The event's `type@version`s this instance sends, or undefined for all of them. */
function selected(config: HttpConfig, eventType: string): boolean {
  if (config.events === undefined) return true;
  return config.events.some((ref) => ref.slice(0, ref.lastIndexOf('@')) === eventType);
}

function vendorIdOf(data: unknown): string[] {
  if (data === null || typeof data !== 'object') return [];
  const id = (data as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number' ? [String(id)] : [];
}

/**
 * The `request` action: sends the mapped `http.Request` to the instance's baseUrl with
 * `Idempotency-Key` set to the input's key (or to the key the mapping chose), so a redelivered
 * event is recognised by the endpoint.
 * Events not in `config.events` are left alone. Vendor errors surface as the SDK's failures.
 */
export const requestAction: ActionHandler<HttpConfig> = {
  async execute(input, ctx): Promise<ActionResult> {
    if (!selected(ctx.config, input.event.type)) {
      ctx.logger.debug({ eventType: input.event.type, eventId: input.event.id }, 'event type not in config.events: not sent');
      return {};
    }
    const payload = readRequestPayload(input.payload);
    const response = await ctx.http.request(vendorRequest(ctx.config, payload, input.idempotencyKey));
    ctx.logger.info({ method: payload.method, path: payload.path, status: response.status, eventId: input.event.id }, 'request sent');
    const replayed = response.headers['idempotent-replayed'] === 'true';
    return { vendorIds: vendorIdOf(response.data), ...(replayed ? { alreadyApplied: true } : {}) };
  },
};
