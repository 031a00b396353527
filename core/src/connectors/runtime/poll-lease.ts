import type { SqlExecutor, Store } from '../../store/store.ts';

/**
 * The lease that makes one process the poller of an instance. A lease row with an expiry (rather
 * than a session advisory lock) works the same on PostgreSQL and the embedded PGlite, and needs no
 * dedicated connection: the holder renews it well before it expires; a crashed holder's lease
 * simply runs out and another process takes it. Expiry is judged by the database clock, so the
 * processes' own clocks do not matter.
 */
export class PollLease {
  readonly #store: Store;
  readonly #instanceId: string;
  readonly #holder: string;
  readonly #ttlMs: number;

  constructor(store: Store, instanceId: string, holder: string, ttlMs: number) {
    this.#store = store;
    this.#instanceId = instanceId;
    this.#holder = holder;
    this.#ttlMs = ttlMs;
  }

  /** Takes the lease when it is free or expired, or renews it when held; true when this holder has it. */
  async acquire(): Promise<boolean> {
    const { rows } = await this.#store.query<{ holder: string }>(
      `insert into connector_poll_leases (instance_id, holder, expires_at)
       select $1, $2, now() + $3::int * interval '1 millisecond' where exists (select 1 from connector_instances where id = $1)
       on conflict (instance_id) do update set holder = excluded.holder, expires_at = excluded.expires_at
       where connector_poll_leases.holder = excluded.holder or connector_poll_leases.expires_at < now()
       returning holder`,
      [this.#instanceId, this.#holder, Math.round(this.#ttlMs)],
    );
    return rows[0]?.holder === this.#holder;
  }

  /**
   * Whether this holder still has an unexpired lease, checked inside the transaction that commits
   * a poll's records and cursor. The row stays locked until that commit, so no other process can
   * take the lease over in between: a page polled by a holder that lost its lease is dropped, and
   * the new holder polls it again from the stored cursor.
   */
  async holds(tx: SqlExecutor): Promise<boolean> {
    const { rowCount } = await tx.query('select 1 from connector_poll_leases where instance_id = $1 and holder = $2 and expires_at > now() for update', [this.#instanceId, this.#holder]);
    return rowCount > 0;
  }

  /** Gives the lease up at once (a stopping process), so another can take over without waiting. */
  async release(): Promise<void> {
    await this.#store.query('delete from connector_poll_leases where instance_id = $1 and holder = $2', [this.#instanceId, this.#holder]);
  }
}
