import type { WebhookHandler } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { toGid } from '../ids.ts';
import { skuForInventoryItem } from '../lookups/inventory-items.ts';
import { hubLocation } from '../lookups/locations.ts';
import { readDelivery, utc } from './delivery.ts';
import { verifyShopifyWebhook } from './signature.ts';

/**
 * The `shopify.InventoryLevelUpdate` payload: the webhook body as Shopify sent it, with the SKU of
 * its inventory item and the hub location of its Shopify location, which the body does not carry.
 */
export interface InventoryLevelUpdate {
  inventoryLevel: Record<string, unknown>;
  sku: string;
  locationId: string;
}

/**
 * `inventory_levels/update`: the available quantity of an item at a location. The SKU is looked up
 * (cached) and the location translated through the `locations` setting; the level's `updated_at`
 * (UTC) is the record's sequence. An item without a SKU cannot be synced: it is logged and skipped.
 */
export const inventoryLevelsWebhook: WebhookHandler<ShopifyConfig> = {
  verify: (request, ctx) => verifyShopifyWebhook(request, ctx.config),
  parse: async (request, ctx) => {
    const delivery = readDelivery(request, ['inventory_levels/update'], ctx.logger);
    const { body } = delivery;
    const itemId = toGid('InventoryItem', String(body['inventory_item_id']));
    const sku = await skuForInventoryItem(ctx, itemId);
    if (sku === undefined) {
      ctx.logger.info({ inventoryItemId: itemId }, 'inventory level update skipped: the inventory item has no SKU');
      return [];
    }
    const locationId = hubLocation(ctx.config, String(body['location_id']));
    const sequence = utc(body['updated_at']) ?? delivery.triggeredAt;
    const payload: InventoryLevelUpdate = { inventoryLevel: body, sku, locationId };
    return [
      {
        id: delivery.id,
        type: 'shopify.InventoryLevelUpdate',
        partitionKey: `${sku}@${locationId}`,
        ...(sequence === undefined ? {} : { sequence, occurredAt: sequence }),
        payload,
      },
    ];
  },
};
