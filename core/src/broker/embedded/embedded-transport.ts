import { EventEmitter } from 'node:events';
import type { Store } from '../../store/store.ts';
import type { ConsumerHandle, InboundMessage, QueueSpec, Settlement, Transport, TransportMessage } from '../transport.ts';
import { topicPatternToRegex } from '../topic-pattern.ts';

/** Options of {@link openEmbeddedTransport}. */
export interface EmbeddedTransportOptions {
  store: Store;
  /**
   * How long a delivered message stays invisible to other consumers before it is handed out
   * again (its consumer died without settling). Default 60 s.
   */
  leaseMs?: number;
  /** How often idle consumers look for delayed messages that came due. Default 100 ms. */
  pollMs?: number;
}

interface Row extends Record<string, unknown> {
  id: number;
  message_id: string;
  routing_key: string;
  headers: Record<string, string | number>;
  body: string;
  delivery_count: number;
}

/**
 * The in-process transport of the embedded hub. Queues are rows in the store, so an accepted
 * message survives a crash: a delivery is a lease on a row, an ack deletes the row, a retry makes
 * it visible again later. Messages whose consumer died come back when their lease runs out
 * (at once on restart of an embedded PGlite hub, which is the only process using its database).
 */
class EmbeddedTransport implements Transport {
  readonly kind = 'embedded' as const;
  readonly #store: Store;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #wake = new EventEmitter();
  readonly #consumers = new Set<EmbeddedConsumer>();
  #closed = false;

  constructor(options: EmbeddedTransportOptions) {
    this.#store = options.store;
    this.#leaseMs = options.leaseMs ?? 60_000;
    this.#pollMs = options.pollMs ?? 100;
    this.#wake.setMaxListeners(0);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('the embedded transport is closed');
  }

  async publish(message: TransportMessage): Promise<void> {
    this.#assertOpen();
    const { rows } = await this.#store.query<{ subscriber: string }>(
      `insert into embedded_messages (subscriber, message_id, routing_key, headers, body)
       select distinct subscriber, $1, $2, $3::jsonb, $4 from embedded_bindings where $2 ~ regex
       returning subscriber`,
      [message.messageId, message.routingKey, JSON.stringify(message.headers), message.body.toString('utf8')],
    );
    for (const row of rows) this.#wake.emit(row.subscriber);
  }

  async sendToQueue(subscriber: string, message: TransportMessage): Promise<void> {
    this.#assertOpen();
    await this.#store.query(
      'insert into embedded_messages (subscriber, message_id, routing_key, headers, body) values ($1, $2, $3, $4::jsonb, $5)',
      [subscriber, message.messageId, message.routingKey, JSON.stringify(message.headers), message.body.toString('utf8')],
    );
    this.#wake.emit(subscriber);
  }

  async consume(queue: QueueSpec, onMessage: (message: InboundMessage) => Promise<Settlement>): Promise<ConsumerHandle> {
    this.#assertOpen();
    for (const pattern of queue.bindings) {
      await this.#store.query(
        'insert into embedded_bindings (subscriber, pattern, regex) values ($1, $2, $3) on conflict do nothing',
        [queue.subscriber, pattern, topicPatternToRegex(pattern)],
      );
    }
    const consumer = new EmbeddedConsumer(this.#store, queue, onMessage, this.#leaseMs);
    this.#consumers.add(consumer);
    const wake = (): void => consumer.wake();
    this.#wake.on(queue.subscriber, wake);
    const timer = setInterval(wake, this.#pollMs);
    timer.unref();
    consumer.wake();
    return {
      cancel: async () => {
        clearInterval(timer);
        this.#wake.off(queue.subscriber, wake);
        this.#consumers.delete(consumer);
        await consumer.stop();
      },
    };
  }

  async queueDepth(subscriber: string): Promise<number | undefined> {
    const { rows } = await this.#store.query<{ n: number }>('select count(*)::int as n from embedded_messages where subscriber = $1', [subscriber]);
    return rows[0]?.n ?? 0;
  }

  health() {
    return this.#closed
      ? Promise.resolve({ ok: false, latencyMs: 0, error: 'transport closed' })
      : this.#store.health();
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#consumers].map((consumer) => consumer.stop()));
    this.#consumers.clear();
  }
}

/** One consumer loop: claims up to `prefetch` rows at a time and settles each. */
class EmbeddedConsumer {
  readonly #store: Store;
  readonly #queue: QueueSpec;
  readonly #onMessage: (message: InboundMessage) => Promise<Settlement>;
  readonly #leaseMs: number;
  #inFlight = 0;
  readonly #inFlightIds = new Set<number>();
  #abandoned = false;
  #claiming = false;
  #again = false;
  #stopped = false;
  readonly #pending = new Set<Promise<void>>();

  constructor(store: Store, queue: QueueSpec, onMessage: (message: InboundMessage) => Promise<Settlement>, leaseMs: number) {
    this.#store = store;
    this.#queue = queue;
    this.#onMessage = onMessage;
    this.#leaseMs = leaseMs;
  }

  wake(): void {
    if (this.#stopped) return;
    if (this.#claiming) {
      this.#again = true;
      return;
    }
    const work = this.#claim().catch(() => undefined);
    this.#track(work);
  }

  #track(work: Promise<void>): void {
    this.#pending.add(work);
    void work.finally(() => this.#pending.delete(work));
  }

  async #claim(): Promise<void> {
    this.#claiming = true;
    try {
      do {
        // The embedded database answers without leaving the microtask queue: yield to timers
        // and I/O between rounds so a busy queue cannot starve the rest of the process.
        await new Promise((resolve) => setImmediate(resolve));
        this.#again = false;
        const room = this.#queue.prefetch - this.#inFlight;
        if (room <= 0 || this.#stopped) return;
        const { rows } = await this.#store.query<Row>(
          `update embedded_messages set locked_until = now() + ($3::int * interval '1 millisecond'), delivery_count = delivery_count + 1
           where id in (
             select id from embedded_messages
             where subscriber = $1 and available_at <= now() and (locked_until is null or locked_until < now())
             order by id limit $2 for update skip locked)
           returning id, message_id, routing_key, headers, body, delivery_count`,
          [this.#queue.subscriber, room, this.#leaseMs],
        );
        rows.sort((a, b) => a.id - b.id);
        for (const row of rows) {
          this.#inFlight += 1;
          this.#inFlightIds.add(row.id);
          this.#track(this.#deliver(row));
        }
        if (rows.length === room) this.#again = true;
      } while (this.#again && !this.#stopped);
    } finally {
      this.#claiming = false;
    }
  }

  async #deliver(row: Row): Promise<void> {
    try {
      const settlement = await this.#onMessage({
        messageId: row.message_id,
        routingKey: row.routing_key,
        headers: row.headers,
        body: Buffer.from(row.body, 'utf8'),
        redelivered: row.delivery_count > 1,
      });
      // After an abandoned stop the row was handed back; another consumer owns it now.
      if (!this.#abandoned) await this.#settle(row.id, settlement);
    } catch {
      // Unsettled: the lease runs out and the message is delivered again.
    } finally {
      this.#inFlight -= 1;
      this.#inFlightIds.delete(row.id);
      this.wake();
    }
  }

  async #settle(id: number, settlement: Settlement): Promise<void> {
    switch (settlement.kind) {
      case 'ack':
        await this.#store.query('delete from embedded_messages where id = $1', [id]);
        return;
      case 'retry':
        await this.#store.query(
          `update embedded_messages set headers = $2::jsonb, locked_until = null,
             available_at = now() + ($3::int * interval '1 millisecond') where id = $1`,
          [id, JSON.stringify(settlement.headers), Math.max(0, Math.round(settlement.delayMs))],
        );
        return;
      case 'requeue':
        await this.#store.query('update embedded_messages set locked_until = null where id = $1', [id]);
        return;
    }
  }

  /**
   * Stops claiming and waits up to `graceMs` for messages in flight to settle; those still
   * unsettled are handed back to the queue at once (as a closed AMQP channel would).
   */
  async stop(graceMs = 5000): Promise<void> {
    this.#stopped = true;
    const settled = (async () => {
      while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
    })();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([settled.then(() => 'settled' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout' && this.#inFlightIds.size > 0) {
      this.#abandoned = true;
      await this.#store.query('update embedded_messages set locked_until = null where id = any($1::bigint[])', [[...this.#inFlightIds]]);
    }
  }
}

/**
 * Opens the embedded transport over `store`. On PGlite (one process per database) leases left by
 * a previous run are released at once, so a restarted hub redelivers without waiting.
 */
export async function openEmbeddedTransport(options: EmbeddedTransportOptions): Promise<Transport> {
  if (options.store.kind === 'pglite') await options.store.query('update embedded_messages set locked_until = null where locked_until is not null');
  return new EmbeddedTransport(options);
}
