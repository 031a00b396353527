import type { SqlExecutor } from '../store/store.ts';
import type { Location } from './engine-types.ts';
import { activeProfiles } from './profile-store.ts';
import type { RoutingProfile } from './profile-types.ts';

/** Options of {@link RoutingCatalog}. */
export interface RoutingCatalogOptions {
  /**
   * How long locations and active profiles are reused before being read again (default 5 s).
   * Changes made through this process show at once; another process's after at most this long.
   */
  ttlMs?: number | undefined;
}

interface Cached<T> {
  value: T;
  at: number;
}

/**
 * Locations and active routing profiles, read through a short cache: routing every order would
 * otherwise read the whole location table. Reads use the caller's executor, so they also work
 * inside a transaction on the single-connection embedded database.
 */
export class RoutingCatalog {
  readonly #ttlMs: number;
  #locations: Cached<Location[]> | undefined;
  #profiles: Cached<RoutingProfile[]> | undefined;

  constructor(options: RoutingCatalogOptions = {}) {
    this.#ttlMs = options.ttlMs ?? 5000;
  }

  #fresh<T>(cached: Cached<T> | undefined): cached is Cached<T> {
    return cached !== undefined && performance.now() - cached.at < this.#ttlMs;
  }

  /** Every location that is not closed, by id. */
  async locations(db: SqlExecutor): Promise<Location[]> {
    if (this.#fresh(this.#locations)) return this.#locations.value;
    const { rows } = await db.query<{ document: Location }>("select document from locations where status <> 'closed' order by id");
    this.#locations = { value: rows.map((row) => row.document), at: performance.now() };
    return this.#locations.value;
  }

  /** The active version of every profile. */
  async profiles(db: SqlExecutor): Promise<RoutingProfile[]> {
    if (this.#fresh(this.#profiles)) return this.#profiles.value;
    this.#profiles = { value: await activeProfiles(db), at: performance.now() };
    return this.#profiles.value;
  }

  /** Forgets what was read (after a change to locations or profiles). */
  invalidate(): void {
    this.#locations = undefined;
    this.#profiles = undefined;
  }
}
