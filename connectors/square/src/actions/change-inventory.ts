import type { ActionHandler, PayloadReader } from '@omnihub/connector-sdk';
import { squareRequest } from '../api/client.ts';
import { ownReferenceId, squareIdempotencyKey } from '../api/idempotency.ts';
import type { InventoryChange } from '../api/types.ts';
import type { SquareConfig } from '../config.ts';
import { catalogObjectIdForSku } from '../lookups/catalog.ts';
import { mappedSquareLocation } from '../lookups/locations.ts';
import { readPayload } from './payload-reader.ts';

/** Square's InventoryState values an adjustment or count may name. */
export const INVENTORY_STATES = ['IN_STOCK', 'SOLD', 'RETURNED_BY_CUSTOMER', 'RESERVED_FOR_SALE', 'SOLD_ONLINE', 'ORDERED_FROM_VENDOR', 'RECEIVED_FROM_VENDOR', 'NONE', 'WASTE', 'UNLINKED_RETURN'] as const;

/** Square takes at most 100 changes per BatchChangeInventory call. */
const MAX_CHANGES = 100;

/** A change of the payload, with its SKU and hub location still to resolve. */
interface PlannedChange {
  type: 'ADJUSTMENT' | 'PHYSICAL_COUNT';
  sku: string;
  hubLocation: string;
  fields: Record<string, string>;
}

function plan(change: PayloadReader): PlannedChange {
  const type = change.oneOf('type', ['ADJUSTMENT', 'PHYSICAL_COUNT']);
  if (type === 'ADJUSTMENT') {
    const adjustment = change.object('adjustment');
    return {
      type,
      sku: adjustment.string('sku'),
      hubLocation: adjustment.string('location_id'),
      fields: { from_state: adjustment.oneOf('from_state', INVENTORY_STATES), to_state: adjustment.oneOf('to_state', INVENTORY_STATES), quantity: adjustment.decimal('quantity'), occurred_at: adjustment.string('occurred_at') },
    };
  }
  const count = change.object('physical_count');
  return {
    type,
    sku: count.string('sku'),
    hubLocation: count.string('location_id'),
    fields: { state: count.oneOf('state', INVENTORY_STATES, 'IN_STOCK'), quantity: count.decimal('quantity'), occurred_at: count.string('occurred_at') },
  };
}

/**
 * The `change-inventory` action (`square.InventoryChanges`: `{ changes: [{ type: 'ADJUSTMENT',
 * adjustment: { sku, location_id, from_state, to_state, quantity, occurred_at } } | { type:
 * 'PHYSICAL_COUNT', physical_count: { sku, location_id, state, quantity, occurred_at } }] }`, where
 * `location_id` is the hub location): resolves each SKU to its catalog object id (cached) and each
 * location through the `locations` setting, and sends BatchChangeInventory, always with an
 * `idempotency_key` derived from the event (Square applies a key once) and the changes'
 * `reference_id` marking them as the hub's own, so the poller does not take them back in. A change
 * at a hub location the setting does not map is not this seller's and is left out.
 */
export const changeInventoryAction: ActionHandler<SquareConfig> = {
  execute: async (input, ctx) => {
    const payload = readPayload('change-inventory', input.payload);
    if (payload === undefined) return {};
    const referenceId = ownReferenceId(input.idempotencyKey);
    const changes: InventoryChange[] = [];
    for (const planned of payload.objects('changes').map(plan)) {
      const location = mappedSquareLocation(ctx.config, planned.hubLocation);
      if (location === undefined) {
        ctx.logger.debug({ sku: planned.sku, locationId: planned.hubLocation }, 'inventory change left out: no Square location is mapped for the hub location');
        continue;
      }
      const detail = { reference_id: referenceId, catalog_object_id: await catalogObjectIdForSku(ctx, planned.sku), location_id: location, ...planned.fields };
      changes.push(planned.type === 'ADJUSTMENT' ? { type: planned.type, adjustment: detail } : { type: planned.type, physical_count: detail });
    }
    const vendorIds: string[] = [];
    for (let start = 0; start < changes.length; start += MAX_CHANGES) {
      const key = start === 0 ? input.idempotencyKey : `${input.idempotencyKey}#${start / MAX_CHANGES}`;
      const reply = await squareRequest<{ changes?: InventoryChange[] }>(ctx, {
        method: 'POST',
        path: '/v2/inventory/changes/batch-create',
        body: { idempotency_key: squareIdempotencyKey(key), changes: changes.slice(start, start + MAX_CHANGES), ignore_unchanged_counts: true },
        idempotent: true,
      });
      for (const change of reply.changes ?? []) {
        const id = (change.adjustment ?? change.physical_count)?.id;
        if (typeof id === 'string') vendorIds.push(id);
      }
    }
    return { vendorIds };
  },
};
