/**
 * Stock sync end to end: movements published to RabbitMQ → the hub's stock consumer (ledger,
 * positions, channel availability, outbox) → the outbox relay → a batched channel pusher (one POST
 * per batch with the newest value per SKU) → a local HTTP sink standing in for the sales channel. Beside it, in the same run and on the same queue type,
 * raw amqplib moving the same messages through a quorum queue with the least work it can.
 *
 * - throughput: THROUGHPUT_MOVEMENTS +1 deltas, round robin over SKUS SKUs (no two in a row alike:
 *   the least a batch can coalesce), published as fast as confirms
 *   allow; timed from the first publish to the push that carries the last SKU's final value.
 *   Raw: the same messages, first publish to last delivery.
 * - batching: the same at a tenth of the size with the consumer's prefetch at 1 (every batch
 *   holds one movement), to show what micro-batching buys.
 * - latency: movements at LATENCY_RATE per second for most of BENCH_STOCK_SECONDS; a movement's
 *   latency runs from its publish to the first push whose value includes it (each movement adds
 *   one unit, so the push for the n-th movement of a SKU is the first with available ≥ n).
 *   Raw: publish → delivery at the same rate.
 * - memory: this process's RSS and V8 heap (the hub, the pusher and the sink all run here; the
 *   sink's records are sized before the run), sampled every 500 ms over the latency run: start,
 *   end and maximum.
 *
 * BENCH_STOCK_SECONDS (default 20) bounds the run; 300 gives the five-minute memory run.
 * BENCH_STOCK_TRACE names a CSV file for the paced run's latency second by second.
 * The publisher is this file run as a child process (`publisher` argument), as an API process is in
 * a deployment, so the consumer under test has this process to itself.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import amqp from 'amqplib';
import { pino } from 'pino';
import {
  Events,
  SchemaRegistry,
  createEvent,
  deleteRabbitTopology,
  encodeEvent,
  migrate,
  openBroker,
  openPostgresStore,
  openRabbitTransport,
  setChannel,
  startChannelPusher,
  startStockSync,
  type Store,
  type TransportMessage,
} from '@omnihub/core';
import { dropSchema, freshName, TEST_AMQP_URL, TEST_DATABASE_URL } from '@omnihub/core/testing';
import { measureCpu, type SpanCpu } from './cpu.ts';
import { percentile, type Figure } from './stats.ts';

const SECONDS = Number(process.env['BENCH_STOCK_SECONDS'] ?? 20);
const THROUGHPUT_MOVEMENTS = Number(process.env['BENCH_STOCK_MOVEMENTS'] ?? 20_000);
const SKUS = Number(process.env['BENCH_STOCK_SKUS'] ?? 100);
const LATENCY_RATE = Number(process.env['BENCH_STOCK_RATE'] ?? 2000);
/** A file to write the paced run's latency second by second to (CSV), to see when it rises. */
const TRACE_FILE = process.env['BENCH_STOCK_TRACE'];
/** The throughput phases take about this long; the latency run gets the rest of the budget. */
const FIXED_SECONDS = 12;
const LATENCY_SECONDS = Math.max(5, SECONDS - FIXED_SECONDS);
/** Raw latency baseline: a short paced run is enough for a quorum queue's p99. */
const RAW_LATENCY_SECONDS = Math.min(5, LATENCY_SECONDS);
const WINDOW = 256;
const PREFETCH = 1000;
const LOCATION = 'bench-dc';
const CHANNEL = 'bench-web';

/**
 * Writes the paced run second by second as CSV: the wall-clock second a movement was published
 * in, how many were, and the p50, p99 and maximum of their end-to-end and consumer-stage latency.
 */
function writeTrace(file: string, movements: readonly { at: number; total: number; consumer: number }[]): void {
  const bySecond = new Map<number, { total: number[]; consumer: number[] }>();
  for (const { at, total, consumer } of movements) {
    const second = Math.floor(at / 1000);
    const bucket = bySecond.get(second) ?? { total: [], consumer: [] };
    if (Number.isFinite(total)) bucket.total.push(total);
    if (Number.isFinite(consumer)) bucket.consumer.push(consumer);
    bySecond.set(second, bucket);
  }
  const rows = [...bySecond].sort(([a], [b]) => a - b).map(([second, { total, consumer }]) =>
    [new Date(second * 1000).toISOString(), total.length, percentile(total, 50), percentile(total, 99), Math.max(...total), percentile(consumer, 99)].map((v) => (typeof v === 'number' ? v.toFixed(1) : v)).join(','),
  );
  writeFileSync(file, ['second,movements,p50_ms,p99_ms,max_ms,consumer_p99_ms', ...rows].join('\n') + '\n');
}

/** Wall clock with sub-millisecond precision, comparable across processes on one machine. */
const now = (): number => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------
// Publisher process

/**
 * What the parent asks the publisher for: `count` +1 movements over `skus` (in turn), paced at
 * `rate` per second when given; with `holdTimes` the send times stay in the publisher until asked
 * for (`times`), so they do not weigh on this process's memory figures.
 */
type PublisherCommand = { phase: 'publish'; count: number; skus: string[]; tag: string; rate?: number; holdTimes?: boolean } | { phase: 'times' } | { phase: 'exit' };

/** What the publisher answers: when it started and, for a paced run, each movement's SKU and send time. */
interface PublisherReport {
  startedAt: number;
  sent: [string, string, number][];
}

async function publisherMain(mode: string, url: string, target: string): Promise<void> {
  let publish: (message: TransportMessage) => Promise<void>;
  let close: () => Promise<void>;
  if (mode === 'raw') {
    const connection = await amqp.connect(url, { noDelay: true });
    const channel = await connection.createConfirmChannel();
    publish = (message) =>
      new Promise<void>((resolve, reject) => {
        channel.publish(target, message.routingKey, message.body, { persistent: true, messageId: message.messageId, contentType: 'application/json', headers: message.headers }, (error) =>
          error === null || error === undefined ? resolve() : reject(error instanceof Error ? error : new Error(String(error))),
        );
      });
    close = () => connection.close();
  } else {
    const transport = await openRabbitTransport({ url, prefix: target, logger: pino({ level: 'silent' }), confirmWindow: WINDOW });
    publish = (message) => transport.publish(message);
    close = () => transport.close();
  }
  const movementOf = (sku: string, id: string): TransportMessage =>
    encodeEvent(
      createEvent(
        Events.InventoryMovementRecorded,
        { movementId: id, sku, locationId: LOCATION, mode: 'delta', quantity: 1, reason: 'receipt', sourceSystem: 'bench', occurredAt: new Date().toISOString() },
        { source: '/bench/stock', id, subject: sku },
      ),
    );
  const run = async (command: Extract<PublisherCommand, { phase: 'publish' }>): Promise<PublisherReport> => {
    const startedAt = now();
    const sent: [string, string, number][] = [];
    const inFlight = new Set<Promise<void>>();
    const rate = command.rate;
    for (let i = 0; i < command.count; ) {
      // Paced: as many as are due in 10 ms ticks; otherwise as fast as the confirm window allows.
      const due = rate === undefined ? command.count : Math.min(command.count, Math.floor(((now() - startedAt) / 1000) * rate) + rate / 100);
      while (i < due) {
        const sku = command.skus[i % command.skus.length] ?? '';
        const id = `${command.tag}-${i}`;
        if (rate !== undefined) sent.push([id, sku, now()]);
        const p = publish(movementOf(sku, id)).finally(() => inFlight.delete(p));
        inFlight.add(p);
        i += 1;
        if (inFlight.size >= WINDOW) await Promise.race(inFlight);
      }
      if (rate !== undefined) await sleep(10);
    }
    await Promise.all(inFlight);
    return { startedAt, sent };
  };
  let held: PublisherReport = { startedAt: 0, sent: [] };
  process.on('message', (command: PublisherCommand) => {
    if (command.phase === 'exit') {
      void close().finally(() => process.disconnect());
      return;
    }
    if (command.phase === 'times') {
      process.send?.(held);
      held = { startedAt: 0, sent: [] };
      return;
    }
    run(command).then(
      (report) => {
        if (command.holdTimes !== true) {
          process.send?.(report);
          return;
        }
        held = report;
        process.send?.({ startedAt: report.startedAt, sent: [] } satisfies PublisherReport);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.send?.({ ready: true });
}

async function startPublisher(mode: 'raw' | 'hub', target: string): Promise<ChildProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['publisher', mode, TEST_AMQP_URL, target], { execArgv: ['--conditions=omnihub-source'] });
  const [message] = (await once(child, 'message')) as [{ ready?: boolean }];
  if (message.ready !== true) throw new Error('publisher process did not start');
  return child;
}

async function command(child: ChildProcess, cmd: Exclude<PublisherCommand, { phase: 'exit' }>): Promise<PublisherReport> {
  child.send(cmd);
  const [report] = (await once(child, 'message')) as [PublisherReport];
  return report;
}

async function stopPublisher(child: ChildProcess): Promise<void> {
  child.send({ phase: 'exit' } satisfies PublisherCommand);
  await once(child, 'exit');
}

// ---------------------------------------------------------------------------------------------
// The channel sink and memory sampling

/**
 * When each movement of a paced run first reached one stage of the pipeline (committed by the
 * stock consumer, handed to the channel pusher's push, shown at the sink). Movement i goes to SKU
 * i mod k and is that SKU's n-th unit, n = floor(i / k) + 1, so it reaches a stage with the first
 * value of at least n seen there for that SKU. Sized before the run (`track`), so it does not weigh
 * on the run's memory figures.
 */
class FirstSeen {
  #tracked: { index: Map<string, number>; first: Float64Array; highest: Map<string, number> } | undefined;

  track(skus: readonly string[], total: number): void {
    this.#tracked = { index: new Map(skus.map((sku, k) => [sku, k])), first: new Float64Array(total).fill(Number.NaN), highest: new Map() };
  }

  /** Notes that `sku` showed `available` at time `at`. */
  record(sku: string, available: number, at: number): void {
    const k = this.#tracked?.index.get(sku);
    if (this.#tracked === undefined || k === undefined) return;
    const { index, first, highest } = this.#tracked;
    const before = highest.get(sku) ?? 0;
    if (available <= before) return;
    highest.set(sku, available);
    for (let n = before + 1; n <= available; n += 1) {
      const i = (n - 1) * index.size + k;
      if (i < first.length && Number.isNaN(first[i])) first[i] = at;
    }
  }

  /** When movement i first reached this stage (NaN if it never did). */
  at(i: number): number {
    return this.#tracked?.first[i] ?? Number.NaN;
  }
}

/**
 * The sales channel's side: the newest value pushed per SKU and, for the SKUs of a paced run, when
 * each unit first showed. Its records are sized before the paced run starts, so they do not weigh
 * on the memory figures of that run.
 */
class Sink {
  readonly #latest = new Map<string, number>();
  /** When each movement of the paced run first showed here. */
  readonly shown = new FirstSeen();
  pushes = 0;
  #waiters: (() => void)[] = [];
  server: Server | undefined;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = now();
        for (const { sku, available } of JSON.parse(Buffer.concat(chunks).toString('utf8')) as { sku: string; available: number }[]) {
          this.pushes += 1;
          this.#record(sku, available, at);
        }
        res.writeHead(204).end();
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/inventory`;
  }

  #record(sku: string, available: number, at: number): void {
    this.#latest.set(sku, available);
    this.shown.record(sku, available, at);
  }

  latest(sku: string): number {
    return this.#latest.get(sku) ?? -1;
  }

  /** Resolves once `done()` holds, checked after every push (bounded by `timeoutMs`). */
  async until(done: () => boolean, timeoutMs: number): Promise<number> {
    const deadline = now() + timeoutMs;
    while (!done()) {
      if (now() > deadline) throw new Error('the channel sink did not receive the final values in time');
      await Promise.race([new Promise<void>((resolve) => this.#waiters.push(resolve)), sleep(200)]);
    }
    return now();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server === undefined ? resolve() : this.server.close(() => resolve())));
  }
}

interface MemoryFigures {
  rss: { start: number; end: number; max: number };
  heap: { start: number; end: number; max: number };
}

/** Runs a full garbage collection when the process allows it (`npm run bench` passes --expose-gc). */
function collect(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/**
 * Samples this process's memory every 500 ms until stopped. Start and end are read after a full
 * garbage collection, so the heap figures compare live data rather than garbage not yet collected.
 */
function sampleMemory(): () => MemoryFigures {
  const mb = (bytes: number): number => bytes / 1024 / 1024;
  collect();
  const first = process.memoryUsage();
  const figures: MemoryFigures = {
    rss: { start: mb(first.rss), end: mb(first.rss), max: mb(first.rss) },
    heap: { start: mb(first.heapUsed), end: mb(first.heapUsed), max: mb(first.heapUsed) },
  };
  const take = (): void => {
    const usage = process.memoryUsage();
    figures.rss.end = mb(usage.rss);
    figures.heap.end = mb(usage.heapUsed);
    figures.rss.max = Math.max(figures.rss.max, figures.rss.end);
    figures.heap.max = Math.max(figures.heap.max, figures.heap.end);
  };
  const timer = setInterval(take, 500);
  return () => {
    clearInterval(timer);
    collect();
    take();
    return figures;
  };
}

// ---------------------------------------------------------------------------------------------
// Raw RabbitMQ

interface RawRun {
  throughput: number;
  latencies: number[];
  /** CPU over the paced run, where /proc is readable. */
  cpu: SpanCpu | undefined;
}

async function raw(): Promise<RawRun> {
  const connection = await amqp.connect(TEST_AMQP_URL, { noDelay: true });
  const name = freshName('rawstock');
  try {
    const setup = await connection.createChannel();
    await setup.assertExchange(name, 'topic', { durable: false, autoDelete: true });
    await setup.assertQueue(name, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
    await setup.bindQueue(name, name, Events.InventoryMovementRecorded.routingKey);
    const consumer = await connection.createChannel();
    await consumer.prefetch(PREFETCH);
    const arrivals = new Map<string, number>();
    let expected = Infinity;
    let done: () => void = () => undefined;
    await consumer.consume(name, (message) => {
      if (message === null) return;
      consumer.ack(message);
      arrivals.set(String(message.properties.messageId), now());
      if (arrivals.size === expected) done();
    });
    const expect = (count: number): Promise<void> => {
      arrivals.clear();
      expected = count;
      return new Promise<void>((resolve) => (done = resolve));
    };
    const child = await startPublisher('raw', name);
    const skus = Array.from({ length: SKUS }, (_, i) => `raw-${i}`);
    const drained = expect(THROUGHPUT_MOVEMENTS);
    const { startedAt } = await command(child, { phase: 'publish', count: THROUGHPUT_MOVEMENTS, skus, tag: 'raw-t' });
    await drained;
    const throughput = THROUGHPUT_MOVEMENTS / ((Math.max(...arrivals.values()) - startedAt) / 1000);
    const total = LATENCY_RATE * RAW_LATENCY_SECONDS;
    const paced = expect(total);
    const stopCpu = measureCpu(child.pid);
    const { sent } = await command(child, { phase: 'publish', count: total, skus, tag: 'raw-p', rate: LATENCY_RATE });
    await paced;
    const cpu = stopCpu();
    const latencies = sent.map(([id, , at]) => (arrivals.get(id) ?? Number.NaN) - at);
    await stopPublisher(child);
    await setup.deleteQueue(name);
    await setup.deleteExchange(name);
    return { throughput, latencies, cpu };
  } finally {
    await connection.close();
  }
}

// ---------------------------------------------------------------------------------------------
// The hub

interface HubRun {
  throughput: number;
  unbatched: number;
  latencies: number[];
  /** Each paced movement's time in each stage, in order: the broker and the stock consumer, the outbox relay and the broker, the push. */
  stages: { consumer: number[]; relay: number[]; push: number[] };
  pushesPerThousand: number;
  memory: MemoryFigures;
  /** CPU over the paced run, where /proc is readable. */
  cpu: SpanCpu | undefined;
}

/** Publishes `count` movements over fresh SKUs as fast as possible and times them to their final push. */
async function timedRun(child: ChildProcess, sink: Sink, tag: string, count: number, skuCount: number): Promise<{ perSecond: number; pushes: number }> {
  const skus = Array.from({ length: skuCount }, (_, i) => `${tag}-${i}`);
  const finals = new Map(skus.map((sku, i) => [sku, Math.floor(count / skuCount) + (i < count % skuCount ? 1 : 0)]));
  const pushesBefore = sink.pushes;
  const { startedAt } = await command(child, { phase: 'publish', count, skus, tag });
  const finishedAt = await sink.until(() => skus.every((sku) => sink.latest(sku) === finals.get(sku)), 300_000);
  return { perSecond: count / ((finishedAt - startedAt) / 1000), pushes: sink.pushes - pushesBefore };
}

async function hub(): Promise<HubRun> {
  const schema = freshName('benchstock');
  const prefix = freshName('benchstock');
  const pusher = 'bench.channel-pusher';
  const subscribers = ['flow.stock-sync', 'flow.stock-sync-unbatched', pusher];
  const logger = pino({ level: 'silent' });
  const store: Store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 20 });
  await migrate(store);
  const registry = await SchemaRegistry.load();
  const broker = await openBroker({ store, registry, logger, amqpUrl: TEST_AMQP_URL, prefix, relayPollMs: 50 });
  const sink = new Sink();
  await sink.start();
  const committed = new FirstSeen();
  const pushed = new FirstSeen();
  const postJson = { method: 'POST', headers: { 'content-type': 'application/json' } } as const;
  try {
    await store.transaction((tx) => setChannel(tx, { id: CHANNEL, name: 'Bench web shop', kind: 'web', locationIds: [LOCATION] }));
    // The channel connector's side, reduced to its push: the newest value per SKU of each batch, in one POST to the sink.
    const pushing = await startChannelPusher(
      { broker },
      {
        name: pusher,
        prefetch: PREFETCH,
        push: async (pushes) => {
          const at = now();
          for (const { sku, available } of pushes) pushed.record(sku, available, at);
          const body = JSON.stringify(pushes.map(({ sku, available, version }) => ({ sku, available, version })));
          const response = await fetch(sink.url, { ...postJson, body });
          if (!response.ok) throw new Error(`sink answered ${response.status}`);
        },
      },
    );
    const child = await startPublisher('hub', prefix);
    try {
      // Without micro-batching: every bus batch holds one movement.
      const single = await startStockSync({ store, registry, broker, logger }, { subscriber: 'flow.stock-sync-unbatched', prefetch: 1, sweepIntervalMs: 0, reconcileIntervalMs: 0, refreshIntervalMs: 0 });
      const unbatched = await timedRun(child, sink, 'unbatched', Math.max(1000, Math.floor(THROUGHPUT_MOVEMENTS / 10)), SKUS);
      await single.close();

      const stock = await startStockSync(
        { store, registry, broker, logger },
        {
          prefetch: PREFETCH,
          sweepIntervalMs: 0,
          reconcileIntervalMs: 0,
          refreshIntervalMs: 0,
          onBatch: (report) => {
            const at = now();
            for (const change of report.published) if (change.channelId === CHANNEL) committed.record(change.sku, change.available, at);
          },
        },
      );
      try {
        await timedRun(child, sink, 'warmup', 2000, SKUS);
        const batched = await timedRun(child, sink, 'batched', THROUGHPUT_MOVEMENTS, SKUS);

        const skus = Array.from({ length: SKUS }, (_, i) => `paced-${i}`);
        const total = LATENCY_RATE * LATENCY_SECONDS;
        for (const stage of [committed, pushed, sink.shown]) stage.track(skus, total);
        const stopSampling = sampleMemory();
        const stopCpu = measureCpu(child.pid);
        await command(child, { phase: 'publish', count: total, skus, tag: 'paced', rate: LATENCY_RATE, holdTimes: true });
        // Movements go to the SKUs in turn: SKU k gets every skus.length-th one from the k-th.
        const perSku = new Map(skus.map((sku, k) => [sku, Math.max(0, Math.ceil((total - k) / skus.length))]));
        await sink.until(() => [...perSku].every(([sku, n]) => sink.latest(sku) >= n), 120_000);
        const cpu = stopCpu();
        const memory = stopSampling();
        const { sent } = await command(child, { phase: 'times' });
        const latencies = sent.map(([, , at], i) => sink.shown.at(i) - at);
        if (TRACE_FILE !== undefined) writeTrace(TRACE_FILE, sent.map(([, , at], i) => ({ at, total: sink.shown.at(i) - at, consumer: committed.at(i) - at })));
        const stages = {
          consumer: sent.map(([, , at], i) => committed.at(i) - at).filter(Number.isFinite),
          relay: sent.map((_, i) => pushed.at(i) - committed.at(i)).filter(Number.isFinite),
          push: sent.map((_, i) => sink.shown.at(i) - pushed.at(i)).filter(Number.isFinite),
        };
        return { throughput: batched.perSecond, unbatched: unbatched.perSecond, latencies, stages, pushesPerThousand: (batched.pushes * 1000) / THROUGHPUT_MOVEMENTS, memory, cpu };
      } finally {
        await stock.close();
      }
    } finally {
      await stopPublisher(child);
      await pushing.cancel();
    }
  } finally {
    await sink.stop();
    await broker.close();
    await store.close();
    await deleteRabbitTopology(TEST_AMQP_URL, prefix, subscribers).catch(() => undefined);
    await dropSchema(schema);
  }
}

/** Runs the stock benchmark and returns its figures. */
export async function stockBench(): Promise<Figure[]> {
  const baseline = await raw();
  const measured = await hub();
  const rawName = 'raw amqplib, quorum';
  const ratio = measured.throughput / baseline.throughput;
  const figures: Figure[] = [
    {
      bench: 'stock',
      metric: `movement → channel push throughput (${SKUS} SKUs)`,
      unit: 'msg/s',
      hub: measured.throughput,
      baseline: baseline.throughput,
      baselineName: rawName,
      ratio,
      target: '≥ 0.60 × raw',
      pass: ratio >= 0.6,
    },
    {
      bench: 'stock',
      metric: 'throughput without micro-batching (prefetch 1)',
      unit: 'msg/s',
      hub: measured.unbatched,
      baseline: measured.throughput,
      baselineName: 'micro-batched, this run',
      ratio: measured.unbatched / measured.throughput,
    },
    {
      bench: 'stock',
      metric: 'channel pushes per 1,000 movements',
      unit: 'push',
      hub: measured.pushesPerThousand,
      baseline: 1000,
      baselineName: 'one push per movement',
      ratio: measured.pushesPerThousand / 1000,
    },
  ];
  for (const p of [50, 99]) {
    const h = percentile(measured.latencies, p);
    const b = percentile(baseline.latencies, p);
    figures.push({
      bench: 'stock',
      metric: `p${p} latency at ${LATENCY_RATE}/s over ${LATENCY_SECONDS} s`,
      unit: 'ms',
      hub: h,
      baseline: b,
      baselineName: rawName,
      ratio: h / b,
      ...(p === 99 ? { target: '≤ 50 ms', pass: h <= 50 } : {}),
    });
  }
  // Where the time goes: each stage's percentile beside the end-to-end one (stage percentiles do not add up).
  const stageNames = { consumer: 'publish → stock consumer commit', relay: 'commit → pusher (relay, broker, claim)', push: 'pusher → channel sink' } as const;
  for (const p of [50, 99]) {
    const total = percentile(measured.latencies, p);
    for (const [stage, name] of Object.entries(stageNames) as [keyof typeof stageNames, string][]) {
      const h = percentile(measured.stages[stage], p);
      figures.push({ bench: 'stock', metric: `p${p} of stage ${name}`, unit: 'ms', hub: h, baseline: total, baselineName: `p${p} end to end, this run`, ratio: h / total });
    }
  }
  const cpu = cpuFigure(measured.cpu, baseline.cpu, LATENCY_RATE * LATENCY_SECONDS, LATENCY_RATE * RAW_LATENCY_SECONDS);
  if (cpu !== undefined) figures.push(cpu);
  const { rss, heap } = measured.memory;
  figures.push(
    {
      bench: 'stock',
      metric: `RSS over the paced run, end vs start (max ${rss.max.toFixed(0)} MB)`,
      unit: 'MB',
      hub: rss.end,
      baseline: rss.start,
      baselineName: 'RSS at its start',
      ratio: rss.end / rss.start,
      target: 'flat: end ≤ 1.25 × start',
      pass: rss.end <= 1.25 * rss.start,
    },
    {
      bench: 'stock',
      metric: `V8 heap over the paced run, end vs start (max ${heap.max.toFixed(0)} MB)`,
      unit: 'MB',
      hub: heap.end,
      baseline: heap.start,
      baselineName: 'heap at its start',
      ratio: heap.end / heap.start,
      target: 'flat: end ≤ 1.25 × start',
      pass: heap.end <= 1.25 * heap.start,
    },
  );
  return figures;
}

/**
 * CPU per movement over the paced runs: this process (the hub with the stand-in pusher and sink, or
 * the raw consumer), PostgreSQL and RabbitMQ, the publisher apart (in a deployment it is elsewhere),
 * and how many cores the whole run kept busy: the figure that says whether the latency is spent
 * waiting or queued behind a full machine.
 */
function cpuFigure(hub: SpanCpu | undefined, base: SpanCpu | undefined, hubCount: number, baseCount: number): Figure | undefined {
  if (hub === undefined || base === undefined) return undefined;
  const total = (cpu: SpanCpu, count: number): number => ((cpu.self + cpu.postgres + cpu.rabbitmq) * 1000) / count;
  const us = (ms: number): string => ((ms * 1000) / hubCount).toFixed(0);
  const busy = (hub.self + hub.postgres + hub.rabbitmq + hub.other) / hub.wallMs;
  return {
    bench: 'stock',
    metric: `CPU per movement at ${LATENCY_RATE}/s: hub ${us(hub.self)} + PostgreSQL ${us(hub.postgres)} + RabbitMQ ${us(hub.rabbitmq)} µs (publisher ${us(hub.other)} µs apart; ${busy.toFixed(2)} of ${os.availableParallelism()} cores busy)`,
    unit: 'µs',
    hub: total(hub, hubCount),
    baseline: total(base, baseCount),
    baselineName: 'raw amqplib, quorum',
    ratio: total(hub, hubCount) / total(base, baseCount),
  };
}

if (process.argv[2] === 'publisher') {
  const [, , , mode = 'hub', url = '', target = ''] = process.argv;
  await publisherMain(mode, url, target);
}
