import assert from 'node:assert/strict';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { migrate, openPostgresStore, type Store } from '@omnihub/core';
import { dropSchema, freshName, serviceMissing, TEST_DATABASE_URL } from '@omnihub/core/testing';
import { positionAt, movement, record } from './support.ts';

const SKU = 'SNK-TRL-WHT-42';
const LOC = 'store-berlin-alex';
const PER_WORKER = 100;

describe('reservations from two hub worker processes on PostgreSQL', () => {
  const schema = freshName('stock_concurrency');
  let store: Store;

  before(async () => {
    try {
      store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 2 });
    } catch (error: unknown) {
      throw serviceMissing('PostgreSQL', TEST_DATABASE_URL, error);
    }
    await migrate(store);
  });
  after(async () => {
    await store.close();
    await dropSchema(schema);
  });

  async function startWorker(name: string): Promise<ChildProcess> {
    const child = fork(new URL('./reserve-worker.ts', import.meta.url), [TEST_DATABASE_URL, schema, SKU, LOC, String(PER_WORKER), name], {
      execArgv: ['--conditions=omnihub-source'],
    });
    const [message] = (await once(child, 'message')) as [{ ready?: boolean }];
    assert.equal(message.ready, true);
    return child;
  }

  it('lets exactly 50 of 200 concurrent one-unit reservations through against 50 available, never below zero', async () => {
    await record(store, movement({ sku: SKU, locationId: LOC, mode: 'absolute', quantity: 50, reason: 'count' }));
    const workers = await Promise.all([startWorker('w1'), startWorker('w2')]);
    const reports = workers.map(async (child) => {
      const [report] = (await once(child, 'message')) as [{ outcomes: string[] }];
      await once(child, 'exit');
      return report.outcomes;
    });
    // Watch available while the workers run: it must never be seen below zero.
    let lowest = Infinity;
    let watching = true;
    const watcher = (async () => {
      for (let i = 0; watching && i < 100_000; i += 1) lowest = Math.min(lowest, (await positionAt(store, SKU, LOC)).available);
    })();
    for (const child of workers) child.send({ go: true });
    const outcomes = (await Promise.all(reports)).flat();
    watching = false;
    await watcher;

    const count = (value: string): number => outcomes.filter((o) => o === value).length;
    assert.equal(outcomes.length, 2 * PER_WORKER);
    assert.equal(count('reserved'), 50, `outcomes: ${JSON.stringify([...new Set(outcomes)])}`);
    assert.equal(count('insufficient-stock'), 150);
    const position = await positionAt(store, SKU, LOC);
    assert.deepEqual({ onHand: position.onHand, committed: position.committed, available: position.available }, { onHand: 50, committed: 50, available: 0 });
    assert.ok(lowest >= 0, `available was seen at ${lowest}`);
    const { rows } = await store.query<{ active: number; units: number }>(
      "select count(*)::int as active, coalesce(sum(quantity), 0)::int as units from stock_reservations where sku = $1 and status = 'active'",
      [SKU],
    );
    assert.deepEqual(rows[0], { active: 50, units: 50 });
    const ledger = await store.query<{ units: number }>("select coalesce(sum(quantity), 0)::int as units from stock_movements where sku = $1 and bucket = 'committed'", [SKU]);
    assert.equal(ledger.rows[0]?.units, 50, 'the ledger holds exactly the 50 reservations');
  });
});
