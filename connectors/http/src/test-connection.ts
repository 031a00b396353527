import type { ConnectorContext } from '@omnihub/connector-sdk';
import { DEFAULT_TIMEOUT_MS, type HttpConfig } from './config.ts';
import { targetUrl } from './target-url.ts';

/**
 * The live connection check: a GET of `healthPath` (default `/`) below baseUrl. Any answer but a
 * failure counts (404 and 405 too: the host answered); 401/403 fail as authentication, 5xx as transient.
 */
export async function testConnection(ctx: ConnectorContext<HttpConfig>): Promise<void> {
  await ctx.http.request({
    method: 'GET',
    url: targetUrl(ctx.config.baseUrl, ctx.config.healthPath ?? '/'),
    headers: ctx.config.authorization === undefined ? {} : { authorization: ctx.config.authorization },
    timeoutMs: ctx.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    acceptStatuses: [404, 405],
  });
}
