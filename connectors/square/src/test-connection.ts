import { ConfigurationFailure, type ConnectorContext } from '@omnihub/connector-sdk';
import { squareRequest } from './api/client.ts';
import type { SquareConfig } from './config.ts';

/**
 * Checks the token by listing the seller's locations (a wrong token is an authentication failure
 * from the HTTP client), and that every mapped Square location is one of them.
 */
export async function testConnection(ctx: ConnectorContext<SquareConfig>): Promise<void> {
  const reply = await squareRequest<{ locations?: { id?: string; status?: string }[] }>(ctx, { method: 'GET', path: '/v2/locations', idempotent: true });
  const known = new Set((reply.locations ?? []).map((location) => location.id));
  const unknown = Object.entries(ctx.config.locations ?? {}).filter(([, id]) => !known.has(id));
  if (unknown.length > 0) {
    throw new ConfigurationFailure(`mapped Square locations unknown to this seller: ${unknown.map(([hub, id]) => `${hub} → ${id}`).join(', ')}`, { code: 'square.location-unknown' });
  }
}
