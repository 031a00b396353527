import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STORE_FACTORIES, type TestStore } from '@omnihub/core/testing';
import { consume, recordMovements, reserve, setStockSource, toLedgerEntry } from '../../src/stock/index.ts';
import { freshSku, movement, positionAt, record } from './support.ts';

const LOC = 'dc-hamburg';

for (const factory of STORE_FACTORIES) {
  describe(`stock ledger on ${factory.name}`, () => {
    let t: TestStore;

    before(async () => {
      t = await factory.open();
    });
    after(async () => {
      await t.dispose();
    });

    it('replaces on-hand with a count as of its time: later deltas re-applied, earlier ones ignored, whatever the arrival order', async () => {
      const sku = freshSku('count');
      const before = movement({ sku, locationId: LOC, quantity: -3, reason: 'sale', occurredAt: '2025-04-14T09:00:00Z' });
      const count = movement({ sku, locationId: LOC, mode: 'absolute', quantity: 40, reason: 'count', occurredAt: '2025-04-14T10:00:00Z' });
      const afterCount = movement({ sku, locationId: LOC, quantity: -2, reason: 'sale', occurredAt: '2025-04-14T10:05:00Z' });
      const olderCount = movement({ sku, locationId: LOC, mode: 'absolute', quantity: 7, reason: 'count', occurredAt: '2025-04-14T08:00:00Z' });
      // The newest count arrives first, the sale after it next, then the older sale and the older count.
      await record(t.store, count);
      await record(t.store, afterCount);
      await record(t.store, before);
      await record(t.store, olderCount);
      const position = await positionAt(t.store, sku, LOC);
      assert.equal(position.onHand, 38);
      assert.equal(position.available, 38);
      assert.equal(position.asOf, '2025-04-14T10:05:00.000Z');
    });

    it('keeps counts per bucket: safety stock and damaged reduce available, incoming does not', async () => {
      const sku = freshSku('buckets');
      await record(
        t.store,
        movement({ sku, locationId: LOC, mode: 'absolute', quantity: 20, reason: 'count' }),
        movement({ sku, locationId: LOC, mode: 'absolute', bucket: 'safetyStock', quantity: 3, reason: 'adjustment' }),
        movement({ sku, locationId: LOC, bucket: 'damaged', quantity: 2, reason: 'damage' }),
        movement({ sku, locationId: LOC, bucket: 'incoming', quantity: 50, reason: 'receipt' }),
      );
      const position = await positionAt(t.store, sku, LOC);
      assert.deepEqual(
        { onHand: position.onHand, safetyStock: position.safetyStock, damaged: position.damaged, incoming: position.incoming, available: position.available },
        { onHand: 20, safetyStock: 3, damaged: 2, incoming: 50, available: 15 },
      );
    });

    it('applies a movement id once: the same content is a duplicate, other content a conflict that changes nothing', async () => {
      const sku = freshSku('idempotent');
      const sale = movement({ sku, locationId: LOC, quantity: -1, reason: 'sale' });
      const results = await t.store.transaction((tx) =>
        recordMovements(tx, [toLedgerEntry(sale), toLedgerEntry({ ...sale }), toLedgerEntry({ ...sale, quantity: -5 })]),
      );
      assert.deepEqual(results.outcomes, ['applied', 'duplicate', 'conflict']);
      const again = await t.store.transaction((tx) => recordMovements(tx, [toLedgerEntry(sale), toLedgerEntry({ ...sale, quantity: -9 })]));
      assert.deepEqual(again.outcomes, ['duplicate', 'conflict']);
      assert.equal((await positionAt(t.store, sku, LOC)).onHand, -1);
    });

    it('takes a movement sent again with its times in another format as a duplicate, also when recorded with its times as sent', async () => {
      const sku = freshSku('instant');
      const sale = movement({ sku, locationId: LOC, quantity: -1, reason: 'sale', occurredAt: '2025-04-14T10:00:00Z', sourceEventTime: '2025-04-14T09:59:59.5Z' });
      const sameInstants = { ...sale, occurredAt: '2025-04-14T12:00:00.000+02:00', sourceEventTime: '2025-04-14T11:59:59.500000+02:00' };
      const first = await t.store.transaction((tx) => recordMovements(tx, [toLedgerEntry(sale), toLedgerEntry(sameInstants)]));
      assert.deepEqual(first.outcomes, ['applied', 'duplicate']);
      const again = await t.store.transaction((tx) => recordMovements(tx, [toLedgerEntry(sameInstants), toLedgerEntry({ ...sale, occurredAt: '2025-04-14T10:00:01Z' })]));
      assert.deepEqual(again.outcomes, ['duplicate', 'conflict']);
      // A row whose hash was taken of its times as sent still knows that movement sent unchanged.
      const older = movement({ sku, locationId: LOC, quantity: -2, reason: 'sale', occurredAt: '2025-04-14T11:00:00+01:00' });
      const entry = toLedgerEntry(older);
      await t.store.transaction((tx) => recordMovements(tx, [entry]));
      await t.store.query('update stock_movements set content_hash = $2 where movement_id = $1', [older.movementId, entry.asSentHash?.()]);
      const resent = await t.store.transaction((tx) => recordMovements(tx, [toLedgerEntry(older), toLedgerEntry({ ...older, quantity: -3 })]));
      assert.deepEqual(resent.outcomes, ['duplicate', 'conflict']);
      assert.equal((await positionAt(t.store, sku, LOC)).onHand, -3);
    });

    it('adds a batch of deltas to existing positions once, also when one of its movements was recorded before', async () => {
      const sku = freshSku('batch');
      await record(t.store, movement({ sku, locationId: LOC, mode: 'absolute', quantity: 10, reason: 'count', occurredAt: '2025-04-14T08:00:00Z' }));
      const first = movement({ sku, locationId: LOC, quantity: -1, reason: 'sale', occurredAt: '2025-04-14T09:00:00Z' });
      const second = movement({ sku, locationId: LOC, quantity: -2, reason: 'sale', occurredAt: '2025-04-14T09:01:00Z' });
      const third = movement({ sku, locationId: LOC, quantity: 5, reason: 'receipt', occurredAt: '2025-04-14T09:02:00Z' });
      // All new: ledger and positions in one statement.
      const fresh = await t.store.transaction((tx) => recordMovements(tx, [toLedgerEntry(first), toLedgerEntry(second)]));
      assert.deepEqual(fresh.outcomes, ['applied', 'applied']);
      assert.equal((await positionAt(t.store, sku, LOC)).onHand, 7);
      // One seen before: only the new one counts.
      const mixed = await t.store.transaction((tx) => recordMovements(tx, [toLedgerEntry(second), toLedgerEntry(third)]));
      assert.deepEqual(mixed.outcomes, ['duplicate', 'applied']);
      const position = await positionAt(t.store, sku, LOC);
      assert.equal(position.onHand, 12);
      assert.equal(position.asOf, '2025-04-14T09:02:00.000Z');
    });

    it('does not deduct the open orders twice when the ERP reports on-hand net of them (and shows what a physical reading would do)', async () => {
      // The hub committed 5 units to a web order; the ERP, which knows the order, then reports what
      // it has left to sell: 20 on the shelf − 5 for the order = 15. Read as physical stock, the hub
      // would subtract its 5 again and offer 10: the double deduction of magento/inventory#2725.
      await setStockSource(t.store, { id: 'netsuite-prod', semantics: 'net-of-open-orders' });
      const sku = freshSku('erp-net');
      const naive = freshSku('erp-misread');
      for (const s of [sku, naive]) {
        await record(t.store, movement({ sku: s, locationId: LOC, mode: 'absolute', quantity: 20, reason: 'count', sourceSystem: 'netsuite', occurredAt: '2025-04-14T06:00:00Z' }));
        const reserved = await t.store.transaction((tx) => reserve(tx, { orderId: `ord-${s}`, lineId: 'ln-1', sku: s, locationId: LOC, quantity: 5 }, { now: new Date('2025-04-14T07:00:00Z') }));
        assert.equal(reserved.ok, true);
      }
      await record(
        t.store,
        movement({ sku, locationId: LOC, mode: 'absolute', quantity: 15, reason: 'count', sourceSystem: 'netsuite', sourceInstanceId: 'netsuite-prod', occurredAt: '2025-04-14T08:00:00Z' }),
        movement({ sku: naive, locationId: LOC, mode: 'absolute', quantity: 15, reason: 'count', sourceSystem: 'netsuite', sourceInstanceId: 'netsuite-unconfigured', occurredAt: '2025-04-14T08:00:00Z' }),
      );
      const net = await positionAt(t.store, sku, LOC);
      assert.deepEqual({ onHand: net.onHand, committed: net.committed, available: net.available }, { onHand: 20, committed: 5, available: 15 });
      const misread = await positionAt(t.store, naive, LOC);
      assert.equal(misread.available, 10, 'a net figure read as physical is the double deduction');

      // The order ships: the commitment ends and the units leave; the ERP's next figure (nothing open) is 15 again.
      await t.store.transaction((tx) => consume(tx, { orderId: `ord-${sku}`, lineId: 'ln-1', locationId: LOC }, { now: new Date('2025-04-14T09:00:00Z') }));
      assert.equal((await positionAt(t.store, sku, LOC)).available, 15);
      await record(t.store, movement({ sku, locationId: LOC, mode: 'absolute', quantity: 15, reason: 'count', sourceSystem: 'netsuite', sourceInstanceId: 'netsuite-prod', occurredAt: '2025-04-14T10:00:00Z' }));
      const later = await positionAt(t.store, sku, LOC);
      assert.deepEqual({ onHand: later.onHand, committed: later.committed, available: later.available }, { onHand: 15, committed: 0, available: 15 });
    });

    it('treats a reported available bucket as net of open orders whatever the source', async () => {
      const sku = freshSku('available-bucket');
      await record(t.store, movement({ sku, locationId: LOC, mode: 'absolute', quantity: 30, reason: 'count', occurredAt: '2025-04-14T06:00:00Z' }));
      await t.store.transaction((tx) => reserve(tx, { orderId: `ord-${sku}`, lineId: 'ln-1', sku, locationId: LOC, quantity: 4 }, { now: new Date('2025-04-14T07:00:00Z') }));
      await record(t.store, movement({ sku, locationId: LOC, mode: 'absolute', bucket: 'available', quantity: 26, reason: 'count', occurredAt: '2025-04-14T08:00:00Z' }));
      const position = await positionAt(t.store, sku, LOC);
      assert.deepEqual({ onHand: position.onHand, available: position.available }, { onHand: 30, available: 26 });
    });

    it('takes units off on-hand once when the hub consumes a reservation and the POS reports the same sale, in either order', async () => {
      for (const posFirst of [false, true]) {
        const sku = freshSku(posFirst ? 'pos-first' : 'hub-first');
        const orderId = `ord-${sku}`;
        await record(t.store, movement({ sku, locationId: 'store-berlin', mode: 'absolute', quantity: 10, reason: 'count', occurredAt: '2025-04-14T06:00:00Z' }));
        await t.store.transaction((tx) => reserve(tx, { orderId, lineId: 'ln-1', sku, locationId: 'store-berlin', quantity: 2 }));
        const sale = movement({ sku, locationId: 'store-berlin', quantity: -2, reason: 'sale', reference: { orderId, lineId: 'ln-1' } });
        if (posFirst) await record(t.store, sale);
        await t.store.transaction((tx) => consume(tx, { orderId, lineId: 'ln-1', locationId: 'store-berlin' }));
        if (!posFirst) {
          assert.equal((await positionAt(t.store, sku, 'store-berlin')).onHand, 8, 'the hub takes the units off at once');
          await record(t.store, sale);
        }
        const position = await positionAt(t.store, sku, 'store-berlin');
        assert.deepEqual({ onHand: position.onHand, committed: position.committed, available: position.available }, { onHand: 8, committed: 0, available: 8 }, posFirst ? 'POS first' : 'hub first');
      }
    });
  });
}
