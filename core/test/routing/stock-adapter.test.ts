import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import type { Store } from '../../src/store/store.ts';
import { setBackorderLimit } from '../../src/stock/reservations.ts';
import { stockSyncPort } from '../../src/routing/index.ts';
import { seedStock, setUpWorld } from './support.ts';

for (const factory of STORE_FACTORIES) {
  describe(`stock port on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await factory.open());
      const world = await setUpWorld(store);
      await seedStock(store, world.registry, { 'dc-hamburg': { JKT: 3, SCK: 0, CAP: 2 }, 'store-berlin': { JKT: 1 } });
      await setBackorderLimit(store, 'SCK', 4);
      await setBackorderLimit(store, 'CAP', 1);
    });
    after(async () => {
      await dispose();
    });

    it('reads what each location can promise: available plus the SKU backorder allowance, only what is above zero', async () => {
      const snapshot = await store.transaction((tx) => stockSyncPort.available(tx, ['JKT', 'SCK', 'CAP', 'NONE'], ['dc-hamburg', 'store-berlin', 'wh-munich']));
      const read = Object.fromEntries([...snapshot].map(([location, held]) => [location, Object.fromEntries([...held].sort())]));
      assert.deepEqual(read, { 'dc-hamburg': { CAP: 3, JKT: 3, SCK: 4 }, 'store-berlin': { JKT: 1 } });
    });
  });
}
