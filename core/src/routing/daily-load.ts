import type { SqlExecutor } from '../store/store.ts';
import type { Location } from './engine-types.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day (YYYY-MM-DD) at `at` in an IANA time zone; UTC when the zone is unknown. */
export function localDay(at: Date, timeZone: string | undefined): string {
  const zone = timeZone ?? 'UTC';
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      formatter = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    formatters.set(zone, formatter);
  }
  return formatter.format(at);
}

/**
 * Fulfillments assigned today to each location that has a daily capacity, "today" being the
 * location's own calendar day (capacity resets at local midnight).
 */
export async function dailyLoad(db: SqlExecutor, locations: readonly Location[], at: Date): Promise<Map<string, number>> {
  const limited = locations.filter((location) => location.dailyCapacity !== undefined);
  if (limited.length === 0) return new Map();
  const { rows } = await db.query<{ location_id: string; assigned: number }>(
    `select l.location_id, l.assigned from location_daily_load l
     join unnest($1::text[], $2::date[]) as k(location_id, day) on l.location_id = k.location_id and l.day = k.day`,
    [limited.map((l) => l.id), limited.map((l) => localDay(at, l.timeZone))],
  );
  return new Map(rows.map((row) => [row.location_id, row.assigned]));
}

/**
 * Counts one more fulfillment today at each location that has a daily capacity (local day), once
 * per time a location is listed; the others are not counted, nothing reads their load.
 */
export async function addDailyLoad(db: SqlExecutor, locations: readonly Location[], at: Date): Promise<void> {
  await addLoad(db, loadCounts(locations.map((location) => ({ location, countedAt: at }))));
}

/** Fulfillments counted per location and local day, in location order (the order rows are locked in). */
function loadCounts(counted: readonly CountedFulfillment[]): { locationId: string; day: string; count: number }[] {
  const counts = new Map<string, { locationId: string; day: string; count: number }>();
  for (const { location, countedAt } of counted) {
    if (location.dailyCapacity === undefined) continue;
    const day = localDay(countedAt, location.timeZone);
    const key = `${location.id}\u0000${day}`;
    const entry = counts.get(key);
    if (entry === undefined) counts.set(key, { locationId: location.id, day, count: 1 });
    else entry.count += 1;
  }
  // Rows are locked in location order, so concurrent orders never wait on each other in a cycle.
  return [...counts.values()].sort((a, b) => (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

async function addLoad(db: SqlExecutor, counts: readonly { locationId: string; day: string; count: number }[]): Promise<void> {
  if (counts.length === 0) return;
  await db.query(
    `insert into location_daily_load (location_id, day, assigned)
     select location_id, day, assigned from unnest($1::text[], $2::date[], $3::int[]) with ordinality as k(location_id, day, assigned, n) order by n
     on conflict (location_id, day) do update set assigned = location_daily_load.assigned + excluded.assigned`,
    loadParams(counts),
  );
}

/** The statement parameters of load counts: location ids, days, counts. */
function loadParams(counts: readonly { locationId: string; day: string; count: number }[]): [string[], string[], number[]] {
  return [counts.map((e) => e.locationId), counts.map((e) => e.day), counts.map((e) => e.count)];
}

/** A fulfillment taken off (or put back on) a location's daily load: where, and when it was counted. */
export interface CountedFulfillment {
  location: Location;
  /** When the fulfillment was counted (its request time): its local day is the one it counts against. */
  countedAt: Date;
}

/**
 * Takes fulfillments that no longer hold a location's work (cancelled, rejected or timed out) off
 * the daily load of the local day they were counted on, never below zero, so only live work uses
 * the capacity; with `restore` they are counted again (an undone cancellation). Locations without
 * a daily capacity are left out, as {@link addDailyLoad} leaves them out.
 */
export async function releaseDailyLoad(db: SqlExecutor, released: readonly CountedFulfillment[], restore = false): Promise<void> {
  const sorted = loadCounts(released);
  if (restore) return addLoad(db, sorted);
  if (sorted.length === 0) return;
  await db.query(
    `update location_daily_load l set assigned = greatest(l.assigned - k.released, 0)
     from unnest($1::text[], $2::date[], $3::int[]) as k(location_id, day, released)
     where l.location_id = k.location_id and l.day = k.day`,
    loadParams(sorted),
  );
}
