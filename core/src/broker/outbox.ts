import type { Logger } from 'pino';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import { runTogether, type SqlStatement } from '../store/statements.ts';
import { prepared } from '../store/prepared.ts';
import { valuesPlaceholders, type Store, type SqlExecutor } from '../store/store.ts';
import { OutboxClaim, claimedRows, outboxClaimOf, type OutboxRow } from './outbox-claim.ts';
import type { Transport } from './transport.ts';
import { encodeSerialized, type AttemptRecord } from './wire.ts';

/**
 * The outbox columns of an event: its attributes as JSON (without `data`, with `extra` added) and
 * its data as the JSON text the relay sends as the message body.
 */
export function outboxColumns(event: CloudEvent, extra: Record<string, unknown> = {}): [attributes: string, data: string] {
  const { data, ...attributes } = event;
  return [JSON.stringify({ ...attributes, ...extra }), JSON.stringify(data ?? null)];
}

/**
 * The whole envelope of an outbox row (attributes and data) as jsonb, for readers such as tests
 * and tools; rows queued before data had its own column keep it inside `envelope`.
 */
export const OUTBOX_ENVELOPE = "(envelope || jsonb_build_object('data', coalesce(data::jsonb, envelope -> 'data')))";

/**
 * Queues an event in the outbox inside the caller's transaction. It reaches the broker only if
 * the transaction commits: no event without its effects, no effects without their event.
 */
export async function enqueueOutbox(tx: SqlExecutor, event: CloudEvent): Promise<void> {
  await enqueueOutboxMany(tx, [event]);
}

/**
 * Queues several events in the outbox in one statement, in the caller's transaction, in the given
 * order (see {@link enqueueOutbox}).
 */
export async function enqueueOutboxMany(tx: SqlExecutor, events: readonly CloudEvent[]): Promise<void> {
  await runTogether(tx, [outboxInsert(events, outboxClaimOf(tx))]);
}

/**
 * The statement of {@link enqueueOutboxMany}, to run with others; undefined when there are no
 * events. With a `claim` (that of the transaction it runs in) the rows are written claimed and
 * recorded in it (see {@link OutboxClaim}).
 */
export function outboxInsert(events: readonly CloudEvent[], claim?: OutboxClaim): SqlStatement | undefined {
  if (events.length === 0) return undefined;
  const columns = events.map((event) => outboxColumns(event));
  const params = events.flatMap((event, i) => [event.id, event.type, ...(columns[i] ?? [])]);
  const values = valuesPlaceholders(events.length, ['', '', '::jsonb', '::json']);
  if (claim === undefined) return { text: `insert into outbox (event_id, routing_key, envelope, data) values ${values}`, params };
  return {
    text: `insert into outbox (event_id, routing_key, envelope, data, claimed_until)
      select v.*, now() + $${params.length + 1}::int * interval '1 millisecond' from (values ${values}) as v
      returning seq, event_id`,
    params: [...params, claim.claimMs],
    returned: (rows) => {
      claim.add(claimedRows(rows, events, columns.map(([, data]) => data)));
    },
  };
}

/** Queues a message for one subscriber only (replays), with its delivery history. */
export async function enqueueForSubscriber(tx: SqlExecutor, event: CloudEvent, subscriber: string, history: readonly AttemptRecord[]): Promise<void> {
  await tx.query('insert into outbox (event_id, routing_key, envelope, data, target_subscriber) values ($1, $2, $3::jsonb, $4::json, $5)', [
    event.id,
    event.type,
    ...outboxColumns(event, { 'x-omnihub-history': history }),
    subscriber,
  ]);
}

/**
 * The relay's round statement: deletes the published rows ($6) and writes their message-log lines,
 * then claims up to $7 rows no relay holds for $8 ms, oldest first, and returns them.
 */
const SETTLE_AND_CLAIM = prepared(
  `with relayed as (delete from outbox where seq = any($6::bigint[])),
   logged as (
     insert into message_log (at, event_id, correlation_id, event_type, subscriber, outcome)
     select coalesce(sent, now()), event_id, correlation_id, event_type, subscriber, outcome
     from unnest($9::timestamptz[], $1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
       as u(sent, event_id, correlation_id, event_type, subscriber, outcome))
   update outbox set claimed_until = now() + ($8::int * interval '1 millisecond')
   where seq in (select seq from outbox where (claimed_until is null or claimed_until < now()) and seq <> all($6::bigint[])
                 order by seq limit $7 for update skip locked)
   returning seq, envelope - 'data' as attributes, coalesce(data::text, (envelope -> 'data')::text, 'null') as data, target_subscriber`,
);

/** How long published claimed rows wait to be deleted together (see OutboxRelay.publishClaimed). */
const SETTLE_DELAY_MS = 20;
/** Wait before deleting them again after a failure. */
const SETTLE_RETRY_MS = 1000;

/** Options of {@link OutboxRelay}. */
export interface OutboxRelayOptions {
  store: Store;
  transport: Transport;
  logger: Logger;
  /** Rows claimed per round (default 200). */
  batchSize?: number;
  /** Idle poll interval (default 250 ms); `notify()` relays at once. */
  pollMs?: number;
  /** How long a claimed row stays away from other relays (default 30 s). */
  claimMs?: number;
  /** Called with the attributes (no `data`) of the events published in a round. */
  onPublished?: (events: Omit<CloudEvent, 'data'>[]) => void;
}

/**
 * Moves committed outbox rows to the broker: claims a batch (no open transaction while
 * publishing, so it also runs over the single-connection embedded database), publishes with
 * confirms, then deletes the rows (in the statement that claims the next batch). A crash between
 * publish and delete re-publishes: consumers de-duplicate by event id. Several relays may run;
 * claims keep them off each other's rows.
 */
export class OutboxRelay {
  readonly #options: Required<Omit<OutboxRelayOptions, 'onPublished'>> & Pick<OutboxRelayOptions, 'onPublished'>;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #started = false;
  #stopped = false;
  #failures = 0;
  /** Publishes of claimed rows (see {@link publishClaimed}) under way. */
  readonly #claimedInFlight = new Set<Promise<void>>();
  /** Claimed rows published and confirmed, to delete in the next round. */
  #claimedPublished: OutboxRow[] = [];
  /** The pending deletion of {@link #claimedPublished}. */
  #settleTimer: NodeJS.Timeout | undefined;

  constructor(options: OutboxRelayOptions) {
    this.#options = { batchSize: 200, pollMs: 250, claimMs: 30_000, ...options };
  }

  /** Starts relaying on a timer. */
  start(): void {
    this.#started = true;
    this.#timer = setInterval(() => this.notify(), this.#options.pollMs);
    this.#timer.unref();
    this.notify();
  }

  /** Relays now (after a commit that queued events). */
  notify(): void {
    if (this.#stopped) return;
    if (this.#running !== undefined) {
      this.#again = true;
      return;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
    });
  }

  /**
   * Whether this relay is running: a transaction of this process may then queue its events as
   * claimed rows for {@link publishClaimed} (see {@link OutboxClaim}).
   */
  get running(): boolean {
    return this.#started && !this.#stopped;
  }

  /** A claim for the outbox rows of one transaction, or undefined when this relay does not run. */
  claim(): OutboxClaim | undefined {
    return this.running ? new OutboxClaim(this.#options.claimMs) : undefined;
  }

  /**
   * Publishes the rows a committed transaction queued under a claim of this relay (see
   * {@link OutboxClaim}), at once and from memory; they are deleted in the next round. Rows whose
   * publish fails stay claimed until their claim expires, then any relay publishes them.
   */
  publishClaimed(claim: OutboxClaim): void {
    const rows = claim.rows;
    if (rows.length === 0) return;
    const task = this.#publish(rows).then(
      () => {
        this.#claimedPublished.push(...rows);
        this.#scheduleSettle(SETTLE_DELAY_MS);
      },
      (error: unknown) => {
        this.#options.logger.warn({ err: error, events: rows.length }, 'could not publish committed events now; the relay publishes them once their claim expires');
      },
    );
    this.#claimedInFlight.add(task);
    void task.finally(() => this.#claimedInFlight.delete(task));
  }

  /**
   * Deletes the published claimed rows after `delayMs`, together with those published meanwhile:
   * they stay claimed until then, so waiting costs nothing but saves a statement per commit.
   */
  #scheduleSettle(delayMs: number): void {
    if (this.#settleTimer !== undefined || this.#stopped) return;
    this.#settleTimer = setTimeout(() => {
      this.#settleTimer = undefined;
      void this.#settleClaimed();
    }, delayMs);
  }

  async #settleClaimed(): Promise<void> {
    try {
      await this.#settlePublished(0);
    } catch (error: unknown) {
      this.#options.logger.warn({ err: error, events: this.#claimedPublished.length }, 'could not delete published outbox rows; will retry');
      this.#scheduleSettle(SETTLE_RETRY_MS);
    }
  }

  /**
   * Deletes and logs the claimed rows published since the last round, claiming up to `limit` more
   * in the same statement; should it fail, they wait for the next try.
   */
  async #settlePublished(limit: number): Promise<OutboxRow[]> {
    const settled = this.#takeClaimedPublished();
    if (settled.length === 0 && limit === 0) return [];
    let claimed: OutboxRow[];
    try {
      claimed = await this.#settleAndClaim(settled, limit);
    } catch (error: unknown) {
      this.#claimedPublished.push(...settled);
      throw error;
    }
    if (settled.length > 0) this.#options.onPublished?.(settled.map((row) => row.attributes));
    return claimed;
  }

  /** Claimed rows published since the last round, taken for deletion. */
  #takeClaimedPublished(): OutboxRow[] {
    const rows = this.#claimedPublished;
    this.#claimedPublished = [];
    return rows;
  }

  /** Relays until the outbox is empty (tests and shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.#claimedInFlight]);
    while (this.#running !== undefined) await this.#running;
    while ((await this.relayOnce()) > 0) {
      // keep going until a round finds nothing
    }
  }

  /**
   * Relays rounds until one claims nothing. A round's rows are deleted in the statement that
   * claims the next round's, so a busy outbox costs one query per round instead of two.
   */
  async #drain(): Promise<void> {
    // Published and confirmed, not yet deleted.
    let published: OutboxRow[] = [];
    do {
      await new Promise((resolve) => setImmediate(resolve));
      this.#again = false;
      published = [...published, ...this.#takeClaimedPublished()];
      try {
        const claimed = await this.#settleAndClaim(published, this.#stopped ? 0 : this.#options.batchSize);
        if (published.length > 0) this.#options.onPublished?.(published.map((row) => row.attributes));
        published = [];
        this.#failures = 0;
        if (claimed.length > 0) {
          await this.#publish(claimed);
          published = claimed;
        }
      } catch (error: unknown) {
        // Rows published but not deleted stay claimed: deleting them is retried, and should this
        // process stop first their claims expire and they are published again (consumers
        // de-duplicate by event id).
        if (this.#stopped) return;
        this.#failures += 1;
        // Back off while the broker or database is away; claims expire and rows are retried.
        if (this.#failures === 1 || this.#failures % 20 === 0) this.#options.logger.warn({ err: error, failures: this.#failures }, 'outbox relay failed; will retry');
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 100 * 2 ** Math.min(this.#failures, 6))));
      }
    } while ((this.#again && !this.#stopped) || published.length > 0);
  }

  /** One round: claim, publish, delete. Returns how many events were relayed. */
  async relayOnce(): Promise<number> {
    const rows = await this.#settlePublished(this.#options.batchSize);
    if (rows.length === 0) return 0;
    await this.#publish(rows);
    await this.#settleAndClaim(rows, 0);
    this.#options.onPublished?.(rows.map((row) => row.attributes));
    return rows.length;
  }

  /**
   * In one statement: deletes the `published` rows and writes their message-log lines, then
   * claims up to `limit` rows no relay holds, oldest first, and returns them.
   */
  async #settleAndClaim(published: readonly OutboxRow[], limit: number): Promise<OutboxRow[]> {
    const { rows } = await this.#options.store.query<OutboxRow>(
      SETTLE_AND_CLAIM,
      [
        published.map((row) => row.attributes.id),
        published.map((row) => row.attributes.correlationid ?? null),
        published.map((row) => row.attributes.type),
        published.map((row) => row.target_subscriber),
        published.map((row) => (row.target_subscriber === null ? 'published' : 'replayed')),
        published.map((row) => row.seq),
        limit,
        this.#options.claimMs,
        published.map((row) => row.sent_at ?? null),
      ],
    );
    return rows.sort((a, b) => a.seq - b.seq);
  }

  /**
   * Publishes claimed rows, in order, and resolves once the broker confirmed every one. Each row
   * keeps the time it was sent: its `published` line in the message log carries that time, not the
   * later one of its deletion.
   */
  async #publish(rows: readonly OutboxRow[]): Promise<void> {
    const { transport } = this.#options;
    const sentAt = new Date().toISOString();
    for (const row of rows) row.sent_at = sentAt;
    await Promise.all(
      rows.map((row) => {
        const { 'x-omnihub-history': history, ...attributes } = row.attributes;
        const message = encodeSerialized(attributes, row.data, 1, history ?? []);
        return row.target_subscriber === null ? transport.publish(message) : transport.sendToQueue(row.target_subscriber, message);
      }),
    );
  }

  /** Stops the timer and waits for the round in progress. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    clearTimeout(this.#settleTimer);
    this.#settleTimer = undefined;
    await Promise.all([...this.#claimedInFlight]);
    if (this.#running !== undefined) await this.#running;
    // Left claimed, published rows would be published again once their claim expires: delete them now.
    await this.#settlePublished(0).catch((error: unknown) => {
      this.#options.logger.warn({ err: error }, 'could not delete published outbox rows; they are published again once their claim expires');
    });
  }
}
