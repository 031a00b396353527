import type { CloudEvent } from '../envelope/cloud-event.ts';
import type { SqlExecutor } from '../store/store.ts';
import type { AttemptRecord } from './wire.ts';

/** An outbox row as the relay publishes it. */
export interface OutboxRow extends Record<string, unknown> {
  seq: number;
  /** The envelope without `data`. */
  attributes: Omit<CloudEvent, 'data'> & { 'x-omnihub-history'?: AttemptRecord[] };
  /** `data` as JSON text: relayed as the message body without being parsed here. */
  data: string;
  target_subscriber: string | null;
  /** When the relay sent it to the broker (ISO time), once it has. */
  sent_at?: string;
}

/**
 * The outbox rows one transaction queues for the relay of its own process to publish the moment
 * it commits. They are written already claimed for `claimMs`, so no relay takes them meanwhile;
 * once the transaction committed, the relay publishes them from memory (no claim round trip, no
 * claim update of each row) and deletes them afterwards. Should the process stop before that,
 * their claim expires and any relay publishes them then.
 *
 * Work that rolls back to a savepoint must take back the rows queued after it:
 * {@link outboxSavepoint} does both.
 */
export class OutboxClaim {
  /** How long the rows stay claimed. */
  readonly claimMs: number;
  #rows: OutboxRow[] = [];

  constructor(claimMs: number) {
    this.claimMs = claimMs;
  }

  /** The rows queued so far, in the order they were written. */
  get rows(): readonly OutboxRow[] {
    return this.#rows;
  }

  /** Records rows the transaction wrote. */
  add(rows: readonly OutboxRow[]): void {
    this.#rows.push(...rows);
  }

  /** Where the rows stand now, for {@link rollbackTo}. */
  mark(): number {
    return this.#rows.length;
  }

  /** Forgets the rows queued after `mark` (their savepoint was rolled back). */
  rollbackTo(mark: number): void {
    this.#rows.length = Math.min(this.#rows.length, mark);
  }

  /** Forgets every row (the transaction starts over). */
  reset(): void {
    this.#rows = [];
  }
}

const claims = new WeakMap<SqlExecutor, OutboxClaim>();

/**
 * Makes the outbox inserts through `tx` claimed rows of `claim` (see {@link OutboxClaim}), which
 * starts empty: a transaction run again starts over. Nothing with no claim (the relay does not run).
 */
export function claimOutboxRows(tx: SqlExecutor, claim: OutboxClaim | undefined): void {
  if (claim === undefined) return;
  claim.reset();
  claims.set(tx, claim);
}

/** The claim the outbox inserts through `tx` record their rows in, if any. */
export function outboxClaimOf(tx: SqlExecutor): OutboxClaim | undefined {
  return claims.get(tx);
}

/** A savepoint whose rollback also takes back the claimed outbox rows queued after it. */
export interface OutboxSavepoint {
  release(): Promise<void>;
  rollback(): Promise<void>;
}

/** Sets savepoint `name` in `tx` (see {@link OutboxSavepoint}). */
export async function outboxSavepoint(tx: SqlExecutor, name: string): Promise<OutboxSavepoint> {
  await tx.query(`savepoint ${name}`);
  const claim = outboxClaimOf(tx);
  const mark = claim?.mark();
  return {
    release: async () => {
      await tx.query(`release savepoint ${name}`);
    },
    rollback: async () => {
      await tx.query(`rollback to savepoint ${name}`);
      if (mark !== undefined) claim?.rollbackTo(mark);
    },
  };
}

/**
 * The rows an outbox insert returned (`seq`, `event_id`, in any order) paired with the events
 * written, in the order written; `data` holds each event's data as the insert wrote it.
 */
export function claimedRows(returned: readonly Record<string, unknown>[], events: readonly CloudEvent[], data: readonly string[]): OutboxRow[] {
  const seqs = new Map<string, number[]>();
  for (const row of returned) {
    const id = String(row['event_id']);
    const list = seqs.get(id) ?? [];
    list.push(Number(row['seq']));
    seqs.set(id, list);
  }
  for (const list of seqs.values()) list.sort((a, b) => a - b);
  return events.map(({ data: _data, ...attributes }, i) => {
    const seq = seqs.get(attributes.id)?.shift();
    if (seq === undefined) throw new Error(`the outbox insert returned no row for event ${attributes.id}`);
    return { seq, attributes, data: data[i] ?? 'null', target_subscriber: null };
  });
}
