import { ConfigurationFailure, type ConnectorContext } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from './config.ts';
import { shopifyGraphql } from './graphql/client.ts';
import { Ping } from './graphql/queries.ts';

/**
 * Checks the token against the shop by reading one location (a wrong token is an authentication
 * failure from the HTTP client), and that every mapped location exists.
 */
export async function testConnection(ctx: ConnectorContext<ShopifyConfig>): Promise<void> {
  const data = await shopifyGraphql(ctx, Ping, {});
  if (data.locations.nodes.length === 0) throw new ConfigurationFailure(`shop ${ctx.config.shop} has no active location to hold stock`, { code: 'shopify.no-location' });
}
