import { HubError, type FieldError } from '../errors/hub-error.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { SqlExecutor } from '../store/store.ts';
import { assertLocation, listLocations, putLocation, type Location } from './location-store.ts';

/** What applying a locations file does to one location. */
export interface LocationChange {
  id: string;
  action: 'create' | 'update' | 'unchanged' | 'close';
  /** Top-level fields that change (for updates and closes). */
  fields?: string[] | undefined;
}

/** The plan of a locations file against the stored locations; applied unless a dry run. */
export interface LocationPlan {
  dryRun: boolean;
  changes: LocationChange[];
  summary: { create: number; update: number; unchanged: number; close: number };
}

/** Options of {@link applyLocations}. */
export interface ApplyLocationsOptions {
  /** Close (status `closed`) stored locations the file does not list. */
  prune?: boolean | undefined;
  /** Only plan. */
  dryRun?: boolean | undefined;
}

/** Stable JSON: object keys sorted, so documents compare by content. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function changedFields(before: Location, after: Location): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys.filter((key) => stable((before as unknown as Record<string, unknown>)[key]) !== stable((after as unknown as Record<string, unknown>)[key]));
}

/**
 * Plans (and, unless `dryRun`, applies in the caller's transaction) a set of locations kept as
 * code: new ids are created, changed ones replaced, and with `prune` the stored locations the set
 * leaves out are closed (kept for history, never deleted). Every location is validated first;
 * nothing is written if one is invalid or an id repeats.
 */
export async function applyLocations(tx: SqlExecutor, registry: SchemaRegistry, desired: readonly unknown[], options: ApplyLocationsOptions = {}): Promise<LocationPlan> {
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  desired.forEach((value, index) => {
    try {
      assertLocation(registry, value, `/locations/${index}`);
    } catch (error: unknown) {
      if (error instanceof HubError) errors.push(...error.errors);
      else throw error;
      return;
    }
    if (seen.has(value.id)) errors.push({ path: `/locations/${index}/id`, message: `location ${value.id} is listed twice`, keyword: 'uniqueId' });
    seen.add(value.id);
  });
  if (errors.length > 0) throw new HubError('validation-failed', { detail: 'the locations are invalid; nothing was applied', errors });
  const locations = desired as Location[];
  const current = new Map((await listLocations(tx)).map((stored) => [stored.location.id, stored.location]));
  const changes: LocationChange[] = [];
  for (const location of [...locations].sort((a, b) => (a.id < b.id ? -1 : 1))) {
    const before = current.get(location.id);
    if (before === undefined) changes.push({ id: location.id, action: 'create' });
    else if (stable(before) === stable(location)) changes.push({ id: location.id, action: 'unchanged' });
    else changes.push({ id: location.id, action: 'update', fields: changedFields(before, location) });
  }
  const closing = options.prune === true ? [...current.values()].filter((l) => !seen.has(l.id) && l.status !== 'closed').sort((a, b) => (a.id < b.id ? -1 : 1)) : [];
  for (const location of closing) changes.push({ id: location.id, action: 'close', fields: ['status'] });
  if (options.dryRun !== true) {
    for (const location of locations) await putLocation(tx, location);
    for (const location of closing) await putLocation(tx, { ...location, status: 'closed' });
  }
  const count = (action: LocationChange['action']) => changes.filter((c) => c.action === action).length;
  return { dryRun: options.dryRun === true, changes, summary: { create: count('create'), update: count('update'), unchanged: count('unchanged'), close: count('close') } };
}
