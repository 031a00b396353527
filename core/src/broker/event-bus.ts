import type { Logger } from 'pino';
import { InvalidMessageFailure } from '@omnihub/connector-sdk';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import type { EventDefinition, PayloadOf } from '../events/define-event.ts';
import { withCorrelation } from '../logging/correlation.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import { parseSchemaId } from '../schema/schema-ref.ts';
import { sqlArray, sqlLiteral, type SqlExecutor, type Store } from '../store/store.ts';
import type { BrokerMetrics } from './broker-metrics.ts';
import { classifyFailure, type ClassifiedFailure } from './classify.ts';
import { recordDeadLetter } from './dead-letters/dead-letter-store.ts';
import { logOutcome } from './message-log.ts';
import type { OutboxRelay } from './outbox.ts';
import { claimOutboxRows, type OutboxClaim } from './outbox-claim.ts';
import { outboxEmitter, type Emit } from './outbox-emitter.ts';
import { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from './retry-policy.ts';
import type { ConsumerHandle, InboundMessage, Settlement, Transport } from './transport.ts';
import { ATTEMPT_HEADER, HISTORY_HEADER, decodeEvent, deliveryOf, type AttemptRecord } from './wire.ts';

/** What a handler gets besides the event; `B` is the batch of a subscription with a {@link BatchStep}. */
export interface HandlerContext<B = undefined> {
  /** The transaction the handler's effects must use; it also records the inbox entry. */
  tx: SqlExecutor;
  /** Attempt number of this delivery (1 for the first). */
  attempt: number;
  logger: Logger;
  /**
   * Emits an event caused by this one, through the outbox in the same transaction. Correlation
   * and causation ids are filled in from the event being handled.
   */
  emit: Emit;
  /**
   * What the handlers of this transaction's batch collect together (see {@link BatchStep});
   * undefined for a subscription without one.
   */
  batch: B;
}

/**
 * An end-of-batch step. The bus handles the deliveries that arrive together in one transaction;
 * with a batch step each such transaction gets a fresh `open()` batch, the handlers add to it
 * (through {@link HandlerContext.batch}), and `close` applies it in the same transaction after the
 * last handler and before the commit, so the acks still follow the effects. A failing `close` fails
 * every message of the batch (they are retried or dead-lettered by kind). When the batch is rerun
 * to isolate a failing handler, it starts from a fresh `open()`; a handler should add to the batch
 * as its last step, so one that throws has added nothing.
 */
export interface BatchStep<B> {
  /**
   * A fresh batch for one transaction. `isolated` is true when the batch reruns with a savepoint
   * per message: work a batch applies from inside a handler (rather than in `close`) would then be
   * undone with that handler's savepoint, so such a batch should apply each handler's work at once.
   */
  open(isolated: boolean): B;
  close(tx: SqlExecutor, batch: B): Promise<void>;
  /** Called with the batch once its transaction committed. */
  committed?: ((batch: B) => void) | undefined;
}

/** The events a subscription takes, each delivered upcast to the version it declares. */
export type EventsOf<Ds extends readonly EventDefinition<unknown>[]> = { [K in keyof Ds]: CloudEvent<PayloadOf<Ds[K]>> }[number];

/** A subscriber: a name (its queue), the event types it takes, and its handler. */
export interface SubscriptionSpec<Ds extends readonly EventDefinition<unknown>[], B = undefined> {
  /** Unique subscriber name: lower-case words, dots and dashes, e.g. `flow.stock-sync`. */
  name: string;
  events: Ds;
  handle(event: EventsOf<Ds>, context: HandlerContext<B>): Promise<void>;
  /** Work done once per batch of deliveries, after their handlers and before the commit. */
  batch?: BatchStep<B> | undefined;
  /**
   * Events this subscriber has nothing to do with, told from the event alone (the hub's own
   * announcement of an order it already took in, say). They are acknowledged once validated, with
   * no transaction, inbox entry or trace line, and counted with the outcome `ignored`.
   */
  ignores?: ((event: EventsOf<Ds>) => boolean) | undefined;
  /** Unacknowledged deliveries at a time (default 50). */
  prefetch?: number;
  /**
   * Most deliveries handled in one transaction (default 100). Half the prefetch keeps the next
   * batch arriving while one commits.
   */
  maxBatch?: number | undefined;
  retry?: Partial<RetryPolicy>;
  /** Versions recorded with dead letters, when a connector or mapping is involved. */
  versions?: { connector?: string; mapping?: string };
}

/** A running subscription. */
export interface Subscription {
  readonly name: string;
  /** Whether a configuration or authentication failure paused it. */
  readonly paused: boolean;
  /** Resumes after a pause. */
  resume(): Promise<void>;
  /** Stops consuming. */
  cancel(): Promise<void>;
}

/** Dependencies of the {@link EventBus}. */
export interface EventBusDeps {
  store: Store;
  transport: Transport;
  registry: SchemaRegistry;
  relay: OutboxRelay;
  logger: Logger;
  metrics?: BrokerMetrics | undefined;
  /** Producer `source` of events emitted by handlers (default `/omnihub`). */
  source?: string;
  /**
   * Whether subscriptions consume (default true). An API-only process (role `api`) sets false:
   * its areas still declare their subscribers, and worker processes do the consuming.
   */
  consume?: boolean | undefined;
}

const SUBSCRIBER_NAME = /^[a-z][a-z0-9.-]{0,99}$/;

type Outcome = 'handled' | 'duplicate' | 'ignored' | 'retried' | 'dead-lettered' | 'paused';

/** How often a paused subscriber checks whether it was resumed elsewhere. */
const RESUME_POLL_MS = 5_000;

/** Most deliveries handled in one transaction, unless the subscription says otherwise. */
const MAX_BATCH = 100;

/**
 * Batches of a subscriber that run handlers at once. One is fastest on a small machine: batches
 * then grow while another runs, and measured throughput fell with three (smaller batches, more
 * contention). Batches never share an event (the inbox claim is per event id), so more are safe.
 */
const PARALLEL_BATCHES = 1;

/**
 * Transactions a subscriber keeps open at once: one more than {@link PARALLEL_BATCHES}. While a
 * batch commits, the next one opens its transaction and claims its events, then waits for that
 * commit before running its handlers, so handlers still see the effects of the events before
 * them and a delivery arriving during a commit saves the claim's round trip.
 */
const OPEN_TRANSACTIONS = PARALLEL_BATCHES + 1;

/** Where a batch stands among its subscriber's batches (see {@link OPEN_TRANSACTIONS}). */
interface BatchTurn {
  /** Settles once the transaction of the batch started before this one is over. */
  after: Promise<void>;
  /** Called once this batch's handlers and batch step are done: only its commit remains. */
  handOff(): void;
  /**
   * Called once this batch's transaction is over (committed or given up), before its messages are
   * settled: settling may write dead letters, and on the single-connection embedded database the
   * next batch's open transaction holds the connection until this is called.
   */
  done(): void;
}

/** A validated delivery waiting for its batch. */
interface Pending {
  event: CloudEvent;
  attempt: number;
  history: AttemptRecord[];
  message: InboundMessage;
  resolve: (result: [Outcome, Settlement]) => void;
  reject: (error: unknown) => void;
}

/** Thrown inside an optimistic batch when a handler failed: rerun it with savepoints. */
class IsolateBatch extends Error {
  readonly pending: Pending;
  readonly failure: unknown;

  constructor(pending: Pending, failure: unknown) {
    super('a handler in the batch failed');
    this.pending = pending;
    this.failure = failure;
  }
}

type BatchResult = { kind: 'handled' | 'duplicate' } | { kind: 'failed'; error: unknown };

/**
 * Subscribers over any transport, with the guarantees of the design: each event validated and
 * upcast; the handler's effects, its inbox entry and its emitted events committed in one
 * transaction before the ack (redelivery has no second effect); failures decided by kind
 * (retry with backoff, wait for rate limits, dead-letter, pause).
 */
export class EventBus {
  readonly #deps: EventBusDeps;
  readonly #subscriptions = new Map<string, SubscriptionRuntime>();

  constructor(deps: EventBusDeps) {
    this.#deps = deps;
  }

  /** Names of the running subscriptions. */
  subscribers(): string[] {
    return [...this.#subscriptions.keys()];
  }

  /** Starts a subscriber: declares its queue and bindings, then consumes. */
  async subscribe<const Ds extends readonly EventDefinition<unknown>[], B = undefined>(spec: SubscriptionSpec<Ds, B>): Promise<Subscription> {
    if (!SUBSCRIBER_NAME.test(spec.name)) throw new Error(`subscriber name "${spec.name}" must be lower-case words with dots or dashes`);
    if (this.#subscriptions.has(spec.name)) throw new Error(`subscriber "${spec.name}" is already running in this process`);
    const runtime = new SubscriptionRuntime(this.#deps, spec as unknown as SubscriptionSpec<readonly EventDefinition<unknown>[], unknown>, () => this.#subscriptions.delete(spec.name));
    this.#subscriptions.set(spec.name, runtime);
    await runtime.start();
    return runtime;
  }

  /**
   * Resumes a paused subscriber running in this process; false when it does not run here (other
   * processes notice the cleared state row within seconds).
   */
  async resume(name: string): Promise<boolean> {
    const runtime = this.#subscriptions.get(name);
    if (runtime === undefined) return false;
    await runtime.resume();
    return true;
  }

  /** Stops every subscription. */
  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions.values()].map((s) => s.cancel()));
  }
}

class SubscriptionRuntime implements Subscription {
  readonly name: string;
  readonly #deps: EventBusDeps;
  readonly #spec: SubscriptionSpec<readonly EventDefinition<unknown>[], unknown>;
  readonly #policy: RetryPolicy;
  readonly #byType: Map<string, EventDefinition<unknown>>;
  readonly #logger: Logger;
  readonly #onCancel: () => void;
  #consumer: ConsumerHandle | undefined;
  #paused = false;
  readonly #queue: Pending[] = [];
  /** Batches running (or waiting to run) their handlers. */
  #activeBatches = 0;
  /** Batches whose transaction is open: running handlers, or committing. */
  #openBatches = 0;
  /** Settles once the transaction of the newest batch is over. */
  #lastTransaction: Promise<void> = Promise.resolve();
  /** Whether a batch start is scheduled for the end of this turn (see {@link #gather}). */
  #gathering = false;
  #resumeWatch: NodeJS.Timeout | undefined;
  #cancelled = false;

  constructor(deps: EventBusDeps, spec: SubscriptionSpec<readonly EventDefinition<unknown>[], unknown>, onCancel: () => void) {
    this.name = spec.name;
    this.#deps = deps;
    this.#spec = spec;
    this.#policy = { ...DEFAULT_RETRY_POLICY, ...spec.retry };
    this.#byType = new Map(spec.events.map((d) => [d.type, d]));
    this.#logger = deps.logger.child({ subscriber: spec.name });
    this.#onCancel = onCancel;
  }

  get paused(): boolean {
    return this.#paused;
  }

  async start(): Promise<void> {
    // Every subscriber has a state row, so ops can list subscribers and resume paused ones.
    const { rows } = await this.#deps.store.query<{ paused: boolean }>(
      `insert into subscriber_state (subscriber) values ($1)
       on conflict (subscriber) do update set subscriber = excluded.subscriber returning paused`,
      [this.name],
    );
    if (rows[0]?.paused === true) {
      this.#paused = true;
      this.#logger.warn('subscriber is paused; resume it once its configuration is fixed');
      this.#watchForResume();
      return;
    }
    if (this.#deps.consume === false) return;
    this.#consumer = await this.#deps.transport.consume(
      { subscriber: this.name, bindings: [...new Set(this.#spec.events.map((d) => d.routingKey))], prefetch: this.#spec.prefetch ?? 50 },
      (message) => this.#onMessage(message),
    );
  }

  /** While paused, checks the state row so a resume from any process (API, CLI) restarts consumption here. */
  #watchForResume(): void {
    if (this.#resumeWatch !== undefined || this.#cancelled) return;
    this.#resumeWatch = setInterval(() => {
      this.#deps.store
        .query<{ paused: boolean }>('select paused from subscriber_state where subscriber = $1', [this.name])
        .then(async ({ rows }) => {
          if (rows[0]?.paused === false && this.#paused && !this.#cancelled) await this.#restart();
        })
        .catch((error: unknown) => this.#logger.warn({ err: error }, 'could not read the subscriber state'));
    }, RESUME_POLL_MS);
    this.#resumeWatch.unref();
  }

  async #restart(): Promise<void> {
    clearInterval(this.#resumeWatch);
    this.#resumeWatch = undefined;
    this.#paused = false;
    this.#logger.info('subscriber resumed');
    if (this.#consumer === undefined) await this.start();
  }

  async resume(): Promise<void> {
    await this.#deps.store.query('update subscriber_state set paused = false, reason = null, updated_at = now() where subscriber = $1', [this.name]);
    await this.#restart();
  }

  async cancel(): Promise<void> {
    this.#cancelled = true;
    clearInterval(this.#resumeWatch);
    const consumer = this.#consumer;
    this.#consumer = undefined;
    this.#onCancel();
    if (consumer !== undefined) await consumer.cancel();
  }

  async #onMessage(message: InboundMessage): Promise<Settlement> {
    if (this.#paused) return { kind: 'requeue' };
    const started = process.hrtime.bigint();
    let type = message.routingKey;
    let outcome: Outcome;
    let settlement: Settlement;
    let decoded: ReturnType<typeof decodeEvent> | undefined;
    try {
      decoded = decodeEvent(message);
      type = decoded.event.type;
      const event = this.#validated(decoded.event);
      if (this.#spec.ignores?.(event) === true) [outcome, settlement] = ['ignored', { kind: 'ack' }];
      else [outcome, settlement] = await this.#handle(event, decoded.attempt, decoded.history, message);
    } catch (error: unknown) {
      // A decodable but invalid event keeps its envelope in the dead letter, so ops can patch it.
      [outcome, settlement] = await this.#fail(message, decoded, classifyFailure(error));
    }
    this.#deps.metrics?.consumed.inc({ type, subscriber: this.name, outcome });
    this.#deps.metrics?.handlerSeconds.observe({ subscriber: this.name }, Number(process.hrtime.bigint() - started) / 1e9);
    return settlement;
  }

  /** Validates the payload against its dataschema and upcasts it to the subscribed version. */
  #validated(event: CloudEvent): CloudEvent {
    const definition = this.#byType.get(event.type);
    const ref = event.dataschema === undefined ? undefined : parseSchemaId(event.dataschema);
    if (definition === undefined || ref === undefined || ref.name !== event.type) {
      throw classifiedInvalid(`subscriber ${this.name} does not take ${event.type} (${String(event.dataschema)})`, 'schema.unexpected-type');
    }
    if (ref.version > definition.version) {
      throw classifiedInvalid(`${event.type}@${ref.version} is newer than the @${definition.version} this subscriber understands`, 'schema.newer-version');
    }
    this.#deps.registry.assertValid(ref, event.data, '/data');
    if (ref.version === definition.version) return event;
    return { ...event, data: this.#deps.registry.upcast(ref, event.data, definition.version), dataschema: definition.dataschema };
  }

  /** Queues a validated event for the next batch and resolves with its outcome. */
  #handle(event: CloudEvent, attempt: number, history: AttemptRecord[], message: InboundMessage): Promise<[Outcome, Settlement]> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ event, attempt, history, message, resolve, reject });
      this.#gather();
    });
  }

  /**
   * Starts the next batch once the deliveries that came in the same read from the transport have
   * all been queued: the transport hands over every message of a read in one turn of the event
   * loop, so a burst becomes one transaction instead of a batch of its first message alone and a
   * second one of the rest waiting behind it.
   */
  #gather(): void {
    if (this.#gathering || !this.#mayStart()) return;
    this.#gathering = true;
    setImmediate(() => {
      this.#gathering = false;
      this.#startBatches();
    });
  }

  /** Whether another batch may start: see {@link PARALLEL_BATCHES} and {@link OPEN_TRANSACTIONS}. */
  #mayStart(): boolean {
    return this.#activeBatches < PARALLEL_BATCHES && this.#openBatches < OPEN_TRANSACTIONS;
  }

  /** Starts batches while messages wait and {@link #mayStart} allows. */
  #startBatches(): void {
    while (this.#queue.length > 0 && this.#mayStart()) {
      this.#activeBatches += 1;
      this.#openBatches += 1;
      let handedOff = false;
      let done!: () => void;
      const transaction = new Promise<void>((resolve) => {
        done = resolve;
      });
      const turn: BatchTurn = {
        after: this.#lastTransaction,
        handOff: () => {
          if (handedOff) return;
          handedOff = true;
          this.#activeBatches -= 1;
          this.#startBatches();
        },
        done,
      };
      this.#lastTransaction = transaction;
      void this.#runBatch(takeBatch(this.#queue, this.#spec.maxBatch ?? MAX_BATCH), turn).finally(() => {
        done();
        this.#openBatches -= 1;
        turn.handOff();
        this.#startBatches();
      });
    }
  }

  /**
   * Handles the deliveries that arrived together in one transaction: one bulk inbox claim, one
   * savepoint per message (a failing handler undoes only its own effects and inbox entry), one
   * commit. Batching is what lets a subscriber keep pace with the broker; messages are never
   * held back waiting for a batch to fill. The transaction opens and claims while the batch
   * before it commits; the handlers wait for that commit (`turn`).
   */
  async #runBatch(batch: Pending[], turn: BatchTurn): Promise<void> {
    const results = new Map<Pending, BatchResult>();
    let emitted = 0;
    let committedBatch: { batch: unknown } | undefined;
    // The events of a batch that commits are published by this process's relay at once (see OutboxClaim).
    let committedClaim: OutboxClaim | undefined;
    const step = this.#spec.batch;
    // First try the whole batch without savepoints (two fewer round trips per message); if a
    // handler fails, that transaction is rolled back and the batch runs again with a savepoint
    // per message, so only the failing message's effects are undone.
    const tryBatch = async (isolate: boolean): Promise<void> => {
      // The inbox claim (also the trace's "handled" line) runs in the same round trip as `begin`.
      // One delivery per event in a batch (see takeBatch).
      const claim = `insert into inbox (subscriber, event_id, correlation_id, event_type, attempt)
        select ${sqlLiteral(this.name)}, * from unnest(${sqlArray(batch.map((p) => p.event.id), 'text')}, ${sqlArray(batch.map((p) => p.event.correlationid ?? null), 'text')},
          ${sqlArray(batch.map((p) => p.event.type), 'text')}, ${sqlArray(batch.map((p) => p.attempt), 'int')})
        on conflict do nothing returning event_id`;
      committedBatch = undefined;
      committedClaim = undefined;
      const opened = { batch: step?.open(isolate) };
      // Not when isolating: a handler's savepoint rolled back would leave its events in the claim.
      const outbox = isolate ? undefined : this.#deps.relay.claim();
      await this.#deps.store.transaction(async (tx, claimed) => {
        claimOutboxRows(tx, outbox);
        await turn.after;
        results.clear();
        emitted = 0;
        const fresh = new Set(claimed.rows.map((row) => String(row['event_id'])));
        for (const pending of batch) {
          if (!fresh.delete(pending.event.id)) {
            results.set(pending, { kind: 'duplicate' });
            continue;
          }
          let emittedHere = 0;
          if (isolate) await tx.query('savepoint omnihub_message');
          try {
            await withCorrelation({ correlationId: pending.event.correlationid ?? pending.event.id, eventId: pending.event.id }, () =>
              this.#spec.handle(pending.event, this.#context(tx, pending, opened.batch, () => (emittedHere += 1))),
            );
            if (isolate) await tx.query('release savepoint omnihub_message');
            emitted += emittedHere;
            results.set(pending, { kind: 'handled' });
          } catch (error: unknown) {
            if (!isolate) throw new IsolateBatch(pending, error);
            await tx.query('rollback to savepoint omnihub_message');
            await tx.query('delete from inbox where subscriber = $1 and event_id = $2', [this.name, pending.event.id]);
            results.set(pending, { kind: 'failed', error });
          }
        }
        if (step !== undefined) await step.close(tx, opened.batch);
        turn.handOff();
      }, claim);
      committedBatch = opened;
      committedClaim = outbox;
    };
    try {
      try {
        await tryBatch(false);
      } catch (error: unknown) {
        if (!(error instanceof IsolateBatch)) throw error;
        if (batch.length === 1) {
          // The rolled-back transaction held only this message: nothing to isolate.
          results.clear();
          emitted = 0;
          results.set(error.pending, { kind: 'failed', error: error.failure });
        } else {
          // Handlers that succeeded run again; their effects were rolled back with the batch.
          await tryBatch(true);
        }
      }
    } catch (error: unknown) {
      // The transaction itself failed (database unreachable, serialization): nothing of the
      // batch was committed, so every message takes the failure path.
      for (const pending of batch) results.set(pending, { kind: 'failed', error });
      emitted = 0;
      committedBatch = undefined;
      committedClaim = undefined;
    }
    turn.done();
    // With a claim, every outbox row of the transaction is in it; without one (an isolated rerun),
    // the events handlers emitted or the batch step queued wait for the relay's next round.
    if (committedClaim !== undefined) this.#deps.relay.publishClaimed(committedClaim);
    else if (emitted > 0 || (committedBatch !== undefined && step !== undefined)) this.#deps.relay.notify();
    if (committedBatch !== undefined) step?.committed?.(committedBatch.batch);
    for (const pending of batch) {
      const result = results.get(pending) ?? { kind: 'failed', error: new Error('no result') };
      try {
        if (result.kind === 'handled') {
          pending.resolve(['handled', { kind: 'ack' }]);
        } else if (result.kind !== 'failed') {
          const { event, attempt } = pending;
          await logOutcome(this.#deps.store, { eventId: event.id, correlationId: event.correlationid, eventType: event.type, subscriber: this.name, outcome: 'duplicate', attempt });
          pending.resolve(['duplicate', { kind: 'ack' }]);
        } else {
          pending.resolve(await this.#fail(pending.message, pending, classifyFailure(result.error)));
        }
      } catch (error: unknown) {
        // Not even the failure could be recorded: leave the message unsettled for redelivery.
        pending.reject(error);
      }
    }
  }

  #context(tx: SqlExecutor, pending: Pending, batch: unknown, onEmit: () => void): HandlerContext<unknown> {
    const { event } = pending;
    return {
      tx,
      batch,
      attempt: pending.attempt,
      logger: this.#logger,
      emit: async (definition, data, options = {}) => {
        const emitted = await outboxEmitter(tx, this.#deps.registry, {
          source: this.#deps.source ?? '/omnihub',
          correlationId: event.correlationid ?? event.id,
          causationId: event.id,
        })(definition, data, options);
        onEmit();
        return emitted;
      },
    };
  }

  async #fail(message: InboundMessage, known: { event: CloudEvent; attempt: number; history: AttemptRecord[] } | undefined, failure: ClassifiedFailure): Promise<[Outcome, Settlement]> {
    const { attempt, history } = known ?? deliveryOf(message);
    const event = known?.event;
    const eventType = event?.type ?? message.routingKey;
    const base = { eventId: event?.id ?? message.messageId, correlationId: event?.correlationid, eventType, subscriber: this.name, attempt };
    const record: AttemptRecord = { attempt, at: new Date().toISOString(), kind: failure.kind, code: failure.code, message: failure.message.slice(0, 500) };

    if (failure.kind === 'configuration' || failure.kind === 'authentication') {
      await this.#pause(`${failure.code}: ${failure.message}`);
      await logOutcome(this.#deps.store, { ...base, outcome: 'paused', detail: failure.message });
      return ['paused', { kind: 'requeue' }];
    }
    const retryable = failure.kind === 'transient' || failure.kind === 'rate-limited';
    if (retryable && attempt < this.#policy.maxAttempts) {
      const delayMs = retryDelay(this.#policy, attempt, failure.retryAfterMs);
      const headers = { ...message.headers, [ATTEMPT_HEADER]: attempt + 1, [HISTORY_HEADER]: JSON.stringify([...history, { ...record, delayMs }]) };
      this.#logger.warn({ eventType, attempt, delayMs, code: failure.code, err: failure.message }, 'handler failed; retrying');
      await logOutcome(this.#deps.store, { ...base, outcome: 'retried', detail: `${failure.code}: ${failure.message}`.slice(0, 500) });
      this.#deps.metrics?.retried.inc({ type: eventType, subscriber: this.name });
      return ['retried', { kind: 'retry', delayMs, headers }];
    }
    const reason = retryable ? `gave up after ${attempt} attempts: ${failure.message}` : failure.message;
    await recordDeadLetter(this.#deps.store, {
      subscriber: this.name,
      eventId: base.eventId,
      eventType,
      source: event?.source,
      correlationId: event?.correlationid,
      envelope: event,
      rawMessage: event === undefined ? rawText(message) : undefined,
      errorKind: failure.kind,
      errorCode: failure.code,
      errorMessage: reason,
      errorStack: failure.stack,
      attempts: attempt,
      attemptHistory: [...history, record],
      connectorVersion: this.#spec.versions?.connector,
      mappingVersion: this.#spec.versions?.mapping,
    });
    this.#logger.error({ eventType, attempt, code: failure.code, kind: failure.kind, err: failure.message }, 'message dead-lettered');
    await logOutcome(this.#deps.store, { ...base, outcome: 'dead-lettered', detail: `${failure.code}: ${reason}`.slice(0, 500) });
    this.#deps.metrics?.deadLettered.inc({ type: eventType, subscriber: this.name, kind: failure.kind });
    return ['dead-lettered', { kind: 'ack' }];
  }

  async #pause(reason: string): Promise<void> {
    if (this.#paused) return;
    // Persisted first: `paused` reads true only once a restart would also stay paused.
    await this.#deps.store.query(
      `insert into subscriber_state (subscriber, paused, reason) values ($1, true, $2)
       on conflict (subscriber) do update set paused = true, reason = excluded.reason, updated_at = now()`,
      [this.name, reason.slice(0, 1000)],
    );
    if (this.#paused) return;
    this.#paused = true;
    this.#watchForResume();
    this.#logger.error({ reason }, 'subscriber paused: fix its configuration, then resume it');
    const consumer = this.#consumer;
    this.#consumer = undefined;
    // Stop deliveries now; not awaited, because cancelling waits for this very message's
    // settlement (the requeue) to reach the transport first.
    void consumer?.cancel();
  }
}

/**
 * Takes up to `max` waiting messages off the queue, oldest first, no two of one event: a second
 * delivery of an event (a concurrent replay, a redelivery) waits for the next batch, whose inbox
 * claim sees whether the first was handled. In one batch it would count as a duplicate even when
 * the first failed, and be acknowledged without ever being tried.
 */
function takeBatch(queue: Pending[], max: number): Pending[] {
  const taken: Pending[] = [];
  const events = new Set<string>();
  let kept = 0;
  for (const pending of queue) {
    if (taken.length < max && !events.has(pending.event.id)) {
      events.add(pending.event.id);
      taken.push(pending);
    } else {
      queue[kept] = pending;
      kept += 1;
    }
  }
  queue.length = kept;
  return taken;
}

function classifiedInvalid(message: string, code: string): Error {
  return new InvalidMessageFailure(message, { code });
}

function rawText(message: InboundMessage): string {
  return JSON.stringify({ messageId: message.messageId, routingKey: message.routingKey, headers: message.headers, body: message.body.toString('utf8').slice(0, 100_000) });
}
