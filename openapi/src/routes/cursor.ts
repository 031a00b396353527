import { HubError } from '@omnihub/core';

/**
 * Checks that a listing cursor is one this hub issues (base64url JSON `[time, id]`, as dead
 * letters and returns page), so that a mangled one is the caller's 400 and not a database error.
 */
export function checkCursor(cursor: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const valid = Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && !Number.isNaN(Date.parse(parsed[0]));
  if (!valid) throw new HubError('bad-request', { detail: 'the cursor is not one this hub issued; pass back a nextCursor unchanged' });
}
