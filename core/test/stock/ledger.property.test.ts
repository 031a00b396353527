import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { STORE_FACTORIES, type TestStore } from '@omnihub/core/testing';
import { orderKey, positionsOfSku, recordMovements, setStockSource, toLedgerEntry, type LedgerEntry, type SourceSemantics, type StockMovement } from '../../src/stock/index.ts';
import { referencePosition } from './reference-model.ts';

/** The same few instants written with different offsets and precision, so ties and normalization are exercised. */
const TIMES = [
  '2025-04-14T10:00:00Z',
  '2025-04-14T12:00:00+02:00',
  '2025-04-14T10:00:00.000001Z',
  '2025-04-14T10:00:01.5Z',
  '2025-04-14T05:30:01.500-04:30',
  '2025-04-14T10:00:02Z',
  '2025-04-14T10:00:03.123456789Z',
] as const;

const SOURCES = new Map<string, SourceSemantics>([['erp-net', 'net-of-open-orders']]);

interface Draft {
  mode: 'delta' | 'absolute';
  bucket: NonNullable<StockMovement['bucket']>;
  quantity: number;
  occurredAt: string;
  sourceEventTime: string | undefined;
  sourceSequence: number | string | undefined;
  source: 'pos' | 'erp-net' | 'erp-physical';
  line: 'none' | 'sale' | 'provisional';
}

const draft: fc.Arbitrary<Draft> = fc
  .record({
    mode: fc.constantFrom('delta' as const, 'absolute' as const),
    bucket: fc.constantFrom('onHand' as const, 'available' as const, 'committed' as const, 'reserved' as const, 'incoming' as const, 'safetyStock' as const, 'damaged' as const),
    delta: fc.integer({ min: -5, max: 5 }),
    count: fc.integer({ min: 0, max: 40 }),
    occurredAt: fc.constantFrom(...TIMES),
    sourceEventTime: fc.option(fc.constantFrom(...TIMES), { nil: undefined }),
    sourceSequence: fc.option(fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constantFrom('a', 'b', 'b1')), { nil: undefined }),
    source: fc.constantFrom('pos' as const, 'erp-net' as const, 'erp-physical' as const),
    line: fc.constantFrom('none' as const, 'none' as const, 'sale' as const, 'provisional' as const),
  })
  .map((d) => {
    const mode = d.bucket === 'committed' || d.bucket === 'reserved' || d.line !== 'none' ? 'delta' : d.mode;
    const bucket = d.line === 'none' ? d.bucket : 'onHand';
    return { ...d, mode, bucket, quantity: mode === 'absolute' ? d.count : d.line === 'none' ? d.delta : -Math.abs(d.delta) - 1 };
  });

/** Movements of one SKU at two locations, with the same order lines reported by the POS and provisionally by the hub. */
function entriesOf(sku: string, drafts: readonly Draft[]): LedgerEntry[] {
  return drafts.map((d, i) => {
    const movement: StockMovement = {
      movementId: `${sku}-m${i}`,
      sku,
      locationId: i % 3 === 0 ? 'loc-b' : 'loc-a',
      mode: d.mode,
      bucket: d.bucket,
      quantity: d.quantity,
      reason: d.line === 'sale' ? 'sale' : d.line === 'provisional' ? 'fulfillment' : 'adjustment',
      sourceSystem: d.line === 'provisional' ? 'omnihub' : d.source === 'pos' ? 'square' : 'netsuite',
      ...(d.line === 'provisional' || d.source === 'pos' ? {} : { sourceInstanceId: d.source }),
      occurredAt: d.occurredAt,
      ...(d.sourceEventTime === undefined ? {} : { sourceEventTime: d.sourceEventTime }),
      ...(d.sourceSequence === undefined ? {} : { sourceSequence: d.sourceSequence }),
      ...(d.line === 'none' ? {} : { reference: { orderId: `ord-${i % 2}`, lineId: 'ln-1' } }),
    };
    return toLedgerEntry(movement, { provisional: d.line === 'provisional' });
  });
}

/** A delivery: every entry at least once, some twice, in a shuffled order, cut into transactions. */
const delivery = (count: number): fc.Arbitrary<{ order: number[]; cuts: number[] }> =>
  fc
    .record({
      repeats: fc.array(fc.nat({ max: Math.max(0, count - 1) }), { maxLength: count }),
      keys: fc.array(fc.double({ noNaN: true }), { minLength: count * 2, maxLength: count * 2 }),
      cuts: fc.array(fc.nat({ max: count * 2 }), { maxLength: 6 }),
    })
    .map(({ repeats, keys, cuts }) => {
      const sent = [...Array.from({ length: count }, (_, i) => i), ...repeats.filter((i) => i < count)];
      const order = sent.map((index, i) => ({ index, key: keys[i] ?? 0 })).sort((a, b) => a.key - b.key).map((x) => x.index);
      return { order, cuts: [...new Set(cuts)].sort((a, b) => a - b) };
    });

for (const factory of STORE_FACTORIES) {
  describe(`stock ledger properties on ${factory.name}`, () => {
    let t: TestStore;
    let run = 0;

    before(async () => {
      t = await factory.open();
      await setStockSource(t.store, { id: 'erp-net', semantics: 'net-of-open-orders' });
    });
    after(async () => {
      await t.dispose();
    });

    async function deliver(entries: LedgerEntry[], plan: { order: number[]; cuts: number[] }): Promise<void> {
      const sent = plan.order.map((i) => entries[i]).filter((e): e is LedgerEntry => e !== undefined);
      let start = 0;
      for (const cut of [...plan.cuts, sent.length]) {
        const batch = sent.slice(start, Math.max(start, cut));
        start = Math.max(start, cut);
        if (batch.length > 0) await t.store.transaction((tx) => recordMovements(tx, batch));
      }
    }

    it('ends in the reference position whatever the order, duplicates and batching, and the same as in order', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(draft, { minLength: 1, maxLength: 24 }).chain((drafts) => fc.tuple(fc.constant(drafts), delivery(drafts.length))),
          async ([drafts, plan]) => {
            run += 1;
            const shuffledSku = `prop-${run}-shuffled`;
            const orderedSku = `prop-${run}-ordered`;
            const shuffled = entriesOf(shuffledSku, drafts);
            const ordered = entriesOf(orderedSku, drafts);
            await deliver(shuffled, plan);
            // The same movements in ordering-key order, one transaction each, no duplicates.
            const byKey = [...ordered].sort((a, b) => (a.orderKey < b.orderKey ? -1 : 1));
            for (const entry of byKey) await t.store.transaction((tx) => recordMovements(tx, [entry]));
            const [got, inOrder] = await Promise.all([positionsOfSku(t.store, shuffledSku), positionsOfSku(t.store, orderedSku)]);
            for (const location of ['loc-a', 'loc-b']) {
              const expected = referencePosition(shuffled.filter((e) => e.locationId === location), SOURCES);
              const actual = got.find((p) => p.locationId === location);
              const actualInOrder = inOrder.find((p) => p.locationId === location);
              if (actual === undefined) {
                assert.ok(shuffled.every((e) => e.locationId !== location));
                continue;
              }
              const pick = (p: typeof actual): Record<string, number> => ({ onHand: p.onHand, committed: p.committed, reserved: p.reserved, incoming: p.incoming, safetyStock: p.safetyStock, damaged: p.damaged });
              assert.deepEqual(pick(actual), { ...expected }, `${location} after shuffled delivery`);
              assert.ok(actualInOrder !== undefined);
              assert.deepEqual(pick(actualInOrder), pick(actual), `${location} in order equals shuffled`);
              assert.equal(actual.available, expected.onHand - expected.committed - expected.reserved - expected.safetyStock - expected.damaged);
            }
          },
        ),
        { numRuns: factory.name === 'pglite' ? 200 : 100 },
      );
    });

    it('orders by occurredAt across offsets, then source event time, then sequence, then id', () => {
      const key = (occurredAt: string, extra: Partial<{ sourceEventTime: string; sourceSequence: number | string; movementId: string }> = {}): string =>
        orderKey({ occurredAt, movementId: extra.movementId ?? 'm', ...extra });
      assert.equal(key('2025-04-14T12:00:00+02:00'), key('2025-04-14T10:00:00Z'));
      assert.ok(key('2025-04-14T10:00:00Z') < key('2025-04-14T10:00:00.000000001Z'));
      assert.ok(key('2025-04-14T10:00:00Z', { sourceSequence: 9 }) < key('2025-04-14T10:00:00Z', { sourceSequence: 10 }));
      assert.ok(key('2025-04-14T10:00:00Z', { sourceSequence: 'b' }) < key('2025-04-14T10:00:00Z', { sourceSequence: 'b1' }));
      assert.ok(key('2025-04-14T09:59:59.999Z', { sourceSequence: 99 }) < key('2025-04-14T10:00:00Z', { sourceSequence: 1 }));
    });
  });
}
