import type { ConnectorContext, HttpMethod, HttpResponse } from '@omnihub/connector-sdk';
import { apiOrigin, type HubSpotConfig } from './config.ts';
import { checkRateLimit, noteRateLimit } from './rate-limit.ts';

/**
 * One HubSpot API call with the private-app token. Refuses to send while the rate-limit headers
 * of an earlier answer said the budget is spent; a 429 is retried by the SDK client after its
 * Retry-After, or handed to the hub as rate-limited.
 *
 * @example
 * const { data } = await hubspotRequest(ctx, 'POST', '/crm/v3/objects/contacts/search', body);
 */
export async function hubspotRequest<T = unknown>(ctx: ConnectorContext<HubSpotConfig>, method: HttpMethod, path: string, json?: unknown): Promise<HttpResponse<T>> {
  checkRateLimit(ctx);
  const response = await ctx.http.request<T>({
    method,
    url: `${apiOrigin(ctx.config)}${path}`,
    headers: { authorization: `Bearer ${ctx.config.accessToken}`, accept: 'application/json' },
    ...(json === undefined ? {} : { json }),
    // Searches and upserts by unique property change nothing when repeated.
    idempotent: true,
  });
  noteRateLimit(ctx, response.headers);
  return response;
}
