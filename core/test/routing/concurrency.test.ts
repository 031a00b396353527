import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { postgresFactory } from '../../src/testing/stores.ts';
import type { Store } from '../../src/store/store.ts';
import { getOrderView, intakeOrder } from '../../src/orders/index.ts';
import { order, seedStock, setUpWorld, type FlowWorld } from './support.ts';

describe('concurrent orders on postgres', () => {
  let store: Store;
  let dispose: () => Promise<void>;
  let world: FlowWorld;

  before(async () => {
    ({ store, dispose } = await postgresFactory.open());
    world = await setUpWorld(store);
    await seedStock(store, world.registry, { 'store-berlin': { HOT: 2, PAIR: 3 }, 'store-potsdam': { HOT: 2, PAIR: 3 }, 'wh-munich': { HOT: 1 } });
  });
  after(async () => {
    await dispose();
  });

  it('never reserves more than the stock when many orders compete for it at once', async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `o-hot-${i}`);
    // Each order wants one HOT and one PAIR, so orders also contend on two SKUs in both stores.
    await Promise.all(
      ids.map((id) => store.transaction((tx) => intakeOrder(tx, world.deps, { emit: world.emitter(tx), source: '/tests', announce: false }, order(id, { HOT: 1, PAIR: 1 })))),
    );
    const { rows } = await store.query<{ location_id: string; sku: string; units: number }>(
      "select location_id, sku, sum(quantity)::int as units from stock_reservations where status = 'active' group by location_id, sku order by location_id, sku",
    );
    assert.deepEqual(
      rows.map((r) => `${r.sku}@${r.location_id}=${r.units}`),
      ['HOT@store-berlin=2', 'PAIR@store-berlin=3', 'HOT@store-potsdam=2', 'PAIR@store-potsdam=3', 'HOT@wh-munich=1'],
    );
    const views = await Promise.all(ids.map((id) => getOrderView(store, id)));
    const hot = views.flatMap((v) => v?.decisions.flatMap((d) => d.decision.assignments.filter((a) => a.sku === 'HOT')) ?? []);
    assert.equal(hot.reduce((sum, a) => sum + a.quantity, 0), 5, 'five HOT units, five orders get one');
    assert.ok(views.every((v) => v?.decisions.length === 1), 'every order got exactly one decision');
  });
});
