/**
 * The hub's own path under a fault: a producer accepts `order.created` events into the outbox (as
 * the API does, retrying what failed, like a client retrying a 503), an API-side broker relays them
 * to RabbitMQ, and a worker-side broker's subscriber writes one effect per event in its
 * transaction. `disturb` runs once a fifth of the effects landed; then every event must have its
 * effect exactly once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { acceptEvent, createEvent, Events, openBroker, type Broker, type CloudEvent, type Store } from '@omnihub/core';
import { orderCreatedData } from '../../core/test/fixtures/order-data.ts';
import { countDeadLetters, countEffects, countingLogger, pause, sandbox, schemas, secondsSince, TEST_AMQP_URL, type Deadline, type ScenarioResult } from './support.ts';

/** Options of {@link streamWithFault}. */
export interface StreamOptions {
  label: string;
  messages: number;
  /** How long the producer takes to accept them all: long enough for the fault to land mid-stream. */
  streamMs: number;
  deadline: Deadline;
  /** The fault; resolves once the fault is over (the service is back or coming back by itself). */
  disturb: () => Promise<void>;
  /** Warnings of which the hub must have logged one at least, proving the fault reached it (e.g. a lost connection). */
  expectWarnings: readonly string[];
}

const SUBSCRIBER = 'faults.effects';
/** Events per producer transaction. */
const PRODUCER_BATCH = 10;

/** Accepts `events` in one transaction, retrying (same ids, so no double accept) until it commits. */
async function accept(broker: Broker, store: Store, events: CloudEvent[], deadline: Deadline): Promise<number> {
  let failures = 0;
  for (;;) {
    try {
      await store.transaction(async (tx) => {
        for (const event of events) await acceptEvent(tx, { ...event, dataschema: Events.OrderCreated.dataschema });
      });
      broker.relay.notify();
      return failures;
    } catch (error: unknown) {
      failures += 1;
      if (deadline.remainingMs === 0) throw error;
      await sleep(100);
    }
  }
}

/** Runs the stream, the fault, and the count. */
export async function streamWithFault(options: StreamOptions): Promise<ScenarioResult> {
  const { deadline, messages } = options;
  const box = await sandbox(options.label, 20);
  box.subscribers.add(SUBSCRIBER);
  const registry = await schemas();
  const { logger, counts, count } = countingLogger();
  const brokers: Broker[] = [];
  try {
    const api = await openBroker({ store: box.store, registry, logger, amqpUrl: TEST_AMQP_URL, prefix: box.prefix, relayPollMs: 50 });
    brokers.push(api);
    const worker = await openBroker({ store: box.store, registry, logger, amqpUrl: TEST_AMQP_URL, prefix: box.prefix, relay: false });
    brokers.push(worker);
    await worker.bus.subscribe({
      name: SUBSCRIBER,
      events: [Events.OrderCreated],
      prefetch: 50,
      handle: async (event, { tx }) => {
        await tx.query('insert into fault_effects (event_id) values ($1)', [event.id]);
      },
    });
    const events = Array.from({ length: messages }, (_, i) => createEvent(Events.OrderCreated, orderCreatedData(`${options.label}-${i}`), { source: '/faults', id: `${options.label}-${i}` }));
    let retriedAccepts = 0;
    const producerStarted = performance.now();
    const producing = (async () => {
      for (let start = 0; start < events.length; start += PRODUCER_BATCH) {
        retriedAccepts += await accept(api, box.store, events.slice(start, start + PRODUCER_BATCH), deadline);
        // Paced by the clock, so time lost to the fault is made up afterwards.
        const due = producerStarted + ((start + PRODUCER_BATCH) / messages) * options.streamMs;
        await sleep(Math.max(0, due - performance.now()));
      }
    })();
    producing.catch(() => undefined);
    await deadline.until(async () => (await countEffects(box.store)).distinct >= messages / 5, 'a fifth of the effects before the fault');
    const before = await countEffects(box.store);
    const faultAt = performance.now();
    await options.disturb();
    const faultSeconds = secondsSince(faultAt);
    const afterFault = await countEffects(box.store).catch(() => undefined);
    await producing;
    let complete = true;
    await deadline.until(async () => (await countEffects(box.store)).distinct === messages, `all ${messages} effects`).catch(() => (complete = false));
    const recoveredIn = secondsSince(faultAt);
    // Redeliveries still in flight would show up now as second effects.
    if (complete) await pause(1_000, deadline);
    const counted = await countEffects(box.store);
    const { rows } = await box.store.query<{ outcome: string; n: number }>("select outcome, count(*)::int as n from message_log where subscriber = $1 and outcome <> 'handled' group by outcome", [SUBSCRIBER]);
    const outcomes = rows.map((row) => `${row.n} ${row.outcome}`).join(', ') || 'none';
    const warnings = [...counts].sort(([, a], [, b]) => b - a).slice(0, 4).map(([message, n]) => `${n} × "${message}"`).join(', ') || 'none';
    const deadLettered = await countDeadLetters(box.store, SUBSCRIBER);
    return {
      in: messages,
      handled: counted.distinct,
      deadLettered,
      lost: messages - counted.distinct - deadLettered,
      duplicated: counted.total - counted.distinct,
      detail:
        `fault at ${before.distinct} handled (${afterFault?.distinct ?? '?'} when it ended), lasted ${faultSeconds} s, all handled ${recoveredIn} s after it began; ` +
        `${retriedAccepts} accept transactions retried; subscriber outcomes besides handled: ${outcomes}; hub warnings: ${warnings}`,
      checks: [
        { ok: afterFault === undefined || afterFault.distinct < messages, failure: 'the fault ended after the whole stream was handled: it did not land mid-stream' },
        { ok: options.expectWarnings.some((warning) => count(warning) > 0), failure: `the hub never logged ${options.expectWarnings.map((w) => `"${w}"`).join(' or ')}: the fault did not reach it` },
      ],
    };
  } finally {
    for (const broker of brokers.reverse()) await broker.close().catch(() => undefined);
    await box.dispose();
  }
}
