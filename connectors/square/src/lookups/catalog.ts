import { ConfigurationFailure, PermanentFailure, perHttpClient, TtlCache, type ConnectorContext } from '@omnihub/connector-sdk';
import { squareRequest } from '../api/client.ts';
import type { CatalogObject } from '../api/types.ts';
import { DEFAULTS, type SquareConfig } from '../config.ts';

// Per instance: lookups never leak between sellers or tests.
const cachesOf = perHttpClient(() => ({ idBySku: new TtlCache<string>(), skuById: new TtlCache<string>() }));

function ttlMs(config: SquareConfig): number {
  return (config.lookupCacheSeconds ?? DEFAULTS.lookupCacheSeconds) * 1000;
}

/** Square caps BatchRetrieveCatalogObjects at 1,000 ids per call. */
const BATCH_LIMIT = 1000;

/**
 * The catalog object id (an ITEM_VARIATION) whose SKU is `sku`, through SearchCatalogObjects with
 * an exact query, cached for `lookupCacheSeconds`. An unknown SKU is a permanent failure; a SKU on
 * several variations a configuration failure (the catalog must be fixed first).
 *
 * @example
 * const id = await catalogObjectIdForSku(ctx, 'TSH-ORG-NVY-M'); // 'W62UWFY35CWMYGVWK6TWJDNI'
 */
export async function catalogObjectIdForSku(ctx: ConnectorContext<SquareConfig>, sku: string): Promise<string> {
  const cache = cachesOf(ctx.http);
  const now = ctx.clock.now().getTime();
  const cached = cache.idBySku.get(sku, now);
  if (cached !== undefined) return cached;
  const reply = await squareRequest<{ objects?: CatalogObject[] }>(ctx, {
    method: 'POST',
    path: '/v2/catalog/search',
    body: { object_types: ['ITEM_VARIATION'], query: { exact_query: { attribute_name: 'sku', attribute_value: sku } }, limit: 10 },
    idempotent: true,
  });
  const ids = [...new Set((reply.objects ?? []).filter((object) => object.type === 'ITEM_VARIATION' && object.is_deleted !== true && object.item_variation_data?.sku === sku).map((object) => object.id))];
  const [only, ...others] = ids;
  if (only === undefined) throw new PermanentFailure(`no Square item variation has the SKU "${sku}"`, { code: 'square.sku-unknown' });
  if (others.length > 0) throw new ConfigurationFailure(`the SKU "${sku}" belongs to ${ids.length} Square item variations; make it unique`, { code: 'square.sku-ambiguous' });
  cache.idBySku.set(sku, only, now, ttlMs(ctx.config));
  cache.skuById.set(only, sku, now, ttlMs(ctx.config));
  return only;
}

/**
 * The SKUs of catalog object ids, read with BatchRetrieveCatalogObjects for those not cached
 * (cached for `lookupCacheSeconds`). An id without a SKU (or deleted) is absent from the result.
 *
 * @example
 * const skus = await skusForCatalogObjects(ctx, ['W62UWFY35CWMYGVWK6TWJDNI']); // Map { 'W62U…' => 'TSH-ORG-NVY-M' }
 */
export async function skusForCatalogObjects(ctx: ConnectorContext<SquareConfig>, ids: readonly string[]): Promise<Map<string, string>> {
  const cache = cachesOf(ctx.http);
  const now = ctx.clock.now().getTime();
  const found = new Map<string, string>();
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const sku = cache.skuById.get(id, now);
    if (sku === undefined) missing.push(id);
    else found.set(id, sku);
  }
  for (let start = 0; start < missing.length; start += BATCH_LIMIT) {
    const reply = await squareRequest<{ objects?: CatalogObject[] }>(ctx, {
      method: 'POST',
      path: '/v2/catalog/batch-retrieve',
      body: { object_ids: missing.slice(start, start + BATCH_LIMIT), include_related_objects: false },
      idempotent: true,
    });
    for (const object of reply.objects ?? []) {
      const sku = object.item_variation_data?.sku;
      if (object.is_deleted === true || typeof sku !== 'string' || sku === '') continue;
      found.set(object.id, sku);
      cache.skuById.set(object.id, sku, now, ttlMs(ctx.config));
      cache.idBySku.set(sku, object.id, now, ttlMs(ctx.config));
    }
  }
  return found;
}
