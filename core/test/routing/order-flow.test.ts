import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import type { Store } from '../../src/store/store.ts';
import { HubError } from '../../src/errors/hub-error.ts';
import { reserve } from '../../src/stock/reservations.ts';
import { deactivateProfile, stockSyncPort, type StockPort } from '../../src/routing/index.ts';
import {
  applyAccepted,
  applyReadyForPickup,
  applyRejected,
  applyShipped,
  cancelOrder,
  CANCEL_STEPS,
  defineStep,
  getOrderView,
  intakeOrder,
  simulateOrders,
  StepFailure,
  sweepAcceptanceDeadlines,
  type CancelContext,
  type OrderFlowDeps,
} from '../../src/orders/index.ts';
import { activeReservations, order, pickupOrder, queuedEvents, seedStock, setUpWorld, type FlowWorld } from './support.ts';

for (const factory of STORE_FACTORIES) {
  describe(`order flow on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let world: FlowWorld;
    const now = new Date();

    const intake = (o: ReturnType<typeof order>, deps: OrderFlowDeps = world.deps) =>
      store.transaction((tx) => intakeOrder(tx, deps, { emit: world.emitter(tx), source: '/v1/orders', announce: true }, o));

    before(async () => {
      ({ store, dispose } = await factory.open());
      world = await setUpWorld(store, { clock: () => now });
      await seedStock(store, world.registry, {
        'dc-hamburg': { JKT: 20, SCK: 5 },
        'store-berlin': { TSH: 3, SCK: 2 },
        'store-potsdam': { TSH: 1, CAP: 4 },
        'wh-munich': { TSH: 50, JKT: 5, CAP: 10 },
      });
    });
    after(async () => {
      await dispose();
    });

    it('routes an order no single location holds to the fewest locations, reserves and dispatches it', async () => {
      // TSH 2 + JKT 1 + SCK 1: no location holds all three. Two suffice: Berlin (TSH, SCK) with
      // Hamburg (JKT, SCK) or with Munich (TSH, JKT); Munich covers more of the order, and stock
      // weighs most in this profile, so Berlin + Munich wins.
      assert.equal((await intake(order('o-split', { TSH: 2, JKT: 1, SCK: 1 }))).kind, 'created');
      const view = await getOrderView(store, 'o-split');
      assert.ok(view);
      const decision = view.decisions[0]?.decision;
      assert.equal(decision?.splitCount, 2);
      assert.deepEqual(
        decision?.assignments.map((a) => `${a.lineId}@${a.locationId}=${a.quantity}`),
        ['ln-1@store-berlin=2', 'ln-2@wh-munich=1', 'ln-3@store-berlin=1'],
      );
      assert.equal(decision?.profile.id, 'test-ship');
      assert.equal(view.status, 'routed');
      assert.equal(view.customerStatus, 'OrderProcessing');
      assert.equal(view.order.status, 'processing');
      assert.deepEqual(await activeReservations(store, 'o-split'), ['ln-1@store-berlin=2', 'ln-2@wh-munich=1', 'ln-3@store-berlin=1']);
      assert.deepEqual(
        view.fulfillments.map((f) => [f.locationId, f.status, f.deliveryMethod, f.lines.length]),
        [
          ['store-berlin', 'requested', 'ship-from-store', 2],
          ['wh-munich', 'requested', 'ship', 1],
        ],
      );
      const events = await queuedEvents(store, 'o-split');
      assert.deepEqual(
        events.map((e) => e.type),
        ['order.created', 'order.routed', 'fulfillment.requested', 'fulfillment.requested'],
      );
      assert.deepEqual(view.statusHistory.map((h) => h.event), ['received', 'routed']);
    });

    it('takes the same order once and refuses another order under the same id', async () => {
      assert.equal((await intake(order('o-split', { TSH: 2, JKT: 1, SCK: 1 }))).kind, 'duplicate');
      await assert.rejects(intake(order('o-split', { TSH: 1 })), (error: unknown) => error instanceof HubError && error.code === 'conflict');
      assert.equal((await getOrderView(store, 'o-split'))?.decisions.length, 1);
    });

    it('routes again when a reservation loses a race to another order', async () => {
      await seedStock(store, world.registry, { 'store-potsdam': { RACE: 1 }, 'wh-munich': { RACE: 1 } });
      let raced = false;
      // Right after routing read the stock, another order takes Potsdam's unit.
      const racing: StockPort = {
        ...stockSyncPort,
        async available(tx, skus, ids) {
          const snapshot = await stockSyncPort.available(tx, skus, ids);
          if (!raced && skus.includes('RACE')) {
            raced = true;
            const taken = await reserve(tx, { orderId: 'o-rival', lineId: 'ln-1', sku: 'RACE', locationId: 'store-potsdam', quantity: 1 });
            assert.equal(taken.ok, true);
          }
          return snapshot;
        },
      };
      await intake(order('o-race', { RACE: 1 }), { ...world.deps, stock: racing });
      assert.equal(raced, true);
      assert.deepEqual(await activeReservations(store, 'o-race'), ['ln-1@wh-munich=1']);
      assert.deepEqual(await activeReservations(store, 'o-rival'), ['ln-1@store-potsdam=1']);
    });

    it('re-routes the lines a location rejects to the next best location, without it', async () => {
      await intake(order('o-reject', { CAP: 2 }));
      const first = await getOrderView(store, 'o-reject');
      const potsdam = first?.fulfillments.find((f) => f.locationId === 'store-potsdam');
      assert.ok(potsdam, 'Potsdam is nearest with CAP');
      const applied = await store.transaction((tx) => applyRejected(tx, world.deps, world.emitter(tx), { fulfillmentId: potsdam.id, reason: 'out-of-stock', detail: 'not on the shelf', lineIds: ['ln-1'] }));
      assert.equal(applied, 'applied');
      const view = await getOrderView(store, 'o-reject');
      assert.equal(view?.decisions.length, 2);
      const second = view?.decisions[1]?.decision;
      assert.equal(second?.attempt, 2);
      assert.deepEqual(second?.assignments.map((a) => a.locationId), ['wh-munich']);
      assert.deepEqual(second?.candidates.find((c) => c.locationId === 'store-potsdam')?.exclusionReasons, ['rejected:out-of-stock']);
      assert.deepEqual(await activeReservations(store, 'o-reject'), ['ln-1@wh-munich=2']);
      assert.deepEqual(view?.excludedLocations, { 'store-potsdam': 'rejected:out-of-stock' });
      assert.equal(view?.fulfillments.find((f) => f.id === potsdam.id)?.status, 'rejected');
      assert.equal(view?.statusHistory.at(-1)?.event, 'fulfillment-rejected');
      // The same rejection again changes nothing.
      assert.equal(await store.transaction((tx) => applyRejected(tx, world.deps, world.emitter(tx), { fulfillmentId: potsdam.id, reason: 'out-of-stock' })), 'ignored');
    });

    it('moves fulfillments through acceptance, shipment and pickup, consuming reservations', async () => {
      await intake(order('o-ship', { JKT: 1 }));
      const [hamburg] = (await getOrderView(store, 'o-ship'))?.fulfillments ?? [];
      assert.ok(hamburg);
      assert.equal(await store.transaction((tx) => applyAccepted(tx, hamburg.id)), 'applied');
      assert.equal((await getOrderView(store, 'o-ship'))?.status, 'in-fulfillment');
      const shipment = { id: 'shp-1', fulfillmentId: hamburg.id, carrier: 'DHL', shippedAt: new Date().toISOString(), lines: [{ lineId: 'ln-1', quantity: 1 }] as [{ lineId: string; quantity: number }] };
      // More units than the line has are refused with the field at fault, and nothing changes.
      const tooMany = { ...shipment, id: 'shp-0', lines: [{ lineId: 'ln-1', quantity: 5 }] as [{ lineId: string; quantity: number }] };
      await assert.rejects(store.transaction((tx) => applyShipped(tx, world.deps, hamburg.id, tooMany)), (e: unknown) => e instanceof HubError && e.code === 'validation-failed' && e.errors[0]?.path === '/data/shipment/lines/0/quantity');
      assert.equal((await getOrderView(store, 'o-ship'))?.status, 'in-fulfillment');
      assert.equal(await store.transaction((tx) => applyShipped(tx, world.deps, hamburg.id, shipment)), 'applied');
      const shipped = await getOrderView(store, 'o-ship');
      assert.equal(shipped?.status, 'shipped');
      assert.equal(shipped?.customerStatus, 'OrderInTransit');
      assert.deepEqual(await activeReservations(store, 'o-ship'), []);
      const { rows } = await store.query<{ status: string }>("select status from stock_reservations where order_id = 'o-ship'");
      assert.deepEqual(rows.map((r) => r.status), ['consumed']);

      await intake(pickupOrder('o-pick', { SCK: 1 }, 'store-berlin'));
      const [berlin] = (await getOrderView(store, 'o-pick'))?.fulfillments ?? [];
      assert.equal(berlin?.locationId, 'store-berlin');
      assert.equal(berlin?.deliveryMethod, 'pickup');
      assert.equal(await store.transaction((tx) => applyReadyForPickup(tx, world.deps, berlin.id)), 'applied');
      const ready = await getOrderView(store, 'o-pick');
      assert.equal(ready?.status, 'ready-for-pickup');
      assert.equal(ready?.customerStatus, 'OrderPickupAvailable');
    });

    it('keeps a request open until its parcels carry every unit, and the order partly shipped until then', async () => {
      await intake(order('o-part', { JKT: 2 }));
      const [request] = (await getOrderView(store, 'o-part'))?.fulfillments ?? [];
      assert.ok(request);
      const parcel = (id: string) => ({ id, fulfillmentId: request.id, carrier: 'DHL', shippedAt: new Date().toISOString(), lines: [{ lineId: 'ln-1', quantity: 1 }] as [{ lineId: string; quantity: number }] });
      // The first parcel arrives before any acceptance: it accepts the request, which stays open.
      assert.equal(await store.transaction((tx) => applyShipped(tx, world.deps, request.id, parcel('shp-p1'))), 'applied');
      const partly = await getOrderView(store, 'o-part');
      assert.equal(partly?.fulfillments[0]?.status, 'accepted');
      assert.equal(partly?.status, 'partially-shipped');
      assert.equal((await activeReservations(store, 'o-part')).length, 1, 'the unit not shipped stays reserved');
      await assert.rejects(
        cancelOrder(store, world.deps, world.emitter, { orderId: 'o-part', reason: 'customer-request' }),
        (e: unknown) => e instanceof HubError && e.code === 'conflict' && /dc-hamburg is partly shipped/.test(e.message),
      );
      assert.equal(await store.transaction((tx) => applyShipped(tx, world.deps, request.id, parcel('shp-p2'))), 'applied');
      const shipped = await getOrderView(store, 'o-part');
      assert.equal(shipped?.fulfillments[0]?.status, 'shipped');
      assert.equal(shipped?.status, 'shipped');
      assert.deepEqual(await activeReservations(store, 'o-part'), []);
    });

    it('proposes the nearest stores holding every line when the pickup store lacks one', async () => {
      await intake(pickupOrder('o-pick-alt', { TSH: 1, CAP: 1 }, 'store-berlin'));
      const view = await getOrderView(store, 'o-pick-alt');
      assert.equal(view?.status, 'unfillable');
      assert.equal(view?.customerStatus, 'OrderProblem');
      assert.equal(view?.fulfillments.length, 0);
      assert.deepEqual(await activeReservations(store, 'o-pick-alt'), []);
      assert.deepEqual(view?.decisions[0]?.explanation.pickupAlternatives?.map((a) => a.locationId), ['store-potsdam']);
    });

    it('re-routes requests not accepted before their deadline and withdraws them', async () => {
      await intake(order('o-late', { CAP: 1 }));
      const [first] = (await getOrderView(store, 'o-late'))?.fulfillments ?? [];
      assert.ok(first?.acceptBy);
      assert.equal(await sweepAcceptanceDeadlines(store, world.deps, world.emitter, { now: new Date(Date.parse(first.acceptBy) - 1000) }), 0);
      // Every request still waiting from this suite is overdue by then, this one among them.
      assert.ok((await sweepAcceptanceDeadlines(store, world.deps, world.emitter, { now: new Date(Date.parse(first.acceptBy) + 1000) })) >= 1);
      const view = await getOrderView(store, 'o-late');
      assert.equal(view?.fulfillments.find((f) => f.id === first.id)?.rejectionReason, 'timeout');
      assert.equal(view?.decisions.length, 2);
      assert.notEqual(view?.decisions[1]?.decision.assignments[0]?.locationId, first.locationId);
      const withdrawn = (await queuedEvents(store, 'o-late')).filter((e) => e.type === 'fulfillment.rejected');
      assert.equal(withdrawn.length, 1);
      assert.equal(withdrawn[0]?.data['reason'], 'timeout');

      // The location ships anyway, late: nothing changes, and the order's history says so.
      const late = { id: 'shp-late', fulfillmentId: first.id, carrier: 'DHL', shippedAt: new Date().toISOString(), lines: [{ lineId: 'ln-1', quantity: 1 }] as [{ lineId: string; quantity: number }] };
      assert.equal(await store.transaction((tx) => applyShipped(tx, world.deps, first.id, late)), 'ignored');
      const after = await getOrderView(store, 'o-late');
      assert.equal(after?.status, view?.status);
      assert.equal(after?.fulfillments.find((f) => f.id === first.id)?.status, 'rejected');
      const note = after?.statusHistory.at(-1);
      assert.equal(note?.event, 'withdrawn-request-updated');
      assert.equal(note?.detail, `${first.locationId} reported shipment shp-late for request ${first.id}, which was withdrawn after its acceptance deadline: nothing was changed; check that the units are not sent twice`);
    });

    it('cancels an order: reservations released, requests cancelled, order.cancelled emitted', async () => {
      await intake(order('o-cancel', { JKT: 2, TSH: 1 }));
      assert.equal((await activeReservations(store, 'o-cancel')).length, 2);
      assert.equal(await cancelOrder(store, world.deps, world.emitter, { orderId: 'o-cancel', reason: 'customer-request' }), 'cancelled');
      const view = await getOrderView(store, 'o-cancel');
      assert.equal(view?.status, 'cancelled');
      assert.equal(view?.order.status, 'cancelled');
      assert.deepEqual(await activeReservations(store, 'o-cancel'), []);
      assert.ok(view?.fulfillments.every((f) => f.status === 'cancelled'));
      assert.equal((await queuedEvents(store, 'o-cancel')).at(-1)?.type, 'order.cancelled');
      // A store packing a cancelled order's request is noted in its history, and nothing changes.
      const [packed] = view?.fulfillments ?? [];
      assert.ok(packed);
      assert.equal(await store.transaction((tx) => applyReadyForPickup(tx, world.deps, packed.id)), 'ignored');
      const noted = await getOrderView(store, 'o-cancel');
      assert.equal(noted?.status, 'cancelled');
      assert.match(noted?.statusHistory.at(-1)?.detail ?? '', /reported the order ready for pickup for request .*, which was cancelled: nothing was changed/);
      assert.equal(await cancelOrder(store, world.deps, world.emitter, { orderId: 'o-cancel', reason: 'customer-request' }), 'already-cancelled');
      await assert.rejects(cancelOrder(store, world.deps, world.emitter, { orderId: 'o-nope', reason: 'other' }), (e: unknown) => e instanceof HubError && e.code === 'not-found');
      await assert.rejects(cancelOrder(store, world.deps, world.emitter, { orderId: 'o-ship', reason: 'other' }), (e: unknown) => e instanceof HubError && e.code === 'conflict');
    });

    for (const [index, step] of CANCEL_STEPS.entries()) {
      it(`undoes the earlier steps when cancel step ${index + 1} (${step.name}) fails`, async () => {
        const id = `o-cancel-fail-${index + 1}`;
        await intake(order(id, { JKT: 1, TSH: 1 }));
        const before = await getOrderView(store, id);
        const reservations = await activeReservations(store, id);
        const failing = defineStep<CancelContext, unknown>({
          name: step.name,
          invoke: async (tx, context) => {
            await step.invoke(tx, context);
            throw new Error(`injected failure in ${step.name}`);
          },
        });
        const steps = [...CANCEL_STEPS.slice(0, index), failing];
        await assert.rejects(cancelOrder(store, world.deps, world.emitter, { orderId: id, reason: 'customer-request' }, steps), (error: unknown) => {
          assert.ok(error instanceof StepFailure);
          assert.equal(error.step, step.name);
          assert.deepEqual(error.compensated, CANCEL_STEPS.slice(0, index).filter((s) => s.compensate !== undefined).map((s) => s.name).reverse());
          return true;
        });
        const afterView = await getOrderView(store, id);
        assert.equal(afterView?.status, before?.status);
        assert.deepEqual(afterView?.fulfillments.map((f) => f.status), before?.fulfillments.map((f) => f.status));
        assert.deepEqual(await activeReservations(store, id), reservations);
        assert.equal((await queuedEvents(store, id)).some((e) => e.type === 'order.cancelled'), false);
      });
    }

    it('simulates orders against two profile versions without reserving anything', async () => {
      const reservedBefore = (await store.query("select count(*)::int as n from stock_reservations where status = 'active'")).rows[0];
      const orders = [order('sim-1', { TSH: 1, JKT: 1 }), order('sim-2', { CAP: 1 }), order('sim-3', { NONE: 1 })];
      const { reports, decisions } = await simulateOrders(store, world.deps, {
        profiles: [
          { id: 'test-ship', version: 1 },
          { id: 'default', version: 1 },
        ],
        orders,
        includeDecisions: true,
      });
      assert.equal(reports.length, 2);
      assert.equal(reports[0]?.profile, 'test-ship@1');
      assert.equal(reports[0]?.orders, 3);
      assert.equal(reports[0]?.unfillable, 1);
      assert.equal(decisions?.[0]?.outcomes[0]?.decision.dryRun, true);
      const reservedAfter = (await store.query("select count(*)::int as n from stock_reservations where status = 'active'")).rows[0];
      assert.deepEqual(reservedAfter, reservedBefore);
      assert.equal(await getOrderView(store, 'sim-1'), undefined);
    });

    it('puts an order on hold when no active profile applies', async () => {
      await store.transaction((tx) => deactivateProfile(tx, 'default', 1));
      await intake(order('o-hold', { TSH: 1 }, { deliveryMethod: 'same-day' }));
      const view = await getOrderView(store, 'o-hold');
      assert.equal(view?.status, 'on-hold');
      assert.equal(view?.decisions.length, 0);
      assert.equal(view?.statusHistory.at(-1)?.event, 'routing-skipped');
    });
  });
}
