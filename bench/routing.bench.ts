/**
 * Fulfillment routing, two ways, each beside a baseline measured in the same run:
 *
 * 1. In process: one routing decision for a five-line order over 200 locations (every candidate
 *    rated by six criteria, the fewest-split search, the explained decision), against a greedy
 *    router that sends each line to the nearest location holding it and explains nothing.
 * 2. End to end: `POST /v1/orders` on the hub over PostgreSQL and RabbitMQ (validation, the order
 *    stored, routed with fresh stock, every assignment reserved in the stock ledger, fulfillment
 *    requests and events queued, the outbox relayed, the flow's subscriber running), against a
 *    bare express app that validates nothing and inserts the same JSON into one PostgreSQL table.
 *    Requests come from a separate process with a fixed number in flight. Over the measured
 *    requests of both, the CPU time per order of the serving process, PostgreSQL and RabbitMQ is
 *    read (Linux), with the throughput at which that cost would keep every core busy.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { pino } from 'pino';
import {
  activateProfile,
  applyLocations,
  createApiKey,
  createProfileVersion,
  deleteRabbitTopology,
  haversineKm,
  loadConfig,
  openPostgresStore,
  recordMovementBatch,
  routeOrder,
  SchemaRegistry,
  setStockSource,
  type Location,
  type Order,
  type RoutingProfileDefinition,
  type RoutingRequest,
  type Store,
} from '@omnihub/core';
import { dropSchema, freshName, TEST_AMQP_URL, TEST_DATABASE_URL } from '@omnihub/core/testing';
import { startHub } from '@omnihub/openapi';
import { measureCpu } from './cpu.ts';
import { percentile, type Figure } from './stats.ts';

const LOCATIONS = 200;
const SKUS = 60;
const LINES = 5;
const DECISIONS = Number(process.env['BENCH_ROUTING_DECISIONS'] ?? 5000);
const ORDERS = Number(process.env['BENCH_ROUTING_ORDERS'] ?? 3000);
/** Requests in flight at once, as a busy storefront's order service would have. */
const CONCURRENCY = Number(process.env['BENCH_ROUTING_CONCURRENCY'] ?? 32);
const ADMIN_KEY = 'ohk_benchadmin_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

/** A small deterministic generator (mulberry32), so every run routes the same orders. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const sku = (i: number): string => `SKU-${String(i).padStart(3, '0')}`;

/** 200 locations over Germany: a few DCs and warehouses, the rest stores, some with a daily capacity. */
function network(): Location[] {
  const next = random(7);
  return Array.from({ length: LOCATIONS }, (_, i): Location => {
    const type = i < 4 ? 'distribution-center' : i < 20 ? 'warehouse' : 'store';
    return {
      id: `loc-${String(i).padStart(3, '0')}`,
      name: `Location ${i}`,
      type,
      status: 'open',
      capabilities: type === 'store' ? ['pickup', 'ship-from-store'] : ['ship'],
      geo: { lat: 47.5 + next() * 7, lon: 6 + next() * 9 },
      groups: [type === 'store' ? 'de-stores' : 'de-dcs'],
      ...(type === 'store' && i % 3 === 0 ? { dailyCapacity: 1_000_000 } : {}),
    };
  });
}

/** Which SKUs each location holds, and how many: DCs hold everything, stores a random quarter. */
function stockTable(locations: readonly Location[]): Map<string, Map<string, number>> {
  const next = random(11);
  return new Map(
    locations.map((location) => {
      const held = new Map<string, number>();
      for (let s = 0; s < SKUS; s += 1) {
        if (location.type !== 'store' || next() < 0.25) held.set(sku(s), location.type === 'store' ? 50 + Math.floor(next() * 50) : 100_000);
      }
      return [location.id, held];
    }),
  );
}

/** A five-line web order to somewhere in Germany. */
function orderOf(id: string, next: () => number): Order {
  const picked = new Set<number>();
  while (picked.size < LINES) picked.add(Math.floor(next() * SKUS));
  const lines = [...picked].map((s, index) => ({ lineId: `ln-${index + 1}`, sku: sku(s), title: sku(s), quantity: 1 + Math.floor(next() * 2), unitPrice: { amount: '19.90', currency: 'EUR' } }));
  return {
    id,
    channel: 'web',
    placedAt: '2025-04-14T10:00:00Z',
    status: 'confirmed',
    lines: lines,
    shippingAddress: { line1: 'Street 1', city: 'City', country: 'DE', geo: { lat: 47.5 + next() * 7, lon: 6 + next() * 9 } },
    deliveryMethod: 'ship',
    totals: { subtotal: { amount: '99.50', currency: 'EUR' }, grandTotal: { amount: '99.50', currency: 'EUR' } },
    currency: 'EUR',
  };
}

/** The profile both measurements route with. */
const PROFILE: RoutingProfileDefinition = {
  priority: 1,
  criteria: [
    { type: 'stock' },
    { type: 'store-protection', minAvailable: 2 },
    { type: 'daily-capacity' },
    { type: 'distance' },
    { type: 'location-type', preference: ['distribution-center', 'warehouse', 'store'] },
    { type: 'shipping-cost', currency: 'EUR', rates: [{ from: { type: 'store' }, cost: '5.90' }, { cost: '4.50' }] },
  ],
  split: { maxShipments: 3 },
};

/** Greedy baseline: each line to the nearest location holding all of it; no scores, no search, no explanation. */
function greedy(request: RoutingRequest): number {
  let assigned = 0;
  const destination = request.order.destination?.geo;
  for (const line of request.order.lines) {
    let best: string | undefined;
    let bestKm = Number.POSITIVE_INFINITY;
    for (const location of request.locations) {
      if ((request.stock.get(location.id)?.get(line.sku) ?? 0) < line.quantity || location.geo === undefined || destination === undefined) continue;
      const km = haversineKm(destination, location.geo);
      if (km < bestKm) {
        best = location.id;
        bestKm = km;
      }
    }
    if (best !== undefined) assigned += 1;
  }
  return assigned;
}

/** Per-call latencies (ms) and calls per second of `run` over the requests, after a warm-up. */
function timeCalls(requests: readonly RoutingRequest[], run: (request: RoutingRequest) => unknown): { perSecond: number; latencies: number[] } {
  for (const request of requests.slice(0, 200)) run(request);
  // Start from a collected heap, so the requests built just before do not weigh on the timings.
  (globalThis as { gc?: () => void }).gc?.();
  const latencies: number[] = [];
  const started = performance.now();
  for (const request of requests) {
    const t0 = performance.now();
    run(request);
    latencies.push(performance.now() - t0);
  }
  return { perSecond: requests.length / ((performance.now() - started) / 1000), latencies };
}

function inProcess(): Figure[] {
  const locations = network();
  const stock = stockTable(locations);
  const next = random(42);
  const requests = Array.from({ length: DECISIONS }, (_, i): RoutingRequest => {
    const order = orderOf(`bench-${i}`, next);
    return {
      decisionId: `rd-${i}`,
      decidedAt: '2025-04-14T10:00:00Z',
      attempt: 1,
      order: { id: order.id, deliveryMethod: 'ship', destination: { geo: order.shippingAddress?.geo, country: 'DE' }, lines: order.lines.map((l) => ({ lineId: l.lineId, sku: l.sku, quantity: l.quantity })) },
      profile: { id: 'bench', version: 1, definition: PROFILE },
      locations,
      stock,
      load: new Map(),
    };
  });
  const baseline = timeCalls(requests, greedy);
  const hub = timeCalls(requests, routeOrder);
  const p99 = percentile(hub.latencies, 99);
  const baseP99 = percentile(baseline.latencies, 99);
  return [
    { bench: 'routing', metric: `decisions/s, ${LINES}-line order, ${LOCATIONS} locations`, unit: 'dec/s', hub: hub.perSecond, baseline: baseline.perSecond, baselineName: 'greedy nearest-first', ratio: hub.perSecond / baseline.perSecond },
    { bench: 'routing', metric: 'p99 per decision', unit: 'ms', hub: p99, baseline: baseP99, baselineName: 'greedy nearest-first', ratio: p99 / baseP99, target: '≤ 5 ms', pass: p99 <= 5 },
  ];
}

// ---------------------------------------------------------------- end to end

/** What the load process reports. */
interface LoadReport {
  perSecond: number;
  latencies: number[];
  failures: number;
  firstFailure?: string;
  /** CPU milliseconds the load process used over the measured requests. */
  clientCpuMs: number;
}

/** CPU milliseconds per order over the measured requests, by process. */
interface OrderCpu {
  /** The process serving the requests (the hub, or the bare express app). */
  server: number;
  postgres: number;
  rabbitmq: number;
  client: number;
}

/** What a load run measured: the load process's report and, where /proc is readable, the CPU per order. */
interface LoadRun extends LoadReport {
  cpu?: OrderCpu;
}

/** The load process: POSTs `count` orders with `concurrency` in flight, after a warm-up. */
async function loadClient(): Promise<void> {
  const [message] = (await once(process, 'message')) as [{ url: string; key: string; count: number; warmup: number; concurrency: number; prefix: string }];
  const next = random(99);
  const post = async (order: Order, latencies?: number[]): Promise<string | undefined> => {
    const started = performance.now();
    const response = await fetch(`${message.url}/v1/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${message.key}`, 'content-type': 'application/json', 'idempotency-key': `bench-${order.id}` },
      body: JSON.stringify(order),
    });
    const text = await response.text();
    latencies?.push(performance.now() - started);
    return response.status === 201 ? undefined : `${response.status} ${text.slice(0, 300)}`;
  };
  const run = async (count: number, tag: string, latencies?: number[]) => {
    let issued = 0;
    let failures = 0;
    let firstFailure: string | undefined;
    const worker = async () => {
      while (issued < count) {
        const id = `${message.prefix}-${tag}-${issued++}`;
        const failure = await post(orderOf(id, next), latencies);
        if (failure !== undefined) {
          failures += 1;
          firstFailure ??= failure;
        }
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: message.concurrency }, worker));
    return { seconds: (performance.now() - started) / 1000, failures, firstFailure };
  };
  await run(message.warmup, 'warm');
  // The parent takes its CPU readings now and when the report arrives.
  await new Promise<void>((resolve) => process.send?.({ measuring: true }, () => resolve()));
  const latencies: number[] = [];
  const cpuBefore = process.cpuUsage();
  const measured = await run(message.count, 'run', latencies);
  const cpu = process.cpuUsage(cpuBefore);
  const report: LoadReport = {
    perSecond: message.count / measured.seconds,
    latencies,
    failures: measured.failures,
    ...(measured.firstFailure === undefined ? {} : { firstFailure: measured.firstFailure }),
    clientCpuMs: (cpu.user + cpu.system) / 1000,
  };
  process.send?.(report);
}

/**
 * Runs the load process against `url` and reads, over its measured requests, the CPU time of this
 * process (which serves them), of PostgreSQL and RabbitMQ, and of the load process itself.
 */
async function load(url: string, key: string, prefix: string): Promise<LoadRun> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['routing-load-client'], {
    execArgv: process.execArgv.includes('--conditions=omnihub-source') ? process.execArgv : [...process.execArgv, '--conditions=omnihub-source'],
  });
  const exited = once(child, 'exit');
  child.send({ url, key, count: ORDERS, warmup: Math.min(500, ORDERS), concurrency: CONCURRENCY, prefix });
  await once(child, 'message');
  const stopCpu = measureCpu(undefined);
  const [report] = (await once(child, 'message')) as [LoadReport];
  const span = stopCpu();
  await exited;
  if (span === undefined) return report;
  const perOrder = (ms: number): number => ms / ORDERS;
  return { ...report, cpu: { server: perOrder(span.self), postgres: perOrder(span.postgres), rabbitmq: perOrder(span.rabbitmq), client: perOrder(report.clientCpuMs) } };
}

/**
 * The CPU figure of a run: milliseconds per order of the serving process, PostgreSQL and RabbitMQ
 * together (the load process apart: in a deployment it is elsewhere), and the orders per second
 * this machine's cores could serve at that cost if nothing ever waited.
 */
function cpuFigure(hub: OrderCpu, bare: OrderCpu): Figure {
  const total = (cpu: OrderCpu): number => cpu.server + cpu.postgres + cpu.rabbitmq;
  const ms = (n: number): string => n.toFixed(2);
  const ceiling = (os.availableParallelism() * 1000) / (total(hub) + hub.client);
  return {
    bench: 'routing',
    metric: `CPU per order: hub process ${ms(hub.server)} + PostgreSQL ${ms(hub.postgres)} + RabbitMQ ${ms(hub.rabbitmq)} ms (load client ${ms(hub.client)} ms apart; all cores busy at ${ceiling.toFixed(0)} orders/s)`,
    unit: 'ms',
    hub: total(hub),
    baseline: total(bare),
    baselineName: 'bare express + one insert',
    ratio: total(hub) / total(bare),
  };
}

async function listen(app: express.Express): Promise<{ server: Server; url: string }> {
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** The bare express baseline: parse the JSON, insert it, answer 201. */
async function bareExpress(store: Store): Promise<LoadRun> {
  await store.query('create table bench_orders (id text primary key, document jsonb not null)');
  const app = express();
  app.use(express.json({ limit: '1mb' }));
  app.post('/v1/orders', async (req, res) => {
    const order = req.body as Order;
    await store.query('insert into bench_orders (id, document) values ($1, $2::jsonb)', [order.id, JSON.stringify(order)]);
    res.status(201).json(order);
  });
  const { server, url } = await listen(app);
  try {
    return await load(url, 'none', 'bare');
  } finally {
    server.close();
    server.closeAllConnections();
  }
}

async function seed(store: Store, registry: SchemaRegistry, locations: readonly Location[]): Promise<void> {
  await setStockSource(store, { id: 'bench', semantics: 'physical' });
  const rows = [...stockTable(locations)].flatMap(([locationId, held]) =>
    [...held].map(([s, quantity]) => ({ movementId: `bench-${locationId}-${s}`, sku: s, locationId, mode: 'absolute', bucket: 'onHand', quantity, reason: 'count', sourceSystem: 'bench', occurredAt: '2025-04-14T00:00:00Z' })),
  );
  for (let start = 0; start < rows.length; start += 1000) {
    const result = await recordMovementBatch(store, registry, rows.slice(start, start + 1000));
    if (result.rejected > 0) throw new Error(`stock seed rejected ${result.rejected} rows`);
  }
}

async function endToEnd(): Promise<Figure[]> {
  const schema = freshName('bench_routing');
  const prefix = freshName('bench');
  const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 20 });
  let hubReport: LoadRun;
  let bareReport: LoadRun;
  let subscribers: string[] = [];
  try {
    bareReport = await bareExpress(store);
    const config = { ...loadConfig({ OMNIHUB_PORT: '0', OMNIHUB_ADMIN_KEY: ADMIN_KEY }), amqpUrl: TEST_AMQP_URL };
    const hub = await startHub(config, { store, brokerPrefix: prefix, logger: pino({ level: 'silent' }) });
    try {
      subscribers = hub.broker.bus.subscribers();
      const locations = network();
      await hub.store.transaction(async (tx) => {
        await applyLocations(tx, hub.registry, locations);
        const profile = await createProfileVersion(tx, { id: 'bench', definition: PROFILE, actor: 'bench' });
        await activateProfile(tx, profile.id, profile.version);
      });
      await seed(hub.store, hub.registry, locations);
      const writer = await createApiKey(hub.store, 'bench-writer', ['write']);
      hubReport = await load(hub.url, writer.key, prefix);
    } finally {
      await hub.close();
    }
  } finally {
    await store.close();
    await deleteRabbitTopology(TEST_AMQP_URL, prefix, subscribers).catch(() => undefined);
    await dropSchema(schema);
  }
  if (hubReport.failures > 0) process.stderr.write(`routing bench: ${hubReport.failures} order requests failed, first: ${hubReport.firstFailure ?? ''}\n`);
  const p99 = percentile(hubReport.latencies, 99);
  const bareP99 = percentile(bareReport.latencies, 99);
  return [
    { bench: 'routing', metric: `POST /v1/orders, ${CONCURRENCY} in flight, PostgreSQL + RabbitMQ`, unit: 'orders/s', hub: hubReport.perSecond, baseline: bareReport.perSecond, baselineName: 'bare express + one insert', ratio: hubReport.perSecond / bareReport.perSecond, target: '≥ 500 orders/s', pass: hubReport.perSecond >= 500 && hubReport.failures === 0 },
    { bench: 'routing', metric: 'POST /v1/orders p99', unit: 'ms', hub: p99, baseline: bareP99, baselineName: 'bare express + one insert', ratio: p99 / bareP99 },
    ...(hubReport.cpu === undefined || bareReport.cpu === undefined ? [] : [cpuFigure(hubReport.cpu, bareReport.cpu)]),
  ];
}

/** Runs the routing benchmark and returns its figures. */
export async function routingBench(): Promise<Figure[]> {
  return [...inProcess(), ...(await endToEnd())];
}

if (process.argv[2] === 'routing-load-client') await loadClient();
