import { InvalidMessageFailure } from '@omnihub/connector-sdk';

/**
 * Where the inventory change poll stands: changes created after `since` are being read; `page` is
 * Square's pagination cursor within that read, `high` the newest `created_at` seen in it.
 */
export interface ChangesCursor {
  since: string;
  page?: string | undefined;
  high?: string | undefined;
}

/** The stored form of a cursor (JSON with a version). */
export function writeCursor(cursor: ChangesCursor): string {
  return JSON.stringify({ v: 1, since: cursor.since, ...(cursor.page === undefined ? {} : { page: cursor.page }), ...(cursor.high === undefined ? {} : { high: cursor.high }) });
}

/** Reads a stored cursor; a plain ISO timestamp is taken as `since` (an operator may set one by hand). */
export function readCursor(text: string): ChangesCursor {
  if (!text.trim().startsWith('{') && Number.isFinite(Date.parse(text))) return { since: new Date(text).toISOString() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidMessageFailure(`the stored inventory change cursor is neither JSON nor a timestamp: ${text.slice(0, 80)}`, { code: 'square.cursor-invalid' });
  }
  const value = parsed as Partial<Record<'v' | 'since' | 'page' | 'high', unknown>>;
  if (value.v !== 1 || typeof value.since !== 'string' || !Number.isFinite(Date.parse(value.since))) {
    throw new InvalidMessageFailure(`the stored inventory change cursor has no valid "since": ${text.slice(0, 80)}`, { code: 'square.cursor-invalid' });
  }
  return { since: value.since, ...(typeof value.page === 'string' ? { page: value.page } : {}), ...(typeof value.high === 'string' ? { high: value.high } : {}) };
}
