import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STORE_FACTORIES, type TestStore } from '@omnihub/core/testing';
import { availableToPromise, consume, release, releaseExpired, reservationsOfOrder, reserve, reserveMany, setBackorderLimit } from '../../src/stock/index.ts';
import { freshSku, movement, positionAt, record } from './support.ts';

const LOC = 'store-berlin';
const OTHER = 'dc-hamburg';

for (const factory of STORE_FACTORIES) {
  describe(`reservations on ${factory.name}`, () => {
    let t: TestStore;

    before(async () => {
      t = await factory.open();
    });
    after(async () => {
      await t.dispose();
    });

    async function stocked(label: string, units: number): Promise<string> {
      const sku = freshSku(label);
      await record(t.store, movement({ sku, locationId: LOC, mode: 'absolute', quantity: units, reason: 'count' }), movement({ sku, locationId: OTHER, mode: 'absolute', quantity: 2, reason: 'count' }));
      return sku;
    }

    it('reserves, refuses what is not there, and tells available to promise per location', async () => {
      const sku = await stocked('reserve', 5);
      const first = await t.store.transaction((tx) => reserve(tx, { orderId: 'o1', lineId: 'l1', sku, locationId: LOC, quantity: 3 }));
      assert.equal(first.ok, true);
      const refused = await t.store.transaction((tx) => reserve(tx, { orderId: 'o2', lineId: 'l1', sku, locationId: LOC, quantity: 3 }));
      assert.deepEqual(refused, { ok: false, reason: 'insufficient-stock', requested: 3, promisable: 2 });
      const atp = await t.store.transaction((tx) => availableToPromise(tx, sku, [LOC, OTHER, 'nowhere']));
      assert.deepEqual(atp, {
        sku,
        backorderUnits: 0,
        total: 4,
        locations: [
          { locationId: LOC, onHand: 5, available: 2, promisable: 2 },
          { locationId: OTHER, onHand: 2, available: 2, promisable: 2 },
          { locationId: 'nowhere', onHand: 0, available: 0, promisable: 0 },
        ],
      });
      const position = await positionAt(t.store, sku, LOC);
      assert.deepEqual({ committed: position.committed, available: position.available }, { committed: 3, available: 2 });
    });

    it('reserves several lines together or none of them, counting lines on one position one after the other', async () => {
      const sku = await stocked('many', 5);
      const first = { orderId: 'o-many', lineId: 'l1', sku, locationId: LOC, quantity: 3 };
      const second = { orderId: 'o-many', lineId: 'l2', sku, locationId: OTHER, quantity: 2 };
      const third = { orderId: 'o-many', lineId: 'l3', sku, locationId: LOC, quantity: 3 };
      const lines = [first, second, third];
      const refused = await t.store.transaction((tx) => reserveMany(tx, lines));
      assert.deepEqual(refused.map((r) => r.ok), [true, true, false]);
      assert.deepEqual(refused[2], { ok: false, reason: 'insufficient-stock', requested: 3, promisable: 2 });
      assert.deepEqual(await t.store.transaction((tx) => reservationsOfOrder(tx, 'o-many')), [], 'nothing written when one line is refused');
      assert.equal((await positionAt(t.store, sku, LOC)).committed, 0);
      const taken = await t.store.transaction((tx) => reserveMany(tx, [first, second, { ...third, quantity: 2 }]));
      assert.deepEqual(taken.map((r) => r.ok && !r.duplicate), [true, true, true]);
      const position = await positionAt(t.store, sku, LOC);
      assert.deepEqual({ committed: position.committed, available: position.available }, { committed: 5, available: 0 });
      assert.equal((await positionAt(t.store, sku, OTHER)).committed, 2);
      const again = await t.store.transaction((tx) => reserveMany(tx, [second]));
      assert.equal(again[0]?.ok === true && again[0].duplicate, true);
    });

    it('is idempotent per order line and location, and refuses a different request for an active reservation', async () => {
      const sku = await stocked('idempotent', 5);
      const request = { orderId: 'o-idem', lineId: 'l1', sku, locationId: LOC, quantity: 2 };
      await t.store.transaction((tx) => reserve(tx, request));
      const again = await t.store.transaction((tx) => reserve(tx, request));
      assert.equal(again.ok && again.duplicate, true);
      const other = await t.store.transaction((tx) => reserve(tx, { ...request, quantity: 4 }));
      assert.equal(!other.ok && other.reason, 'conflict');
      assert.equal((await positionAt(t.store, sku, LOC)).committed, 2);
    });

    it('releases and consumes, partly and wholly, and repeating either does nothing', async () => {
      const sku = await stocked('settle', 10);
      await t.store.transaction((tx) => reserve(tx, { orderId: 'o-set', lineId: 'l1', sku, locationId: LOC, quantity: 4 }));
      const part = await t.store.transaction((tx) => release(tx, { orderId: 'o-set', lineId: 'l1', locationId: LOC, quantity: 1 }));
      assert.equal(part.quantity, 1);
      assert.equal(part.reservation?.status, 'active');
      const consumed = await t.store.transaction((tx) => consume(tx, { orderId: 'o-set', lineId: 'l1', locationId: LOC }));
      assert.equal(consumed.quantity, 3);
      assert.equal(consumed.reservation?.status, 'consumed');
      assert.equal((await t.store.transaction((tx) => consume(tx, { orderId: 'o-set', lineId: 'l1', locationId: LOC }))).quantity, 0);
      assert.equal((await t.store.transaction((tx) => release(tx, { orderId: 'o-set', lineId: 'l1', locationId: LOC }))).quantity, 0);
      const position = await positionAt(t.store, sku, LOC);
      assert.deepEqual({ onHand: position.onHand, committed: position.committed, available: position.available }, { onHand: 7, committed: 0, available: 7 });
      const [reservation] = await reservationsOfOrder(t.store, 'o-set');
      assert.deepEqual({ quantity: reservation?.quantity, reservedQuantity: reservation?.reservedQuantity, status: reservation?.status }, { quantity: 0, reservedQuantity: 4, status: 'consumed' });
    });

    it('goes below zero only as far as the SKU backorder policy allows', async () => {
      const sku = await stocked('backorder', 1);
      await setBackorderLimit(t.store, sku, 2);
      assert.equal((await t.store.transaction((tx) => reserve(tx, { orderId: 'o-bo', lineId: 'l1', sku, locationId: LOC, quantity: 3 }))).ok, true);
      const beyond = await t.store.transaction((tx) => reserve(tx, { orderId: 'o-bo', lineId: 'l2', sku, locationId: LOC, quantity: 1 }));
      assert.equal(beyond.ok, false);
      assert.equal((await positionAt(t.store, sku, LOC)).available, -2);
      await setBackorderLimit(t.store, sku, null);
      const atp = await t.store.transaction((tx) => availableToPromise(tx, sku, [LOC]));
      assert.equal(atp.locations[0]?.promisable, 0);
    });

    it('holds cart units in the reserved bucket until they expire, then the sweeper gives them back once', async () => {
      const sku = await stocked('hold', 4);
      const now = new Date();
      await t.store.transaction((tx) => reserve(tx, { orderId: 'cart-1', lineId: 'l1', sku, locationId: LOC, quantity: 3, expiresAt: new Date(now.getTime() + 60_000) }));
      let position = await positionAt(t.store, sku, LOC);
      assert.deepEqual({ reserved: position.reserved, committed: position.committed, available: position.available }, { reserved: 3, committed: 0, available: 1 });
      assert.equal(await releaseExpired(t.store, { now }), 0);
      const later = new Date(now.getTime() + 61_000);
      const [a, b] = await Promise.all([releaseExpired(t.store, { now: later }), releaseExpired(t.store, { now: later })]);
      assert.equal((a ?? 0) + (b ?? 0), 1, 'released once by two sweepers');
      position = await positionAt(t.store, sku, LOC);
      assert.deepEqual({ reserved: position.reserved, available: position.available }, { reserved: 0, available: 4 });
      const [hold] = await reservationsOfOrder(t.store, 'cart-1');
      assert.equal(hold?.status, 'expired');
    });

    it('locks positions without writing a new version of them, and creates the missing ones', async () => {
      const sku = await stocked('lock', 5);
      const version = async (locationId: string): Promise<string | undefined> =>
        (await t.store.query<{ v: string }>('select xmin::text as v from stock_positions where sku = $1 and location_id = $2', [sku, locationId])).rows[0]?.v;
      const before = await version(LOC);
      const refused = await t.store.transaction((tx) => reserveMany(tx, [{ orderId: 'o-lock', lineId: 'l1', sku, locationId: LOC, quantity: 9 }, { orderId: 'o-lock', lineId: 'l2', sku, locationId: 'store-new', quantity: 1 }]));
      assert.deepEqual(refused.map((r) => r.ok), [false, false]);
      assert.equal(await version(LOC), before, 'a refused reservation leaves the locked position as it was');
      assert.notEqual(await version('store-new'), undefined, 'the missing position was created');
      const taken = await t.store.transaction((tx) => reserve(tx, { orderId: 'o-lock', lineId: 'l1', sku, locationId: LOC, quantity: 2 }));
      assert.equal(taken.ok, true);
      assert.equal((await positionAt(t.store, sku, LOC)).committed, 2, 'the position read under the lock is the current one');
    });

    it('refuses a quantity that is not a whole positive number', async () => {
      const sku = await stocked('bad-quantity', 4);
      await assert.rejects(
        t.store.transaction((tx) => reserve(tx, { orderId: 'o-bad', lineId: 'l1', sku, locationId: LOC, quantity: 0 })),
        (error: unknown) => error instanceof Error && /quantity must be a whole number/.test(error.message),
      );
    });
  });
}
