import { ConfigurationFailure, PermanentFailure, perHttpClient, TtlCache, type ConnectorContext } from '@omnihub/connector-sdk';
import { DEFAULTS, type ShopifyConfig } from '../config.ts';
import { shopifyGraphql } from '../graphql/client.ts';
import { InventoryItemSku, VariantsBySku } from '../graphql/queries.ts';

// Per instance (see graphql/throttle.ts).
const cachesOf = perHttpClient(() => ({ itemBySku: new TtlCache<string>(), skuByItem: new TtlCache<string>() }));

function ttlMs(config: ShopifyConfig): number {
  return (config.lookupCacheSeconds ?? DEFAULTS.lookupCacheSeconds) * 1000;
}

/** A search term matching one SKU exactly (quotes and backslashes escaped). */
export function skuSearch(sku: string): string {
  return `sku:"${sku.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * The inventory item of the variant whose SKU is `sku`, cached for `lookupCacheSeconds`. A SKU no
 * variant carries is a permanent failure; one carried by several inventory items is a
 * configuration failure (the catalog must be fixed before stock can be synced).
 *
 * @example
 * const itemId = await inventoryItemForSku(ctx, 'TSH-ORG-NVY-M'); // 'gid://shopify/InventoryItem/…'
 */
export async function inventoryItemForSku(ctx: ConnectorContext<ShopifyConfig>, sku: string): Promise<string> {
  const cache = cachesOf(ctx.http);
  const now = ctx.clock.now().getTime();
  const cached = cache.itemBySku.get(sku, now);
  if (cached !== undefined) return cached;
  const data = await shopifyGraphql(ctx, VariantsBySku, { query: skuSearch(sku) });
  // The search matches prefixes and tokens too: keep exact matches only.
  const items = [...new Set(data.productVariants.nodes.filter((variant) => variant.sku === sku).map((variant) => variant.inventoryItem.id))];
  const [only, ...others] = items;
  if (only === undefined) throw new PermanentFailure(`no Shopify variant of shop ${ctx.config.shop} has the SKU "${sku}"`, { code: 'shopify.sku-unknown' });
  if (others.length > 0) throw new ConfigurationFailure(`the SKU "${sku}" belongs to ${items.length} Shopify inventory items of shop ${ctx.config.shop}; make it unique`, { code: 'shopify.sku-ambiguous' });
  cache.itemBySku.set(sku, only, now, ttlMs(ctx.config));
  cache.skuByItem.set(only, sku, now, ttlMs(ctx.config));
  return only;
}

/**
 * The SKU of an inventory item, cached for `lookupCacheSeconds`; undefined when the item has none.
 *
 * @example
 * const sku = await skuForInventoryItem(ctx, 'gid://shopify/InventoryItem/808950810');
 */
export async function skuForInventoryItem(ctx: ConnectorContext<ShopifyConfig>, inventoryItemId: string): Promise<string | undefined> {
  const cache = cachesOf(ctx.http);
  const now = ctx.clock.now().getTime();
  const cached = cache.skuByItem.get(inventoryItemId, now);
  if (cached !== undefined) return cached;
  const data = await shopifyGraphql(ctx, InventoryItemSku, { id: inventoryItemId });
  const sku = data.inventoryItem?.sku ?? undefined;
  if (sku === undefined || sku === '') return undefined;
  cache.skuByItem.set(inventoryItemId, sku, now, ttlMs(ctx.config));
  cache.itemBySku.set(sku, inventoryItemId, now, ttlMs(ctx.config));
  return sku;
}
