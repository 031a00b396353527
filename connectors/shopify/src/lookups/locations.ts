import { ConfigurationFailure } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { toGid } from '../ids.ts';

/**
 * The Shopify location of a hub location: through the `locations` setting, or the value itself
 * when it already is a Shopify location id. An unmapped hub location is a configuration failure.
 *
 * @example
 * shopifyLocation({ locations: { 'berlin-1': '655441491' } } as ShopifyConfig, 'berlin-1'); // 'gid://shopify/Location/655441491'
 */
export function shopifyLocation(config: ShopifyConfig, location: string): string {
  const found = mappedShopifyLocation(config, location);
  if (found !== undefined) return found;
  throw new ConfigurationFailure(`no Shopify location is mapped for hub location "${location}": add it to the instance's locations setting`, { code: 'shopify.location-unmapped' });
}

/**
 * The Shopify location of a hub location (or a Shopify location id given as is), or undefined when
 * the `locations` setting maps none: the location is not one this shop holds.
 *
 * @example
 * mappedShopifyLocation({ locations: {} } as ShopifyConfig, 'warehouse-9'); // undefined
 */
export function mappedShopifyLocation(config: ShopifyConfig, location: string): string | undefined {
  const mapped = config.locations?.[location];
  if (mapped !== undefined) return toGid('Location', mapped);
  if (/^(gid:\/\/shopify\/Location\/)?[0-9]+$/.test(location)) return toGid('Location', location);
  return undefined;
}

/**
 * The hub location of a Shopify location (the reverse of the `locations` setting); a Shopify
 * location no hub location maps to keeps its global id, so the record stays visible.
 *
 * @example
 * hubLocation({ locations: { 'berlin-1': '655441491' } } as ShopifyConfig, 655441491); // 'berlin-1'
 */
export function hubLocation(config: ShopifyConfig, shopifyLocationId: string | number): string {
  const gid = toGid('Location', shopifyLocationId);
  for (const [hub, mapped] of Object.entries(config.locations ?? {})) {
    if (toGid('Location', mapped) === gid) return hub;
  }
  return gid;
}
