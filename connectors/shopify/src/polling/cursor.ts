import { InvalidMessageFailure } from '@omnihub/connector-sdk';

/**
 * Where the reconciliation stands: orders updated at or after `since` are being read; `after` is the
 * GraphQL page cursor within that read, `high` the newest update time seen in it.
 */
export interface ReconcileCursor {
  since: string;
  after?: string | undefined;
  high?: string | undefined;
}

/** The stored form of a cursor (JSON with a version, so a later format can tell them apart). */
export function writeCursor(cursor: ReconcileCursor): string {
  return JSON.stringify({ v: 1, since: cursor.since, ...(cursor.after === undefined ? {} : { after: cursor.after }), ...(cursor.high === undefined ? {} : { high: cursor.high }) });
}

/** Reads a stored cursor; a plain ISO timestamp is taken as `since` (an operator may set one by hand). */
export function readCursor(text: string): ReconcileCursor {
  if (Number.isFinite(Date.parse(text)) && !text.trim().startsWith('{')) return { since: new Date(text).toISOString() };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidMessageFailure(`the stored reconciliation cursor is neither JSON nor a timestamp: ${text.slice(0, 80)}`, { code: 'shopify.cursor-invalid' });
  }
  const value = parsed as Partial<Record<'v' | 'since' | 'after' | 'high', unknown>>;
  if (value.v !== 1 || typeof value.since !== 'string' || !Number.isFinite(Date.parse(value.since))) {
    throw new InvalidMessageFailure(`the stored reconciliation cursor has no valid "since": ${text.slice(0, 80)}`, { code: 'shopify.cursor-invalid' });
  }
  return {
    since: value.since,
    ...(typeof value.after === 'string' ? { after: value.after } : {}),
    ...(typeof value.high === 'string' ? { high: value.high } : {}),
  };
}
