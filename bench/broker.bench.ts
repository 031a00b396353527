/**
 * Broker path: the hub's publish → consume (RabbitMQ transport with windowed publisher confirms,
 * then a subscriber that decodes, validates, claims the PostgreSQL inbox in a transaction, runs a
 * no-op handler and acks) beside raw amqplib doing the least it can with the same messages: the
 * same bytes (CloudEvents binary mode: attribute headers and JSON body) through a topic exchange
 * into the same queue type (quorum), with the same confirm window and prefetch, manual ack.
 * Both are measured in this run on this machine; the ratio is what the hub's code costs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import amqp from 'amqplib';
import { pino } from 'pino';
import { Events, SchemaRegistry, createEvent, deleteRabbitTopology, encodeEvent, migrate, openBroker, openPostgresStore } from '@omnihub/core';
import { dropSchema, freshName, TEST_AMQP_URL, TEST_DATABASE_URL } from '@omnihub/core/testing';
import { orderCreatedData } from '../core/test/fixtures/order-data.ts';
import { percentile, type Figure } from './stats.ts';

const WINDOW = 256;
const PREFETCH = 256;
const THROUGHPUT_MESSAGES = Number(process.env['BENCH_BROKER_MESSAGES'] ?? 10_000);
const LATENCY_RATE = 2000;
const LATENCY_SECONDS = Number(process.env['BENCH_BROKER_LATENCY_SECONDS'] ?? 5);

interface Run {
  throughput: number;
  latencies: number[];
}

const payload = orderCreatedData('bench-order');

/** Raw amqplib on a quorum queue: confirm channel with a window, manual-ack consumer. */
async function raw(): Promise<Run> {
  const connection = await amqp.connect(TEST_AMQP_URL);
  const queue = freshName('raw');
  try {
    const setup = await connection.createChannel();
    await setup.assertExchange(queue, 'topic', { durable: false, autoDelete: true });
    await setup.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await setup.bindQueue(queue, queue, 'order.created');
    const publisher = await connection.createConfirmChannel();
    const consumer = await connection.createChannel();
    await consumer.prefetch(PREFETCH);
    const deliveries = deliveryCounter();
    const latencies: number[] = [];
    await consumer.consume(queue, (message) => {
      if (message === null) return;
      const sent = Number(message.properties.headers?.['x-sent'] ?? 0);
      if (sent > 0) latencies.push(performance.now() - sent);
      consumer.ack(message);
      deliveries.seen();
    });
    const publish = (headers: Record<string, number>) =>
      new Promise<void>((resolve, reject) => {
        const message = encodeEvent(createEvent(Events.OrderCreated, payload, { source: '/bench' }));
        publisher.publish(queue, message.routingKey, message.body, { persistent: true, messageId: message.messageId, contentType: 'application/json', headers: { ...message.headers, ...headers } }, (error) =>
          error === null || error === undefined ? resolve() : reject(error instanceof Error ? error : new Error(String(error))),
        );
      });
    const run = await drive({
      publish: (timed) => publish(timed ? { 'x-sent': performance.now() } : {}),
      expect: deliveries.expect,
    });
    await setup.deleteQueue(queue);
    await setup.deleteExchange(queue);
    return { throughput: run.throughput, latencies };
  } finally {
    await connection.close();
  }
}

/** Counts deliveries and resolves a promise when an expected number arrived. */
function deliveryCounter(): { seen: () => void; expect: (count: number) => Promise<void> } {
  let received = 0;
  let target = 0;
  let done: () => void = () => undefined;
  return {
    seen: () => {
      received += 1;
      if (received === target) done();
    },
    expect: (count) => {
      received = 0;
      target = count;
      return new Promise<void>((resolve) => (done = resolve));
    },
  };
}

/** One side of the comparison: how to publish a message, and how to wait for deliveries. */
interface Harness {
  /** Publishes one message; `timed` ones carry their send time for the latency figures. */
  publish(timed: boolean): Promise<void>;
  /** Resolves once `count` more messages were consumed. */
  expect(count: number): Promise<void>;
}

/**
 * Throughput: THROUGHPUT_MESSAGES with WINDOW publishes unconfirmed at once, timed from the
 * first publish to the last delivery. Then latency: LATENCY_RATE messages per second for
 * LATENCY_SECONDS (the harness records each delivery's latency).
 */
async function drive(harness: Harness): Promise<{ throughput: number }> {
  const finished = harness.expect(THROUGHPUT_MESSAGES);
  const started = performance.now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < THROUGHPUT_MESSAGES; i += 1) {
    const p = harness.publish(false).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= WINDOW) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  await finished;
  const throughput = THROUGHPUT_MESSAGES / ((performance.now() - started) / 1000);
  const total = LATENCY_RATE * LATENCY_SECONDS;
  const paced = harness.expect(total);
  await pace(total, () => harness.publish(true));
  await paced;
  return { throughput };
}

/** Sends `total` messages at LATENCY_RATE per second, in 10 ms ticks. */
async function pace(total: number, send: () => Promise<void>): Promise<void> {
  const perTick = LATENCY_RATE / 100;
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let sent = 0; sent < total; ) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * LATENCY_RATE) + perTick);
    while (sent < due) {
      pending.push(send());
      sent += 1;
    }
    await sleep(10);
  }
  await Promise.all(pending);
}

/** The hub: RabbitMQ transport publish with confirms → EventBus subscriber with the PostgreSQL inbox. */
async function hub(): Promise<Run> {
  const schema = freshName('bench');
  const prefix = freshName('bench');
  const subscriber = 'bench-consumer';
  const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 20 });
  await migrate(store);
  const registry = await SchemaRegistry.load();
  const broker = await openBroker({ store, registry, logger: pino({ level: 'silent' }), amqpUrl: TEST_AMQP_URL, prefix, relay: false });
  try {
    const deliveries = deliveryCounter();
    const latencies: number[] = [];
    const sentAt = new Map<string, number>();
    await broker.bus.subscribe({
      name: subscriber,
      events: [Events.OrderCreated],
      prefetch: PREFETCH,
      handle: (event) => {
        const sent = sentAt.get(event.id);
        if (sent !== undefined) latencies.push(performance.now() - sent);
        deliveries.seen();
        return Promise.resolve();
      },
    });
    const publish = (timed: boolean) => {
      const event = createEvent(Events.OrderCreated, payload, { source: '/bench' });
      if (timed) sentAt.set(event.id, performance.now());
      return broker.transport.publish(encodeEvent(event));
    };
    const run = await drive({
      publish,
      expect: deliveries.expect,
    });
    return { throughput: run.throughput, latencies };
  } finally {
    await broker.close();
    await store.close();
    await deleteRabbitTopology(TEST_AMQP_URL, prefix, [subscriber]).catch(() => undefined);
    await dropSchema(schema);
  }
}

/** Runs the broker benchmark and returns its figures. */
export async function brokerBench(): Promise<Figure[]> {
  const baseline = await raw();
  const measured = await hub();
  const figures: Figure[] = [];
  const ratio = measured.throughput / baseline.throughput;
  figures.push({ bench: 'broker', metric: 'publish→consume throughput', unit: 'msg/s', hub: measured.throughput, baseline: baseline.throughput, baselineName: 'raw amqplib, quorum', ratio, target: '≥ 0.70 × raw', pass: ratio >= 0.7 });
  for (const p of [50, 99]) {
    const h = percentile(measured.latencies, p);
    const b = percentile(baseline.latencies, p);
    figures.push({
      bench: 'broker',
      metric: `p${p} latency at ${LATENCY_RATE} msg/s`,
      unit: 'ms',
      hub: h,
      baseline: b,
      baselineName: 'raw amqplib, quorum',
      ratio: h / b,
      ...(p === 99 ? { target: 'hub − raw ≤ 5 ms', pass: h - b <= 5 } : {}),
    });
  }
  return figures;
}
