import { HubError } from '../errors/hub-error.ts';
import type { LocationV1 } from '../generated/schema-types.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { SqlExecutor } from '../store/store.ts';
import { isKnownTimeZone } from '../notifications/quiet-hours.ts';

/** A canonical location (store, warehouse, distribution center, dark store, drop-ship supplier). */
export type Location = LocationV1;

/** A stored location with its revision (incremented on every change). */
export interface StoredLocation {
  location: Location;
  revision: number;
  updatedAt: string;
}

/** Filters of {@link listLocations}; absent fields do not filter. */
export interface LocationFilter {
  type?: Location['type'] | undefined;
  status?: Location['status'] | undefined;
  group?: string | undefined;
}

interface LocationRow extends Record<string, unknown> {
  document: Location;
  revision: number;
  updated_at: Date;
}

const toStored = (row: LocationRow): StoredLocation => ({ location: row.document, revision: row.revision, updatedAt: row.updated_at.toISOString() });

/**
 * Throws `validation-failed` (paths under `pathPrefix`) unless `value` is a canonical location v1
 * whose `timeZone`, when given, is a known IANA time zone.
 */
export function assertLocation(registry: SchemaRegistry, value: unknown, pathPrefix = ''): asserts value is Location {
  registry.assertValid({ name: 'location', version: 1 }, value, pathPrefix);
  const zone = (value as Location).timeZone;
  if (zone !== undefined && !isKnownTimeZone(zone)) {
    throw new HubError('validation-failed', {
      detail: `${zone} is not a known IANA time zone`,
      errors: [{ path: `${pathPrefix}/timeZone`, message: `must be an IANA time zone such as Europe/Berlin, not ${zone}`, keyword: 'timeZone' }],
    });
  }
}

/** What {@link putLocation} did. */
export type PutOutcome = 'created' | 'updated' | 'unchanged';

/**
 * Creates or replaces a location (validated by the caller). A replacement identical to the stored
 * document changes nothing, so applying the same file twice is a no-op.
 */
export async function putLocation(db: SqlExecutor, location: Location): Promise<{ outcome: PutOutcome; stored: StoredLocation }> {
  const { rows } = await db.query<LocationRow & { inserted: boolean }>(
    `with previous as (select document from locations where id = $1)
     insert into locations (id, type, status, groups, document) values ($1, $2, $3, $4, $5::jsonb)
     on conflict (id) do update set type = excluded.type, status = excluded.status, groups = excluded.groups, document = excluded.document,
       revision = locations.revision + 1, updated_at = now()
       where locations.document is distinct from excluded.document
     returning document, revision, updated_at, (select count(*) = 0 from previous) as inserted`,
    [location.id, location.type, location.status, location.groups ?? [], JSON.stringify(location)],
  );
  const row = rows[0];
  if (row !== undefined) return { outcome: row.inserted ? 'created' : 'updated', stored: toStored(row) };
  const current = await getLocation(db, location.id);
  if (current === undefined) throw new Error(`location ${location.id} vanished while being written`);
  return { outcome: 'unchanged', stored: current };
}

/** One location, or undefined. */
export async function getLocation(db: SqlExecutor, id: string): Promise<StoredLocation | undefined> {
  const { rows } = await db.query<LocationRow>('select document, revision, updated_at from locations where id = $1', [id]);
  return rows[0] === undefined ? undefined : toStored(rows[0]);
}

/** Locations matching `filter`, by id. */
export async function listLocations(db: SqlExecutor, filter: LocationFilter = {}): Promise<StoredLocation[]> {
  const { rows } = await db.query<LocationRow>(
    `select document, revision, updated_at from locations
     where ($1::text is null or type = $1) and ($2::text is null or status = $2) and ($3::text is null or $3 = any(groups))
     order by id`,
    [filter.type ?? null, filter.status ?? null, filter.group ?? null],
  );
  return rows.map(toStored);
}
