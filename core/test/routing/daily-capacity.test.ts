import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import type { Store } from '../../src/store/store.ts';
import { putLocation } from '../../src/locations/index.ts';
import { applyRejected, cancelOrder, getOrderView, intakeOrder, sweepAcceptanceDeadlines } from '../../src/orders/index.ts';
import { order, seedStock, setUpWorld, type FlowWorld } from './support.ts';

for (const factory of STORE_FACTORIES) {
  describe(`daily capacity counts live work only on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let world: FlowWorld;
    const now = new Date();

    const intake = (id: string) => store.transaction((tx) => intakeOrder(tx, world.deps, { emit: world.emitter(tx), source: '/v1/orders', announce: true }, order(id, { ONLY: 1 })));
    const routedTo = async (id: string) => (await getOrderView(store, id))?.fulfillments.filter((f) => f.status === 'requested').map((f) => f.locationId);

    before(async () => {
      ({ store, dispose } = await factory.open());
      world = await setUpWorld(store, { clock: () => now });
      await store.transaction((tx) =>
        putLocation(tx, { id: 'store-tiny', name: 'Store Tiny', type: 'store', status: 'open', capabilities: ['ship-from-store'], geo: { lat: 52.5, lon: 13.4 }, dailyCapacity: 1, timeZone: 'Europe/Berlin' }),
      );
      world.deps.catalog.invalidate();
      await seedStock(store, world.registry, { 'store-tiny': { ONLY: 10 } });
    });
    after(async () => {
      await dispose();
    });

    it('gives the capacity back when an order is cancelled', async () => {
      await intake('cap-1');
      assert.deepEqual(await routedTo('cap-1'), ['store-tiny']);
      await cancelOrder(store, world.deps, world.emitter, { orderId: 'cap-1', reason: 'customer-request' });
      await intake('cap-2');
      const view = await getOrderView(store, 'cap-2');
      assert.equal(view?.status, 'routed', view?.decisions[0]?.decision.unassigned[0]?.detail);
      assert.deepEqual(await routedTo('cap-2'), ['store-tiny']);
    });

    it('gives the capacity back when the location rejects the request', async () => {
      const [request] = (await getOrderView(store, 'cap-2'))?.fulfillments ?? [];
      assert.ok(request);
      await store.transaction((tx) => applyRejected(tx, world.deps, world.emitter(tx), { fulfillmentId: request.id, reason: 'damaged' }));
      await intake('cap-3');
      assert.deepEqual(await routedTo('cap-3'), ['store-tiny']);
    });

    it('gives the capacity back when the request times out', async () => {
      const [request] = (await getOrderView(store, 'cap-3'))?.fulfillments ?? [];
      assert.ok(request?.acceptBy);
      assert.ok((await sweepAcceptanceDeadlines(store, world.deps, world.emitter, { now: new Date(Date.parse(request.acceptBy) + 1000) })) >= 1);
      assert.equal((await getOrderView(store, 'cap-3'))?.fulfillments[0]?.rejectionReason, 'timeout');
      await intake('cap-4');
      assert.deepEqual(await routedTo('cap-4'), ['store-tiny']);
      // Live work still counts: the capacity is used up again.
      await intake('cap-5');
      const full = await getOrderView(store, 'cap-5');
      assert.equal(full?.status, 'unfillable');
      assert.equal(full?.decisions[0]?.decision.unassigned[0]?.reason, 'capacity-exhausted');
    });
  });
}
