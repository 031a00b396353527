/**
 * HTTP facade: throughput and latency of the hub beside a bare express app answering the same
 * JSON without any of the hub's work, both measured in this run with autocannon on 127.0.0.1.
 *
 * - read: `GET /v1/schemas/order/2` with an API key (authentication, request validation against
 *   the contract, the handler, response validation). The bare app answers the same document.
 * - write: `POST /v1/events` with a fresh `order.created` event and `Idempotency-Key` per request
 *   (authentication, idempotency claim, envelope and payload validation, the durable accept of the
 *   event log and outbox in one PostgreSQL transaction, relayed to RabbitMQ behind). The bare app
 *   parses the same body and answers the same 202.
 *
 * The hub runs as an API process (`OMNIHUB_ROLE=api`) on PostgreSQL and RabbitMQ, as a deployment
 * scales it: the embedded PGlite would run the database inside the HTTP process's own thread and
 * measure that instead. Each server runs in its own process (this file, started with `serve`), so
 * the load generator does not share its event loop.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import express from 'express';
import { pino } from 'pino';
import { deleteRabbitTopology, loadConfig, openPostgresStore, SCHEMAS_DIR } from '@omnihub/core';
import { dropSchema, freshName, TEST_AMQP_URL, TEST_DATABASE_URL } from '@omnihub/core/testing';
import { startHub } from '@omnihub/openapi';
import type { Figure } from './stats.ts';

const SECONDS = Number(process.env['BENCH_HTTP_SECONDS'] ?? 5);
/** Concurrent connections: enough to keep both servers busy, few enough to read latency as service time. */
const CONNECTIONS = Number(process.env['BENCH_HTTP_CONNECTIONS'] ?? 16);
const WARMUP_SECONDS = 1;
const READ_PATH = '/v1/schemas/order/2';
const ORDER_DATA = JSON.parse(readFileSync(`${SCHEMAS_DIR}/order.created/fixtures/v1/valid/full.json`, 'utf8')) as unknown;

/** What a server process tells its parent. */
type ServerMessage = { ready: true; url: string; subscribers: string[] } | { closed: true };

interface Measured {
  throughput: number;
  p50: number;
  p99: number;
}

function event(): { body: string; key: string } {
  const id = randomUUID();
  return { body: JSON.stringify({ specversion: '1.0', id, source: '/bench/http', type: 'order.created', data: ORDER_DATA }), key: id };
}

/** Runs autocannon against `url` for `seconds`; fails on any non-2xx answer or connection error. */
async function load(url: string, key: string, kind: 'read' | 'write', seconds: number): Promise<Measured> {
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: seconds,
    requests: [
      kind === 'read'
        ? { method: 'GET', path: READ_PATH, headers }
        : {
            method: 'POST',
            path: '/v1/events',
            setupRequest: (request) => {
              const next = event();
              return { ...request, headers: { ...headers, 'idempotency-key': next.key }, body: next.body };
            },
          },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0) {
    throw new Error(`${kind} against ${url}: ${result.non2xx} non-2xx answers and ${result.errors} connection errors in ${result['2xx']} requests`);
  }
  return { throughput: result['2xx'] / result.duration, p50: result.latency.p50, p99: result.latency.p99 };
}

function startServer(args: string[]): Promise<{ child: ChildProcess; url: string; subscribers: string[] }> {
  const child = fork(new URL(import.meta.url), ['serve', ...args], { execArgv: ['--conditions=omnihub-source'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the ${args[0] ?? ''} server exited (${String(code)}) before it was ready`)));
    child.once('message', (message: ServerMessage) => {
      if ('ready' in message) resolve({ child, url: message.url, subscribers: message.subscribers });
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = once(child, 'exit');
  child.send('exit');
  await exited;
}

/** Measures read and write against one server (warm-up first, not counted). */
async function measure(url: string, key: string): Promise<{ read: Measured; write: Measured }> {
  await load(url, key, 'read', WARMUP_SECONDS);
  const read = await load(url, key, 'read', SECONDS);
  await load(url, key, 'write', WARMUP_SECONDS);
  const write = await load(url, key, 'write', SECONDS);
  return { read, write };
}

/** Runs the HTTP benchmark and returns its figures. */
export async function httpBench(): Promise<Figure[]> {
  const key = `ohk_${randomBytes(5).toString('hex')}_${randomBytes(24).toString('base64url')}`;
  const bare = await startServer(['bare']);
  let baseline: { read: Measured; write: Measured };
  try {
    baseline = await measure(bare.url, key);
  } finally {
    await stopServer(bare.child);
  }
  const schema = freshName('benchhttp');
  const prefix = freshName('benchhttp');
  const dataDir = mkdtempSync(path.join(tmpdir(), 'omnihub-bench-http-'));
  let hub: { read: Measured; write: Measured };
  let subscribers: string[] = [];
  try {
    const server = await startServer(['hub', schema, prefix, key, dataDir]);
    subscribers = server.subscribers;
    try {
      hub = await measure(server.url, key);
    } finally {
      await stopServer(server.child);
    }
  } finally {
    // Every subscriber that ever started has a state row, also those started after the hub was ready.
    const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 1 });
    const started = await store.query<{ subscriber: string }>('select subscriber from subscriber_state').catch(() => ({ rows: [] }));
    await store.close();
    await deleteRabbitTopology(TEST_AMQP_URL, prefix, new Set([...subscribers, ...started.rows.map((row) => row.subscriber)]));
    await dropSchema(schema);
    rmSync(dataDir, { recursive: true, force: true });
  }
  const baselineName = 'bare express, same JSON';
  const figures: Figure[] = [];
  for (const kind of ['read', 'write'] as const) {
    const what = kind === 'read' ? `GET ${READ_PATH}` : 'POST /v1/events';
    figures.push({ bench: 'http', metric: `${what} throughput`, unit: 'req/s', hub: hub[kind].throughput, baseline: baseline[kind].throughput, baselineName, ratio: hub[kind].throughput / baseline[kind].throughput });
    for (const p of ['p50', 'p99'] as const) {
      figures.push({ bench: 'http', metric: `${what} ${p} latency (${CONNECTIONS} conns)`, unit: 'ms', hub: hub[kind][p], baseline: baseline[kind][p], baselineName, ratio: hub[kind][p] / baseline[kind][p] });
    }
  }
  return figures;
}

/** The bare app: the same answers with none of the hub's work. */
function bareApp(): express.Express {
  const app = express();
  const schemaDocument = JSON.parse(readFileSync(`${SCHEMAS_DIR}/order/v2.schema.json`, 'utf8')) as unknown;
  app.get(READ_PATH, (_req, res) => {
    res.json(schemaDocument);
  });
  app.post('/v1/events', express.json({ limit: '1mb' }), (req, res) => {
    const body = req.body as { id: string; type: string };
    res.status(202).json({ id: body.id, type: body.type, dataschema: 'https://schemas.omnihub.dev/order.created/v1.schema.json', status: 'accepted', acceptedAt: new Date().toISOString(), correlationId: body.id });
  });
  return app;
}

/** `serve bare` or `serve hub <schema> <prefix> <adminKey> <dataDir>`: runs one server until told to exit. */
async function serve(mode: string, schema: string, prefix: string, adminKey: string, dataDir: string): Promise<void> {
  let close: () => Promise<void>;
  let url: string;
  let subscribers: string[] = [];
  if (mode === 'bare') {
    const server = await new Promise<Server>((resolve) => {
      const listening = bareApp().listen(0, '127.0.0.1', () => resolve(listening));
    });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
  } else {
    const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 10 });
    const config = loadConfig({ OMNIHUB_PORT: '0', OMNIHUB_ROLE: 'api', OMNIHUB_ADMIN_KEY: adminKey, OMNIHUB_AMQP_URL: TEST_AMQP_URL, OMNIHUB_DATA_DIR: dataDir });
    const hub = await startHub(config, { store, brokerPrefix: prefix, logger: pino({ level: 'silent' }) });
    url = hub.url;
    subscribers = hub.broker.bus.subscribers();
    close = async () => {
      await hub.close();
      await store.close();
    };
  }
  process.on('message', (message: unknown) => {
    if (message !== 'exit') return;
    close().then(
      () => process.disconnect(),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  });
  process.send?.({ ready: true, url, subscribers } satisfies ServerMessage);
}

if (import.meta.main && process.argv[2] === 'serve') {
  const [mode = 'bare', schema = '', prefix = '', adminKey = '', dataDir = ''] = process.argv.slice(3);
  await serve(mode, schema, prefix, adminKey, dataDir);
}
