import { PermanentFailure, TransientFailure, type ActionHandler } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { shopifyGraphql } from '../graphql/client.ts';
import { assertNoUserErrors } from '../graphql/errors.ts';
import { InventorySetQuantities } from '../graphql/mutations.ts';
import { InventoryQuantities } from '../graphql/queries.ts';
import { inventoryItemForSku } from '../lookups/inventory-items.ts';
import { mappedShopifyLocation } from '../lookups/locations.ts';
import { utc } from '../webhooks/delivery.ts';
import { referenceDocumentUri } from './idempotency.ts';
import { readPayload } from './payload-reader.ts';

/** Quantity names inventorySetQuantities accepts. */
export const SETTABLE_QUANTITIES = ['available', 'on_hand'] as const;

/** Read-compare-set rounds before giving up when the quantity keeps moving at Shopify. */
const CAS_ATTEMPTS = 3;

/**
 * The `set-inventory` action (`shopify.InventorySetQuantity`: `{ sku, locationId, quantity, name?,
 * reason?, asOf? }`): sets the available (or on-hand) quantity of a SKU at a location with
 * compare-and-set. It reads the current quantity, does nothing when it already is the target (a
 * redelivery), else sets it with `compareQuantity` = the quantity read, so a sale at Shopify in
 * between makes Shopify refuse (COMPARE_QUANTITY_STALE) instead of being overwritten; it then reads
 * again and retries. The change is recorded under a reference URI naming the event's idempotency
 * key. A level older (`asOf`) than one already pushed for the same item and location is skipped,
 * and so is a level of a hub location the `locations` setting does not map (not held by this shop).
 */
export const setInventoryAction: ActionHandler<ShopifyConfig> = {
  execute: async (input, ctx) => {
    const payload = readPayload('set-inventory', input.payload);
    if (payload === undefined) return {};
    const sku = payload.string('sku');
    const quantity = payload.integer('quantity', 0);
    const name = payload.oneOf('name', SETTABLE_QUANTITIES, 'available');
    const reason = payload.optionalString('reason') ?? 'correction';
    const asOf = utc(payload.optionalString('asOf'));
    const hubLocation = payload.string('locationId');
    const locationId = mappedShopifyLocation(ctx.config, hubLocation);
    if (locationId === undefined) {
      // Levels of every hub location reach every channel instance: one this shop does not hold is not for it.
      ctx.logger.debug({ sku, locationId: hubLocation }, 'inventory level not pushed: no Shopify location is mapped for the hub location');
      return {};
    }
    const itemId = await inventoryItemForSku(ctx, sku);

    const guard = `set-inventory:${itemId}:${locationId}:${name}`;
    const newest = await ctx.cursors.get(guard);
    if (asOf !== undefined && newest !== undefined && newest > asOf) {
      ctx.logger.info({ sku, locationId, asOf, newest }, 'stale inventory level skipped: a newer one was already pushed');
      return { alreadyApplied: true, vendorIds: [itemId] };
    }
    const remember = async (): Promise<void> => {
      if (asOf !== undefined) await ctx.cursors.set(guard, asOf);
    };

    for (let attempt = 1; attempt <= CAS_ATTEMPTS; attempt += 1) {
      const state = await shopifyGraphql(ctx, InventoryQuantities, { itemId, locationId, names: [name] });
      const level = state.inventoryItem?.inventoryLevel;
      if (state.inventoryItem === null || level === null || level === undefined) {
        throw new PermanentFailure(`SKU "${sku}" (${itemId}) is not stocked at Shopify location ${locationId}`, { code: 'shopify.item-not-stocked' });
      }
      const current = level.quantities.find((entry) => entry.name === name)?.quantity ?? 0;
      if (current === quantity) {
        await remember();
        return { alreadyApplied: true, vendorIds: [level.id] };
      }
      const reply = await shopifyGraphql(ctx, InventorySetQuantities, {
        input: { name, reason, referenceDocumentUri: referenceDocumentUri(input.idempotencyKey), quantities: [{ inventoryItemId: itemId, locationId, quantity, compareQuantity: current }] },
      });
      const errors = reply.inventorySetQuantities?.userErrors ?? [];
      if (errors.some((error) => error.code === 'COMPARE_QUANTITY_STALE')) {
        ctx.logger.info({ sku, locationId, attempt, read: current }, 'the quantity changed at Shopify between read and set: reading it again');
        continue;
      }
      assertNoUserErrors('inventorySetQuantities', errors);
      await remember();
      const group = reply.inventorySetQuantities?.inventoryAdjustmentGroup;
      return { vendorIds: [group?.id ?? level.id] };
    }
    throw new TransientFailure(`the ${name} quantity of SKU "${sku}" at ${locationId} kept changing at Shopify during ${CAS_ATTEMPTS} compare-and-set rounds`, { code: 'shopify.compare-quantity-contended' });
  },
};
