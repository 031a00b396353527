/**
 * Customer context lookup: `GET /v1/customers/{id}/context` on the hub (API key check, contract
 * validation of request and response, one primary-key read of the precomputed projection in
 * PostgreSQL) beside a bare express app answering the same JSON from memory, both measured in
 * this run, on this machine, the same way: a bounded number of requests sent by a pool of
 * concurrent fetch loops, after a warm-up. Contact centers give such a lookup a few seconds at
 * most (Amazon Connect: 8 s); the target is p99 ≤ 50 ms.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { createApiKey, createEvent, Events, loadConfig, migrate, openPostgresStore, type EventDefinition, type PayloadOf } from '@omnihub/core';
import { dropSchema, freshName, TEST_DATABASE_URL, waitFor } from '@omnihub/core/testing';
import { startHub } from '@omnihub/openapi';
import type { LoadCommand, LoadReport } from './customer-context/load-process.ts';
import { percentile, type Figure } from './stats.ts';

/** Requests measured per side, and concurrent loops sending them. */
const REQUESTS = Number(process.env['BENCH_CONTEXT_REQUESTS'] ?? 4000);
const CONCURRENCY = Number(process.env['BENCH_CONTEXT_CONCURRENCY'] ?? 8);
const WARMUP = 200;
/** Orders in the customer's history: the context shows the 10 newest, so its size is that of a regular customer's. */
const ORDERS = 12;
const ADMIN_KEY = 'ohk_benchadmin_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

/** Measures `url` from a separate load process: warm-up, then the bounded measured run. */
async function measure(url: string, headers: Record<string, string>): Promise<LoadReport> {
  const child = fork(new URL('./customer-context/load-process.ts', import.meta.url), [], { execArgv: ['--conditions=omnihub-source'] });
  const [ready] = (await once(child, 'message')) as [{ ready?: boolean }];
  if (ready.ready !== true) throw new Error('the load process did not start');
  const command: LoadCommand = { url, headers, warmup: WARMUP, count: REQUESTS, concurrency: CONCURRENCY };
  child.send(command);
  const [report] = (await once(child, 'message')) as [LoadReport];
  await once(child, 'exit');
  return report;
}

/** A bare express app answering `body` from memory: the floor any HTTP lookup stands on. */
async function bareApp(body: unknown): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  const text = JSON.stringify(body);
  app.get('/v1/customers/:id/context', (_req, res) => {
    res.type('application/json').send(text);
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Line `l` of bench order `n`. */
function line(n: number, l: number): { lineId: string; sku: string; title: string; quantity: number; unitPrice: { amount: string; currency: string } } {
  return { lineId: String(l), sku: `SKU-${n}-${l}`, title: `Item ${l} of order ${n}`, quantity: l, unitPrice: { amount: '19.90', currency: 'EUR' } };
}

/** Runs the customer context benchmark and returns its figures. */
export async function customerContextBench(): Promise<Figure[]> {
  const schema = freshName('bench_context');
  const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 20 });
  await migrate(store);
  const config = loadConfig({ OMNIHUB_PORT: '0', OMNIHUB_ADMIN_KEY: ADMIN_KEY });
  const hub = await startHub(config, { store, logger: pino({ level: 'silent' }) });
  try {
    const reader = await createApiKey(store, 'bench-reader', ['read']);
    const publish = async <D extends EventDefinition<unknown>>(definition: D, data: PayloadOf<D>, source: string): Promise<void> => {
      const response = await fetch(`${hub.url}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' }, body: JSON.stringify(createEvent(definition, data, { source })) });
      if (response.status !== 202) throw new Error(`publishing ${definition.type} failed: ${response.status} ${await response.text()}`);
    };
    const customerId = 'cus-bench-1';
    await publish(Events.CustomerUpserted, {
      customer: {
        id: customerId,
        email: 'bench@example.com',
        phone: '+4915100000001',
        firstName: 'Bench',
        lastName: 'Customer',
        externalIds: [{ system: 'shopify', id: 'gid://shopify/Customer/1' }, { system: 'hubspot', id: '70213' }],
        consent: { sms: { granted: true, updatedAt: '2025-01-01T00:00:00Z' } },
      },
    }, '/connectors/hubspot/bench');
    for (let n = 1; n <= ORDERS; n += 1) {
      await publish(Events.OrderCreated, {
        order: {
          id: `ord-bench-${n}`,
          channel: 'web',
          placedAt: new Date(Date.UTC(2025, 0, n)).toISOString(),
          status: 'confirmed',
          customer: { customerId },
          lines: [line(n, 1), line(n, 2), line(n, 3)],
          deliveryMethod: 'ship',
          totals: { subtotal: { amount: '119.40', currency: 'EUR' }, grandTotal: { amount: '119.40', currency: 'EUR' } },
          currency: 'EUR',
        },
      }, '/connectors/shopify/bench');
    }
    const path = `/v1/customers/${customerId}/context`;
    const headers = { authorization: `Bearer ${reader.key}` };
    let body: unknown;
    await waitFor(
      async () => {
        const response = await fetch(`${hub.url}${path}`, { headers });
        if (response.status !== 200) return false;
        body = await response.json();
        return (body as { orderCount: number }).orderCount === ORDERS;
      },
      { message: `the context of ${customerId} with ${ORDERS} orders`, timeoutMs: 60_000, intervalMs: 100 },
    );
    const bare = await bareApp(body);
    let baseline: LoadReport;
    try {
      baseline = await measure(`${bare.url}${path}`, {});
    } finally {
      await bare.close();
    }
    const measured = await measure(`${hub.url}${path}`, headers);
    const figures: Figure[] = [];
    const throughput = REQUESTS / measured.seconds;
    const baseThroughput = REQUESTS / baseline.seconds;
    figures.push({ bench: 'customer-context', metric: `lookups at concurrency ${CONCURRENCY}`, unit: 'req/s', hub: throughput, baseline: baseThroughput, baselineName: 'bare express, JSON in memory', ratio: throughput / baseThroughput });
    for (const p of [50, 99]) {
      const h = percentile(measured.latencies, p);
      const b = percentile(baseline.latencies, p);
      figures.push({
        bench: 'customer-context',
        metric: `p${p} GET /v1/customers/{id}/context`,
        unit: 'ms',
        hub: h,
        baseline: b,
        baselineName: 'bare express, JSON in memory',
        ratio: h / b,
        ...(p === 99 ? { target: 'p99 ≤ 50 ms', pass: h <= 50 } : {}),
      });
    }
    return figures;
  } finally {
    await hub.close();
    await store.close();
    await dropSchema(schema);
  }
}
