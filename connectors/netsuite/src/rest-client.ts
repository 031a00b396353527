import type { ConnectorContext, HttpMethod, HttpResponse } from '@omnihub/connector-sdk';
import { authorizationFor } from './auth/authorize.ts';
import { restOrigin, type NetSuiteConfig } from './config.ts';

/** One call of NetSuite's REST web services. */
export interface NetSuiteRequest {
  method: HttpMethod;
  /** Path below the REST origin, e.g. `/services/rest/record/v1/salesOrder/eid:A-1`, or an absolute URL NetSuite handed out. */
  path: string;
  query?: Record<string, string | number> | undefined;
  json?: unknown;
  headers?: Record<string, string> | undefined;
  acceptStatuses?: number[] | undefined;
  idempotent?: boolean | undefined;
}

/** The full URL of a request, query included (the query takes part in a TBA signature). */
export function requestUrl(config: NetSuiteConfig, path: string, query?: Record<string, string | number>): string {
  const url = new URL(/^https?:\/\//.test(path) ? path : `${restOrigin(config)}${path}`);
  for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, String(value));
  return url.toString();
}

/**
 * Sends one authorized request to NetSuite through the instance's HTTP client (which classifies
 * 401/403, 429, 5xx and other 4xx into the SDK's failure kinds and redacts every credential).
 *
 * @example
 * const { data } = await netsuiteRequest(ctx, { method: 'GET', path: '/services/rest/record/v1/salesOrder/eid:A-1' });
 */
export async function netsuiteRequest<T = unknown>(ctx: ConnectorContext<NetSuiteConfig>, request: NetSuiteRequest): Promise<HttpResponse<T>> {
  const url = requestUrl(ctx.config, request.path, request.query);
  const authorization = await authorizationFor(ctx, request.method, url);
  return ctx.http.request<T>({
    method: request.method,
    url,
    headers: { authorization, accept: 'application/json', ...request.headers },
    ...(request.json === undefined ? {} : { json: request.json }),
    ...(request.acceptStatuses === undefined ? {} : { acceptStatuses: request.acceptStatuses }),
    ...(request.idempotent === undefined ? {} : { idempotent: request.idempotent }),
  });
}

/** NetSuite's error body (RFC 9457 style with `o:errorDetails`). */
export interface NetSuiteErrorBody {
  title?: string;
  status?: number;
  'o:errorDetails'?: { detail?: string; 'o:errorCode'?: string }[];
}

/** The error codes and details of a NetSuite error body. */
export function errorDetails(body: unknown): { codes: string[]; detail: string } {
  const details = (body !== null && typeof body === 'object' ? (body as NetSuiteErrorBody)['o:errorDetails'] : undefined) ?? [];
  const codes = details.map((d) => d['o:errorCode']).filter((code): code is string => typeof code === 'string');
  const detail = details.map((d) => d.detail).filter((text): text is string => typeof text === 'string').join('; ');
  return { codes, detail: detail === '' ? JSON.stringify(body ?? null).slice(0, 500) : detail.slice(0, 500) };
}
