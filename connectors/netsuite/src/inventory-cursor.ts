import { InvalidMessageFailure } from '@omnihub/connector-sdk';

/**
 * Where the inventory poller stands: it reads changes after `since` (UTC), page by page from
 * `offset`; `watermark` is the newest change seen in this pass, the next pass's start.
 */
export interface InventoryCursor {
  since: string;
  offset: number;
  watermark: string;
}

/** Reads a stored cursor; a cursor this version did not write is refused with a clear message. */
export function parseInventoryCursor(text: string): InventoryCursor {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new InvalidMessageFailure(`NetSuite inventory cursor is not JSON: ${text.slice(0, 100)}`, { code: 'netsuite.cursor' });
  }
  const cursor = value as Partial<InventoryCursor> | null;
  if (cursor === null || typeof cursor.since !== 'string' || !Number.isFinite(Date.parse(cursor.since)) || typeof cursor.offset !== 'number' || typeof cursor.watermark !== 'string') {
    throw new InvalidMessageFailure(`NetSuite inventory cursor must be { since, offset, watermark }, got ${text.slice(0, 100)}`, { code: 'netsuite.cursor' });
  }
  return { since: cursor.since, offset: cursor.offset, watermark: cursor.watermark };
}

/** Writes a cursor for storage. */
export function formatInventoryCursor(cursor: InventoryCursor): string {
  return JSON.stringify(cursor);
}
