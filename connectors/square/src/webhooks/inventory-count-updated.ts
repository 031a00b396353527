import type { InventoryCount } from '../api/types.ts';
import { skusForCatalogObjects } from '../lookups/catalog.ts';
import { hubLocation } from '../lookups/locations.ts';
import { readNotification, squareWebhook, utc } from './notification.ts';

/**
 * The `square.InventoryCountUpdate` payload: one IN_STOCK count of the notification as Square sent
 * it, with the variation's SKU and the hub location, which the count does not carry.
 */
export interface InventoryCountUpdate {
  eventId: string;
  count: InventoryCount;
  sku: string;
  locationId: string;
}

/**
 * `inventory.count.updated`: one record per IN_STOCK count (the sellable quantity; the other states
 * are Square's own bookkeeping), keyed by event, variation and location, with the count's
 * `calculated_at` (UTC) as sequence. SKUs are looked up in one batch (cached); a variation
 * without a SKU cannot be synced and is logged and skipped.
 */
export const inventoryCountUpdatedWebhook = squareWebhook(async (request, ctx) => {
  const notification = readNotification(request, 'inventory.count.updated');
  const counts = ((notification.data.object['inventory_counts'] ?? []) as InventoryCount[]).filter((count) => count.state === 'IN_STOCK' && typeof count.catalog_object_id === 'string' && typeof count.location_id === 'string');
  const skus = await skusForCatalogObjects(ctx, counts.map((count) => count.catalog_object_id as string));
  return counts.flatMap((count) => {
    const objectId = count.catalog_object_id as string;
    const sku = skus.get(objectId);
    if (sku === undefined) {
      ctx.logger.info({ catalogObjectId: objectId }, 'inventory count skipped: the catalog object has no SKU');
      return [];
    }
    const locationId = hubLocation(ctx.config, count.location_id as string);
    const sequence = utc(count.calculated_at) ?? utc(notification.created_at);
    const payload: InventoryCountUpdate = { eventId: notification.event_id, count, sku, locationId };
    return [
      {
        id: `${notification.event_id}:${objectId}:${String(count.location_id)}`,
        type: 'square.InventoryCountUpdate',
        partitionKey: `${sku}@${locationId}`,
        ...(sequence === undefined ? {} : { sequence, occurredAt: sequence }),
        payload,
      },
    ];
  });
});
