import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import type { Store } from '../../src/store/store.ts';
import { HubError } from '../../src/errors/hub-error.ts';
import { getOrderView, intakeOrder, intakeOrders, OrderIntakeQueue, type IntakeItem, type IntakeResult, type Order } from '../../src/orders/index.ts';
import type { StockPort } from '../../src/routing/index.ts';
import { routedDecision } from '../../src/routing/routed-decision.ts';
import { activeReservations, order, queuedEvents, seedStock, setUpWorld, type FlowWorld } from './support.ts';

const STOCK = { 'store-berlin': { HOT: 2, MUG: 1 }, 'store-potsdam': { HOT: 1, MUG: 3 }, 'wh-munich': { HOT: 5, MUG: 5 }, 'dc-hamburg': { MUG: 2 } };

const item = (o: Order): IntakeItem => ({ order: o, source: '/tests', emitter: { source: '/tests/orders', correlationId: `corr-${o.id}` }, announce: true });

/** Each order's assignments as `lineId@locationId=quantity`, sorted, plus its status. */
async function routed(store: Store, ids: readonly string[]): Promise<string[]> {
  return Promise.all(
    ids.map(async (id) => {
      const view = await getOrderView(store, id);
      const assignments = view?.decisions.at(-1)?.decision.assignments.map((a) => `${a.lineId}@${a.locationId}=${a.quantity}`).sort() ?? [];
      return `${id} ${view?.status ?? 'missing'} ${assignments.join(' ')}`;
    }),
  );
}

function outcomeKinds(results: readonly IntakeResult[]): string[] {
  return results.map((result) => (result.ok ? result.outcome.kind : result.error instanceof HubError ? result.error.code : 'error'));
}

for (const factory of STORE_FACTORIES) {
  describe(`order intake in batches on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let world: FlowWorld;

    before(async () => {
      ({ store, dispose } = await factory.open());
      world = await setUpWorld(store);
      await seedStock(store, world.registry, STOCK);
    });
    after(async () => {
      await dispose();
    });

    it('routes a batch as if its orders came one at a time, each seeing the stock the ones before it took', async () => {
      const orders = [order('b-1', { HOT: 1 }), order('b-2', { HOT: 1, MUG: 1 }), order('b-3', { HOT: 2 }), order('b-4', { MUG: 2 }), order('b-5', { HOT: 1 })];
      let reads = 0;
      const counted: StockPort = { ...world.deps.stock, available: (tx, skus, locationIds) => ((reads += 1), world.deps.stock.available(tx, skus, locationIds)) };
      const results = await store.transaction((tx) => intakeOrders(tx, { ...world.deps, stock: counted }, orders.map(item)));
      assert.deepEqual(outcomeKinds(results), ['created', 'created', 'created', 'created', 'created']);
      assert.equal(reads, 1, 'one read of stock for the whole batch, no reservation refused');

      // The same orders, one transaction each, on a fresh store with the same stock.
      const other = await factory.open();
      try {
        const alone = await setUpWorld(other.store);
        await seedStock(other.store, alone.registry, STOCK);
        for (const o of orders) await other.store.transaction((tx) => intakeOrder(tx, alone.deps, { emit: alone.emitter(tx), source: '/tests', announce: true }, o));
        assert.deepEqual(await routed(store, orders.map((o) => o.id)), await routed(other.store, orders.map((o) => o.id)));
      } finally {
        await other.dispose();
      }
      const { rows } = await store.query<{ location_id: string; sku: string; units: number }>(
        "select location_id, sku, sum(quantity)::int as units from stock_reservations where status = 'active' and order_id like 'b-%' group by location_id, sku",
      );
      for (const row of rows) {
        const held = (STOCK as Record<string, Record<string, number>>)[row.location_id]?.[row.sku] ?? 0;
        assert.ok(row.units <= held, `${row.sku}@${row.location_id}: ${row.units} reserved of ${held}`);
      }
      const events = await queuedEvents(store, 'b-2');
      assert.deepEqual(events.map((e) => e.type).slice(0, 2), ['order.created', 'order.routed'], 'created is queued before routed');
      // order.routed carries the outcome of the decision stored in the same transaction.
      const stored = (await getOrderView(store, 'b-2'))?.decisions.at(-1)?.decision;
      assert.ok(stored !== undefined);
      assert.deepEqual(events[1]?.data, { decision: routedDecision(stored) });
    });

    it('answers a repeat as a duplicate and another order under a known id as a conflict, leaving the rest alone', async () => {
      await store.transaction((tx) => intakeOrders(tx, world.deps, [item(order('d-1', { MUG: 1 }))]));
      const results = await store.transaction((tx) =>
        intakeOrders(tx, world.deps, [item(order('d-1', { MUG: 1 })), item(order('d-2', { MUG: 1 })), item(order('d-2', { MUG: 1 })), item(order('d-2', { MUG: 2 })), item(order('d-1', { HOT: 1 }))]),
      );
      assert.deepEqual(outcomeKinds(results), ['duplicate', 'created', 'duplicate', 'conflict', 'conflict']);
      assert.equal((await queuedEvents(store, 'd-2')).filter((e) => e.type === 'order.created').length, 1);
      assert.equal((await activeReservations(store, 'd-2')).length, 1, 'one order line reserved once');
      assert.equal((await getOrderView(store, 'd-2'))?.decisions.length, 1);
    });

    it('routes the orders one at a time when the batch loses a reservation race, with no trace of the lost attempt', async () => {
      await seedStock(store, world.registry, { 'store-berlin': { RACE: 1 }, 'wh-munich': { RACE: 1 } });
      let reads = 0;
      // The first read reports a unit Berlin no longer has, as when another process took it meanwhile.
      const stale: StockPort = {
        ...world.deps.stock,
        async available(tx, skus, locationIds) {
          const snapshot = await world.deps.stock.available(tx, skus, locationIds);
          reads += 1;
          if (reads === 1) (snapshot.get('store-berlin') as Map<string, number> | undefined)?.set('RACE', 2);
          return snapshot;
        },
      };
      const results = await store.transaction((tx) => intakeOrders(tx, { ...world.deps, stock: stale }, [item(order('r-1', { RACE: 1 })), item(order('r-2', { RACE: 1 }))]));
      assert.deepEqual(outcomeKinds(results), ['created', 'created']);
      assert.ok(reads >= 3, 'routed again after the refusal');
      const reservations = [...(await activeReservations(store, 'r-1')), ...(await activeReservations(store, 'r-2'))].sort();
      assert.deepEqual(reservations, ['ln-1@store-berlin=1', 'ln-1@wh-munich=1']);
      for (const id of ['r-1', 'r-2']) {
        assert.equal((await getOrderView(store, id))?.decisions.length, 1, `${id} has one decision`);
        assert.deepEqual((await queuedEvents(store, id)).map((e) => e.type).filter((t) => t !== 'fulfillment.requested'), ['order.created', 'order.routed']);
      }
    });

    it('queues the events of the routing that holds, not of a race lost while routing one at a time', async () => {
      await seedStock(store, world.registry, { 'wh-munich': { LOST: 2 } });
      let reads = 0;
      // The batch's read and the first one-at-a-time read both report a unit Berlin no longer has.
      const stale: StockPort = {
        ...world.deps.stock,
        async available(tx, skus, locationIds) {
          const snapshot = (await world.deps.stock.available(tx, skus, locationIds)) as Map<string, Map<string, number>>;
          reads += 1;
          if (reads <= 2) snapshot.set('store-berlin', new Map([...(snapshot.get('store-berlin') ?? []), ['LOST', 1]]));
          return snapshot;
        },
      };
      const results = await store.transaction((tx) => intakeOrders(tx, { ...world.deps, stock: stale }, [item(order('l-1', { LOST: 1 })), item(order('l-2', { LOST: 1 }))]));
      assert.deepEqual(outcomeKinds(results), ['created', 'created']);
      assert.ok(reads >= 4, 'the first order lost a race again while routed alone');
      for (const id of ['l-1', 'l-2']) {
        const events = await queuedEvents(store, id);
        assert.deepEqual(events.map((e) => e.type).filter((t) => t !== 'fulfillment.requested'), ['order.created', 'order.routed'], `${id}: one routing announced`);
        const view = await getOrderView(store, id);
        assert.equal(events.filter((e) => e.type === 'fulfillment.requested').length, view?.fulfillments.length, `${id}: a request per stored fulfillment`);
        const routed = events.find((e) => e.type === 'order.routed')?.data['decision'] as { assignments: { locationId: string }[] } | undefined;
        assert.deepEqual(routed?.assignments.map((a) => a.locationId), view?.decisions.at(-1)?.decision.assignments.map((a) => a.locationId));
      }
    });

    it('takes concurrent submissions in together and settles each with its own outcome', async () => {
      const queue = new OrderIntakeQueue({ store, deps: world.deps, maxBatch: 4 });
      await queue.submit(item(order('q-0', { MUG: 1 })));
      const settled = await Promise.allSettled([
        ...Array.from({ length: 9 }, (_, i) => queue.submit(item(order(`q-${i + 1}`, { MUG: 1 })))),
        queue.submit(item(order('q-0', { HOT: 1 }))),
        queue.submit(item(order('q-0', { MUG: 1 }))),
      ]);
      await queue.idle();
      assert.deepEqual(
        settled.map((s) => (s.status === 'fulfilled' ? s.value.kind : s.reason instanceof HubError ? s.reason.code : 'error')),
        [...Array.from({ length: 9 }, () => 'created'), 'conflict', 'duplicate'],
      );
      assert.equal(queue.waiting, 0);
    });
  });
}
