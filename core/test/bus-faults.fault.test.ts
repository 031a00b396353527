/**
 * Fault scenarios of the broker core with real effects: every event's effect must land exactly
 * once (the inbox commits with the effect), whatever happens to the broker or the workers.
 * Bounded in count and time; run one file at a time after the other tests (they restart RabbitMQ).
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { Events, SchemaRegistry, createEvent, deleteRabbitTopology, enqueueOutbox, migrate, openBroker, openPgliteStore, openPostgresStore, type Store } from '@omnihub/core';
import { dropSchema, freshName, TEST_AMQP_URL, TEST_DATABASE_URL, waitFor } from '@omnihub/core/testing';
import { orderCreatedData } from './fixtures/order-data.ts';

const WORKER = fileURLToPath(new URL('./fixtures/bus-worker.ts', import.meta.url));

function rabbitmqctl(...args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('rabbitmqctl', args, { timeout: 60_000 }, (error) => {
      if (error === null) resolve();
      else reject(new Error(`rabbitmqctl ${args.join(' ')} failed: ${error.message}`));
    });
  });
}

async function effects(store: Store): Promise<{ total: number; distinct: number }> {
  const { rows } = await store.query<{ total: number; distinct: number }>('select count(*)::int as total, count(distinct event_id)::int as distinct from effects');
  return rows[0] ?? { total: 0, distinct: 0 };
}

function startWorker(args: string[]): { child: ChildProcess; handled: () => number; ready: Promise<void> } {
  const child = spawn(process.execPath, ['--conditions=omnihub-source', WORKER, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let handled = 0;
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      for (const match of output.matchAll(/handled (\d+)/g)) handled = Math.max(handled, Number(match[1]));
      if (output.includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${String(code)}) before it was ready`)));
  });
  ready.catch(() => undefined);
  return { child, handled: () => handled, ready };
}

function killed(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

describe('broker faults, RabbitMQ + PostgreSQL', () => {
  async function scenario(name: string, disturb: () => Promise<void>): Promise<void> {
    const schema = freshName('faults');
    const prefix = freshName('faults');
    const subscriber = `fault-${name}`;
    const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema });
    await migrate(store);
    await store.exec('create table effects (event_id text not null, at timestamptz not null default now())');
    const registry = await SchemaRegistry.load();
    const broker = await openBroker({ store, registry, logger: pino({ level: 'silent' }), amqpUrl: TEST_AMQP_URL, prefix, relayPollMs: 20 });
    const N = 1000;
    try {
      await broker.bus.subscribe({
        name: subscriber,
        events: [Events.OrderCreated],
        prefetch: 50,
        handle: async (event, { tx }) => {
          await tx.query('insert into effects (event_id) values ($1)', [event.id]);
        },
      });
      const publishing = (async () => {
        for (let i = 0; i < N; i += 1) {
          await store.transaction((tx) => enqueueOutbox(tx, createEvent(Events.OrderCreated, orderCreatedData(`o-${i}`), { source: '/tests/faults', id: `${name}-${i}` })));
          if (i % 50 === 0) broker.relay.notify();
          if (i % 100 === 0) await sleep(5);
        }
        broker.relay.notify();
      })();
      await waitFor(async () => (await effects(store)).total > N / 5, { timeoutMs: 30_000, message: 'a fifth handled before the fault' });
      await disturb();
      await publishing;
      await waitFor(async () => (await effects(store)).distinct === N, { timeoutMs: 90_000, intervalMs: 200, message: `all ${N} effects` });
      await sleep(500);
      const counted = await effects(store);
      console.log(`${name}: ${N} in, ${counted.distinct} handled, ${N - counted.distinct} lost, ${counted.total - counted.distinct} effects duplicated`);
      assert.equal(counted.distinct, N, 'nothing lost');
      assert.equal(counted.total, N, 'no effect twice');
    } finally {
      await broker.close();
      await store.close();
      await deleteRabbitTopology(TEST_AMQP_URL, prefix, [subscriber]).catch(() => undefined);
      await dropSchema(schema);
    }
  }

  it('loses and doubles nothing when every broker connection is closed mid-stream', async () => {
    await scenario('close-connections', () => rabbitmqctl('close_all_connections', 'fault test'));
  });

  it('loses and doubles nothing when the broker app stops and starts mid-stream', async () => {
    await scenario('restart-app', async () => {
      try {
        await rabbitmqctl('stop_app');
        await sleep(1000);
      } finally {
        await rabbitmqctl('start_app');
      }
    });
  });

  it('redelivers what a SIGKILLed worker held, with no double effect', async () => {
    const schema = freshName('kill');
    const prefix = freshName('kill');
    const subscriber = 'fault-sigkill';
    const store = await openPostgresStore({ url: TEST_DATABASE_URL, schema });
    await migrate(store);
    await store.exec('create table effects (event_id text not null, at timestamptz not null default now())');
    const N = 300;
    try {
      const first = startWorker(['rabbit', TEST_DATABASE_URL, schema, prefix, subscriber, String(N), '40']);
      await first.ready;
      await waitFor(() => first.handled() >= 60, { timeoutMs: 60_000, message: 'the first worker mid-batch' });
      await killed(first.child);
      const before = await effects(store);
      const second = startWorker(['rabbit', TEST_DATABASE_URL, schema, prefix, subscriber, '0', '0']);
      await second.ready;
      await waitFor(async () => (await effects(store)).distinct === N, { timeoutMs: 60_000, intervalMs: 200, message: `all ${N} effects` });
      await sleep(500);
      await killed(second.child);
      const after = await effects(store);
      console.log(`sigkill: ${N} in, ${before.distinct} handled before the kill, ${after.distinct} handled, ${N - after.distinct} lost, ${after.total - after.distinct} effects duplicated`);
      assert.equal(after.distinct, N);
      assert.equal(after.total, N);
    } finally {
      await store.close();
      await deleteRabbitTopology(TEST_AMQP_URL, prefix, [subscriber]).catch(() => undefined);
      await dropSchema(schema);
    }
  });
});

describe('broker faults, embedded hub', () => {
  it('keeps accepted events across a SIGKILL of the process and handles each once after restart', async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'omnihub-embedded-kill-'));
    const N = 200;
    try {
      const first = startWorker(['embedded', dataDir, '-', '-', 'fault-embedded', String(N), '20']);
      await first.ready;
      await waitFor(() => first.handled() >= 20, { timeoutMs: 60_000, message: 'the first process mid-stream' });
      await killed(first.child);
      const second = startWorker(['embedded', dataDir, '-', '-', 'fault-embedded', '0', '0']);
      await second.ready;
      await sleep(200);
      await waitFor(() => second.handled() + first.handled() >= N - 10, { timeoutMs: 60_000, message: 'the restarted process to catch up' });
      await sleep(1500);
      await killed(second.child);
      const store = await openPgliteStore({ dataDir });
      try {
        const counted = await effects(store);
        const queued = await store.query<{ n: number }>('select (select count(*) from outbox)::int + (select count(*) from embedded_messages)::int as n');
        console.log(`embedded sigkill: ${N} in, ${counted.distinct} handled, ${N - counted.distinct} lost, ${counted.total - counted.distinct} effects duplicated, ${queued.rows[0]?.n ?? -1} still queued`);
        assert.equal(counted.distinct, N);
        assert.equal(counted.total, N);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
