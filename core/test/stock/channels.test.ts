import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistry, type CloudEvent, type Row, type SqlExecutor } from '@omnihub/core';
import { STORE_FACTORIES, type TestStore } from '@omnihub/core/testing';
import {
  applyBuffer,
  deleteChannel,
  getChannel,
  inventoryOf,
  listChannels,
  publishAvailability,
  recordMovements,
  reserve,
  runChannelRefreshes,
  setChannel,
  toLedgerEntry,
  type LevelChangedData,
} from '../../src/stock/index.ts';
import { channel, freshSku, movement, record } from './support.ts';
import { OUTBOX_ENVELOPE } from '../../src/broker/outbox.ts';

const registry = await SchemaRegistry.load();

for (const factory of STORE_FACTORIES) {
  describe(`sales channels and fan-out on ${factory.name}`, () => {
    let t: TestStore;
    let n = 0;
    const ids = (): { web: string; market: string; pickup: string; a: string; b: string } => {
      n += 1;
      return { web: `web-${n}`, market: `market-${n}`, pickup: `pickup-${n}`, a: `store-a-${n}`, b: `dc-b-${n}` };
    };

    before(async () => {
      t = await factory.open();
    });
    after(async () => {
      await t.dispose();
    });

    /** The inventory.level.changed events queued for `sku`, oldest first. */
    async function published(sku: string): Promise<CloudEvent<LevelChangedData>[]> {
      const { rows } = await t.store.query<{ envelope: CloudEvent<LevelChangedData> }>(
        `select ${OUTBOX_ENVELOPE} as envelope from outbox where routing_key = 'inventory.level.changed' and envelope->>'subject' = $1 order by seq`,
        [sku],
      );
      return rows.map((row) => row.envelope);
    }

    const summary = (events: CloudEvent<LevelChangedData>[]): string[] =>
      events.map((e) => `${e.data.channelAvailability?.[0]?.channelId ?? '?'}=${e.data.channelAvailability?.[0]?.available ?? '?'}@${e.sequence ?? '?'}`);

    it('refuses a store pickup channel with two locations, a buffer below zero and no locations', async () => {
      const { a, b } = ids();
      await assert.rejects(channel(t.store, { id: 'bad', name: 'Bad', kind: 'store-pickup', locationIds: [a, b], buffer: { units: -1 } }), (error: unknown) => {
        const errors = (error as { errors?: { path: string }[] }).errors ?? [];
        return errors.some((e) => e.path === '/locationIds') && errors.some((e) => e.path === '/buffer/units');
      });
      await assert.rejects(channel(t.store, { id: 'bad2', name: 'Bad', kind: 'web', locationIds: [] }), /not valid/);
    });

    it('publishes each channel its pooled availability after its buffer, only when the value changes, with growing versions', async () => {
      const { web, market, pickup, a, b } = ids();
      await channel(t.store, { id: web, name: 'Web shop', kind: 'web', locationIds: [a, b], buffer: { units: 2 } });
      await channel(t.store, { id: market, name: 'Marketplace', kind: 'marketplace', locationIds: [a], buffer: { percent: 50 } });
      await channel(t.store, { id: pickup, name: 'Pickup A', kind: 'store-pickup', locationIds: [a] });
      const sku = freshSku('fanout');
      await record(t.store, movement({ sku, locationId: a, mode: 'absolute', quantity: 7, reason: 'count' }), movement({ sku, locationId: b, mode: 'absolute', quantity: 10, reason: 'count' }));
      // Not published by recordMovements alone: the consumer and the API publish in the same transaction.
      assert.deepEqual(await published(sku), []);
      await t.store.transaction(async (tx) => {
        const { publishAvailability } = await import('../../src/stock/index.ts');
        await publishAvailability(tx, [sku]);
      });
      assert.deepEqual(summary(await published(sku)).sort(), [`${market}=3@1`, `${pickup}=7@1`, `${web}=15@1`].sort());
      // A unit reserved at the DC moves the web shop (it pools both) and not the marketplace or pickup (store A only).
      await t.store.transaction((tx) => reserve(tx, { orderId: `o-${sku}`, lineId: 'l1', sku, locationId: b, quantity: 1 }));
      assert.deepEqual(summary((await published(sku)).slice(3)), [`${web}=14@2`]);
      // A reservation at A that leaves the marketplace's 50 % rounded to the same value is not published there.
      await t.store.transaction((tx) => reserve(tx, { orderId: `o-${sku}`, lineId: 'l2', sku, locationId: a, quantity: 1 }));
      assert.deepEqual(summary((await published(sku)).slice(4)).sort(), [`${pickup}=6@2`, `${web}=13@3`].sort());
      for (const event of await published(sku)) {
        const checked = registry.validate({ name: 'inventory.level.changed', version: 1 }, event.data);
        assert.equal(checked.valid, true, JSON.stringify(checked));
        assert.equal(event.partitionkey, `${event.data.channelAvailability?.[0]?.channelId ?? ''}/${sku}`);
        assert.equal(event.data.level.locationId, `channel:${event.data.channelAvailability?.[0]?.channelId ?? ''}`);
      }
    });

    it('locks a batch’s published rows with its positions when every position takes the plain-delta path, and publishes the same', async () => {
      const { web, pickup, a, b } = ids();
      await channel(t.store, { id: web, name: 'Web shop', kind: 'web', locationIds: [a, b] });
      await channel(t.store, { id: pickup, name: 'Pickup A', kind: 'store-pickup', locationIds: [a] });
      const [one, two, fresh] = [freshSku('lockwith'), freshSku('lockwith'), freshSku('lockwith')];
      await record(t.store, ...[one, two].flatMap((sku) => [movement({ sku, locationId: a, quantity: 4 }), movement({ sku, locationId: b, quantity: 6 })]));
      /** Records the movements and publishes, as the stock consumer does; returns what was locked early, the statements and the publications. */
      const apply = async (...movements: ReturnType<typeof movement>[]): Promise<{ locked: string[] | undefined; statements: number; published: string[] }> =>
        t.store.transaction(async (tx) => {
          let statements = 0;
          const counting: SqlExecutor = {
            query: <R extends Row = Row>(sql: string, params?: readonly unknown[]) => {
              statements += 1;
              return tx.query<R>(sql, params);
            },
            exec: (sql: string) => tx.exec(sql),
          };
          const recorded = await recordMovements(counting, movements.map((m) => toLedgerEntry(m)), { lockPublished: true });
          const changes = await publishAvailability(counting, recorded.skus, { locked: recorded.published });
          return {
            locked: recorded.published?.map((row) => `${row.channel_id}/${row.sku}@${row.version}`).sort(),
            statements,
            published: changes.map((c) => `${c.channelId}/${c.sku}=${c.available}@${c.version}`).sort(),
          };
        });
      // Existing positions, deltas only: locked with the positions, which the ledger insert's
      // statement updates, so three statements: ledger and positions, pooling, publication.
      const plain = await apply(movement({ sku: one, locationId: a, quantity: 1 }), movement({ sku: two, locationId: b, quantity: -2 }), movement({ sku: one, locationId: b, quantity: 3 }));
      assert.deepEqual(plain.locked, [`${pickup}/${one}@0`, `${pickup}/${two}@0`, `${web}/${one}@0`, `${web}/${two}@0`].sort());
      assert.equal(plain.statements, 3);
      assert.deepEqual(plain.published, [`${pickup}/${one}=5@1`, `${pickup}/${two}=4@1`, `${web}/${one}=14@1`, `${web}/${two}=8@1`].sort());
      // A new position takes the general path after the fast one: nothing locked early, the publication locks.
      const mixed = await apply(movement({ sku: one, locationId: a, quantity: 1 }), movement({ sku: fresh, locationId: a, quantity: 2 }));
      assert.equal(mixed.locked, undefined);
      assert.deepEqual(mixed.published, [`${pickup}/${fresh}=2@1`, `${pickup}/${one}=6@2`, `${web}/${fresh}=2@1`, `${web}/${one}=15@2`].sort());
      // A count is never on the fast path: the publication locks, and the values are the ledger's.
      const counted = await apply(movement({ sku: two, locationId: a, mode: 'absolute', quantity: 1, reason: 'count' }));
      assert.equal(counted.locked, undefined);
      assert.deepEqual(counted.published, [`${pickup}/${two}=1@2`, `${web}/${two}=5@2`].sort());
    });

    it('lets an oversold location take nothing from the others in a channel', async () => {
      const { web, a, b } = ids();
      await channel(t.store, { id: web, name: 'Web', kind: 'web', locationIds: [a, b] });
      const sku = freshSku('oversold');
      await record(t.store, movement({ sku, locationId: a, quantity: -3, reason: 'sale' }), movement({ sku, locationId: b, mode: 'absolute', quantity: 4, reason: 'count' }));
      const view = await inventoryOf(t.store, sku);
      assert.deepEqual(view.channels.map((c) => [c.channelId, c.pooled, c.available]), [[web, 4, 4]]);
      assert.deepEqual(view.locations.map((l) => [l.locationId, l.available]), [[a, -3], [b, 4]].sort());
    });

    it('recomputes every SKU of a channel after it changes, and forgets a deleted channel', async () => {
      const { web, a, b } = ids();
      const skus = [freshSku('refresh'), freshSku('refresh')];
      for (const sku of skus) await record(t.store, movement({ sku, locationId: a, mode: 'absolute', quantity: 5, reason: 'count' }), movement({ sku, locationId: b, mode: 'absolute', quantity: 1, reason: 'count' }));
      await channel(t.store, { id: web, name: 'Web', kind: 'web', locationIds: [a] });
      // Pages of one SKU; earlier tests' channels are refreshed too.
      assert.ok((await runChannelRefreshes(t.store, () => undefined, 1)) >= 2);
      for (const sku of skus) assert.deepEqual(summary(await published(sku)), [`${web}=5@1`]);
      await channel(t.store, { id: web, name: 'Web', kind: 'web', locationIds: [a, b], buffer: { percent: 100 } });
      await runChannelRefreshes(t.store);
      for (const sku of skus) assert.deepEqual(summary(await published(sku)), [`${web}=5@1`, `${web}=0@2`]);
      const stored = await getChannel(t.store, web);
      assert.deepEqual(stored?.locationIds, [a, b].sort());
      assert.deepEqual(stored?.buffer, { percent: 100 });
      assert.ok((await listChannels(t.store)).some((c) => c.id === web));
      assert.equal(await deleteChannel(t.store, web), true);
      assert.equal(await getChannel(t.store, web), undefined);
      const view = await inventoryOf(t.store, skus[0] ?? '');
      assert.equal(view.channels.some((c) => c.channelId === web), false);
    });

    it('applies buffers in whole units, rounding a percentage down', () => {
      assert.equal(applyBuffer(10, { units: 3 }), 7);
      assert.equal(applyBuffer(2, { units: 3 }), 0);
      assert.equal(applyBuffer(7, { percent: 12.5 }), 6);
      assert.equal(applyBuffer(-4, undefined), 0);
    });

    it('keeps the setChannel transaction atomic', async () => {
      const { web, a } = ids();
      await assert.rejects(
        t.store.transaction(async (tx) => {
          await setChannel(tx, { id: web, name: 'Web', kind: 'web', locationIds: [a] });
          throw new Error('rolled back');
        }),
        /rolled back/,
      );
      assert.equal(await getChannel(t.store, web), undefined);
    });
  });
}
