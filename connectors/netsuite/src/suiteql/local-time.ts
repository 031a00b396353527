/**
 * SuiteQL reads and writes dates in the time zone of the integration user's preferences. These
 * helpers turn such wall-clock times (`YYYY-MM-DD HH24:MI:SS`) into UTC instants and back.
 */

function offsetMs(timeZone: string, instant: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(instant));
  const value = (type: string): number => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(value('year'), value('month') - 1, value('day'), value('hour'), value('minute'), value('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * A wall-clock time in `timeZone` as a UTC ISO string.
 *
 * @example
 * localToUtc('2025-04-14 11:31:00', 'Europe/Berlin'); // '2025-04-14T09:31:00.000Z'
 */
export function localToUtc(local: string, timeZone: string): string {
  const guess = Date.parse(`${local.trim().replace(' ', 'T')}Z`);
  if (!Number.isFinite(guess)) throw new RangeError(`not a SuiteQL date-time: "${local}"`);
  let instant = guess - offsetMs(timeZone, guess);
  // Near a DST change the offset at the first guess may differ from the one at the result.
  const corrected = guess - offsetMs(timeZone, instant);
  if (corrected !== instant) instant = corrected;
  return new Date(instant).toISOString();
}

/**
 * A UTC instant as a wall-clock time in `timeZone`, `YYYY-MM-DD HH:MM:SS` (for TO_TIMESTAMP).
 *
 * @example
 * utcToLocal('2025-04-14T09:31:00Z', 'Europe/Berlin'); // '2025-04-14 11:31:00'
 */
export function utcToLocal(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  return new Date(instant + offsetMs(timeZone, instant)).toISOString().slice(0, 19).replace('T', ' ');
}
