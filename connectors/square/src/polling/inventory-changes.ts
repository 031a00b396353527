import type { ConnectorContext, Poller, VendorRecord } from '@omnihub/connector-sdk';
import { squareRequest } from '../api/client.ts';
import { OWN_REFERENCE_PREFIX } from '../api/idempotency.ts';
import type { InventoryChange, InventoryChangeDetail } from '../api/types.ts';
import { DEFAULTS, type SquareConfig } from '../config.ts';
import { skusForCatalogObjects } from '../lookups/catalog.ts';
import { hubLocation } from '../lookups/locations.ts';
import { utc } from '../webhooks/notification.ts';
import { readCursor, writeCursor, type ChangesCursor } from './cursor.ts';

/**
 * The `square.InventoryChangeRecord` payload: one change as Square returned it, with the SKU of
 * its variation and the hub location(s), which the change does not carry.
 */
export interface InventoryChangeRecord {
  change: InventoryChange;
  sku: string;
  /** The hub location whose stock this record moves. */
  locationId: string;
  /** For a transfer, which side this record is: units leaving `from_location_id` or arriving at `to_location_id`. */
  side?: 'out' | 'in' | undefined;
}

/** Square's sellable state: the hub's stock is what is IN_STOCK. */
const SELLABLE = 'IN_STOCK';

/** True when the change moves sellable stock (an adjustment into or out of IN_STOCK, a count or transfer of it). */
function touchesSellable(change: InventoryChange): boolean {
  const detail = detailOf(change);
  if (detail === undefined) return false;
  if (change.type === 'ADJUSTMENT') return detail.from_state === SELLABLE || detail.to_state === SELLABLE;
  return detail.state === SELLABLE;
}

/** The detail object of a change (its adjustment, count or transfer). */
export function detailOf(change: InventoryChange): InventoryChangeDetail | undefined {
  return change.adjustment ?? change.physical_count ?? change.transfer ?? undefined;
}

/** True when the change was made by this integration (it is the hub's own write coming back). */
function isOwn(detail: InventoryChangeDetail, config: SquareConfig): boolean {
  if (typeof detail.reference_id === 'string' && detail.reference_id.startsWith(OWN_REFERENCE_PREFIX)) return true;
  return config.applicationId !== undefined && detail.source?.application_id === config.applicationId;
}

async function toRecords(ctx: ConnectorContext<SquareConfig>, changes: readonly InventoryChange[]): Promise<VendorRecord[]> {
  const foreign = changes.filter((change) => {
    const detail = detailOf(change);
    return detail !== undefined && typeof detail.id === 'string' && typeof detail.catalog_object_id === 'string' && !isOwn(detail, ctx.config) && touchesSellable(change);
  });
  const skus = await skusForCatalogObjects(ctx, foreign.map((change) => detailOf(change)?.catalog_object_id as string));
  const records: VendorRecord[] = [];
  for (const change of foreign) {
    const detail = detailOf(change) as InventoryChangeDetail;
    const sku = skus.get(detail.catalog_object_id as string);
    if (sku === undefined) {
      ctx.logger.info({ catalogObjectId: detail.catalog_object_id, changeId: detail.id }, 'inventory change skipped: the catalog object has no SKU');
      continue;
    }
    const sequence = utc(detail.created_at);
    const occurredAt = utc(detail.occurred_at) ?? sequence;
    const sides: { side: 'out' | 'in' | undefined; location: string }[] =
      change.type === 'TRANSFER'
        ? [
            { side: 'out', location: detail.from_location_id ?? '' },
            { side: 'in', location: detail.to_location_id ?? '' },
          ]
        : [{ side: undefined, location: detail.location_id ?? '' }];
    for (const { side, location } of sides) {
      const locationId = hubLocation(ctx.config, location);
      const payload: InventoryChangeRecord = { change, sku, locationId, ...(side === undefined ? {} : { side }) };
      records.push({
        id: side === undefined ? (detail.id as string) : `${detail.id as string}:${side}`,
        type: 'square.InventoryChangeRecord',
        partitionKey: `${sku}@${locationId}`,
        ...(sequence === undefined ? {} : { sequence }),
        ...(occurredAt === undefined ? {} : { occurredAt }),
        payload,
      });
    }
  }
  return records;
}

/**
 * Polls BatchRetrieveInventoryChanges: adjustments, physical counts and transfers created after the
 * cursor (at the mapped locations, when there are any), one page per poll (`more` while Square
 * returns a page cursor). Only changes of sellable (IN_STOCK) stock are records; a transfer makes
 * two, one per location (`<id>:out`, `<id>:in`). Changes this integration made (reference_id starting with `omnihub:`,
 * or made by `applicationId`) are not taken back in. When a read is complete, the next one starts
 * `pollOverlapSeconds` before the newest `created_at` seen; changes read twice are de-duplicated by
 * their id, the record id.
 */
export const inventoryChangesPoller: Poller<SquareConfig> = {
  poll: async (stored, ctx) => {
    const { config } = ctx;
    const now = ctx.clock.now().getTime();
    const cursor: ChangesCursor = stored === undefined ? { since: new Date(now - (config.pollLookbackHours ?? DEFAULTS.pollLookbackHours) * 3_600_000).toISOString() } : readCursor(stored);
    const locations = [...new Set(Object.values(config.locations ?? {}))];
    const reply = await squareRequest<{ changes?: InventoryChange[]; cursor?: string }>(ctx, {
      method: 'POST',
      path: '/v2/inventory/changes/batch-retrieve',
      body: {
        types: ['ADJUSTMENT', 'PHYSICAL_COUNT', 'TRANSFER'],
        ...(locations.length === 0 ? {} : { location_ids: locations }),
        updated_after: cursor.since,
        limit: config.pollPageSize ?? DEFAULTS.pollPageSize,
        ...(cursor.page === undefined ? {} : { cursor: cursor.page }),
      },
      idempotent: true,
    });
    const changes = reply.changes ?? [];
    const records = await toRecords(ctx, changes);
    const high = [cursor.high, ...changes.map((change) => utc(detailOf(change)?.created_at))].filter((value): value is string => value !== undefined).sort().at(-1);
    if (typeof reply.cursor === 'string' && reply.cursor !== '') {
      return { records, cursor: writeCursor({ since: cursor.since, page: reply.cursor, high }), more: true };
    }
    const overlapMs = (config.pollOverlapSeconds ?? DEFAULTS.pollOverlapSeconds) * 1000;
    const next = high === undefined ? cursor.since : new Date(Math.max(Date.parse(cursor.since), Date.parse(high) - overlapMs)).toISOString();
    return { records, cursor: writeCursor({ since: next }), more: false };
  },
};
