import type { ConnectorContext, Poller, VendorRecord } from '@omnihub/connector-sdk';
import { DEFAULTS, type NetSuiteConfig } from './config.ts';
import { formatInventoryCursor, parseInventoryCursor, type InventoryCursor } from './inventory-cursor.ts';
import { inventoryBalanceQuery } from './suiteql/inventory-balance-query.ts';
import { localToUtc, utcToLocal } from './suiteql/local-time.ts';
import { runSuiteQl } from './suiteql/run-suiteql.ts';

/** The vendor payload type of one balance row. */
export const INVENTORY_BALANCE_PAYLOAD = 'netsuite.InventoryBalance';

/** One SuiteQL row of {@link inventoryBalanceQuery} (SuiteQL returns every value as a string). */
export interface InventoryBalanceRow {
  item: string;
  sku: string;
  location: string;
  quantityonhand: string | null;
  quantityavailable: string | null;
  quantitycommitted: string | null;
  /** Latest change, account-local `YYYY-MM-DD HH24:MI:SS`. */
  changedat: string;
}

/** The payload handed to the mapping: the row plus the change time in UTC, added by the connector. */
export type InventoryBalancePayload = InventoryBalanceRow & { changedatutc: string; accountid: string };

function firstCursor(ctx: ConnectorContext<NetSuiteConfig>): InventoryCursor {
  const start = ctx.config.inventoryStartAt ?? new Date(ctx.clock.now().getTime() - DEFAULTS.inventoryLookbackHours * 3_600_000).toISOString();
  return { since: new Date(start).toISOString(), offset: 0, watermark: new Date(start).toISOString() };
}

function record(ctx: ConnectorContext<NetSuiteConfig>, row: InventoryBalanceRow, timeZone: string): VendorRecord {
  const changedatutc = localToUtc(row.changedat, timeZone);
  const payload: InventoryBalancePayload = { ...row, changedatutc, accountid: ctx.config.accountId };
  return {
    // The same balance at the same change is taken in once, however often overlapping polls read it.
    id: `netsuite:${ctx.config.accountId}:balance:${row.item}:${row.location}:${changedatutc}:${row.quantityonhand ?? ''}:${row.quantityavailable ?? ''}`,
    type: INVENTORY_BALANCE_PAYLOAD,
    occurredAt: changedatutc,
    sequence: changedatutc,
    partitionKey: `${row.item}:${row.location}`,
    payload,
  };
}

/**
 * Polls the inventory balances of items and locations changed since the cursor, through SuiteQL,
 * one page per call (`more` asks the runtime for the next page at once). A pass starts
 * `inventoryOverlapSeconds` before the newest change of the previous pass: lastmodifieddate has
 * one-second precision and late commits are common, and re-read rows carry the same record id.
 *
 * @example
 * const { records, cursor, more } = await inventoryPoller.poll(undefined, ctx);
 */
export const inventoryPoller: Poller<NetSuiteConfig> = {
  poll: async (cursorText, ctx) => {
    const timeZone = ctx.config.timeZone ?? DEFAULTS.timeZone;
    const pageSize = ctx.config.inventoryPageSize ?? DEFAULTS.inventoryPageSize;
    const cursor = cursorText === undefined ? firstCursor(ctx) : parseInventoryCursor(cursorText);
    const page = await runSuiteQl<InventoryBalanceRow>(ctx, inventoryBalanceQuery(utcToLocal(cursor.since, timeZone)), cursor.offset, pageSize);
    const records = page.items.map((row) => record(ctx, row, timeZone));
    const watermark = records.reduce((newest, r) => (r.occurredAt !== undefined && r.occurredAt > newest ? r.occurredAt : newest), cursor.watermark);
    if (page.hasMore) {
      return { records, cursor: formatInventoryCursor({ since: cursor.since, offset: page.offset + page.count, watermark }), more: true };
    }
    const overlapMs = (ctx.config.inventoryOverlapSeconds ?? DEFAULTS.inventoryOverlapSeconds) * 1000;
    const nextSince = new Date(Math.max(Date.parse(cursor.since), Date.parse(watermark) - overlapMs)).toISOString();
    return { records, cursor: formatInventoryCursor({ since: nextSince, offset: 0, watermark }), more: false };
  },
};
