import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import type { Store } from '../../src/store/store.ts';
import { insertOrders } from '../../src/orders/order-store.ts';
import { orderDecisions, routeOrder, saveDecision, type RoutingOutcome } from '../../src/routing/index.ts';
import { NETWORK, order, SHIP_PROFILE } from './support.ts';

/** A decision over the test network where one location is paused (excluded before any rating). */
function decide(orderId: string, attempt: number): RoutingOutcome {
  const locations = NETWORK.map((location) => (location.id === 'wh-munich' ? { ...location, status: 'paused' as const } : location));
  return routeOrder({
    decisionId: `rd-${orderId}-${attempt}`,
    decidedAt: '2025-04-14T10:00:00Z',
    attempt,
    order: { id: orderId, deliveryMethod: 'ship', destination: { geo: { lat: 52.52, lon: 13.405 }, country: 'DE' }, lines: [{ lineId: 'ln-1', sku: 'JKT', quantity: 2 }, { lineId: 'ln-2', sku: 'CAP', quantity: 1 }] },
    profile: { id: 'ship', version: 1, definition: { ...SHIP_PROFILE, explain: { detailedCandidates: 1 } } },
    locations,
    stock: new Map([
      ['dc-hamburg', new Map([['JKT', 5]])],
      ['store-berlin', new Map([['CAP', 1], ['JKT', 1]])],
    ]),
    load: new Map(),
    excluded: attempt > 1 ? new Map([['store-potsdam', 'rejected:out-of-stock']]) : undefined,
  });
}

for (const factory of STORE_FACTORIES) {
  describe(`routing decision store on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;

    before(async () => {
      ({ store, dispose } = await factory.open());
      await store.transaction((tx) => insertOrders(tx, [order('o-stored', { JKT: 2, CAP: 1 }), order('o-legacy', { JKT: 1 })].map((o) => ({ order: o, origin: { source: 'test' } }))));
    });
    after(async () => {
      await dispose();
    });

    it('gives back every decision of an order as it was decided, candidates and all, first attempt first', async () => {
      const first = decide('o-stored', 1);
      const second = decide('o-stored', 2);
      assert.ok(first.decision.candidates.some((c) => c.scores.length === 0 && c.excluded), 'a candidate excluded before rating');
      assert.ok(first.decision.candidates.some((c) => c.scores.some((s) => s.detail !== undefined)), 'a detailed candidate');
      await store.transaction(async (tx) => {
        await saveDecision(tx, second);
        await saveDecision(tx, first);
      });
      assert.deepEqual(await orderDecisions(store, 'o-stored'), [first, second]);
    });

    it('reads a decision stored with its candidates inline, as decisions were stored before they were packed', async () => {
      const { decision, explanation } = decide('o-legacy', 1);
      await store.query(
        `insert into routing_decisions (id, order_id, attempt, profile_id, profile_version, decision, explanation, decided_at)
         values ($1, 'o-legacy', 1, 'ship', 1, $2::json, $3::json, $4::timestamptz)`,
        [decision.id, JSON.stringify(decision), JSON.stringify(explanation), decision.decidedAt],
      );
      assert.deepEqual(await orderDecisions(store, 'o-legacy'), [{ decision, explanation }]);
    });
  });
}
