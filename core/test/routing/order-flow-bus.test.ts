import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { enqueueOutbox } from '../../src/broker/outbox.ts';
import { createEvent } from '../../src/events/define-event.ts';
import { FulfillmentAccepted, FulfillmentRejected, OrderCancelled, OrderCreated } from '../../src/events/catalog.ts';
import type { CloudEvent } from '../../src/envelope/cloud-event.ts';
import { BROKER_SETUPS, type TestBroker } from '../../src/testing/brokers.ts';
import { waitFor } from '../../src/testing/wait-for.ts';
import { canonicalFulfillment, getOrderView, ORDER_FLOW_SUBSCRIBER, ORDERS_SOURCE, subscribeOrderFlow, type OrderView } from '../../src/orders/index.ts';
import { activeReservations, order, seedStock, setUpWorld } from './support.ts';

for (const setup of BROKER_SETUPS) {
  describe(`order flow subscriber on ${setup.name}`, () => {
    let t: TestBroker;

    async function publish(event: CloudEvent): Promise<void> {
      await t.store.transaction((tx) => enqueueOutbox(tx, event));
      t.broker.relay.notify();
    }

    async function viewWhen(orderId: string, ready: (view: OrderView) => boolean, what: string): Promise<OrderView> {
      let found: OrderView | undefined;
      await waitFor(
        async () => {
          found = await getOrderView(t.store, orderId);
          return found !== undefined && ready(found);
        },
        { message: what, timeoutMs: 60_000 },
      );
      if (found === undefined) throw new Error(what);
      return found;
    }

    before(async () => {
      t = await setup.open();
      const world = await setUpWorld(t.store);
      await seedStock(t.store, world.registry, { 'store-berlin': { MUG: 1 }, 'dc-hamburg': { MUG: 5 } });
      await subscribeOrderFlow(t.broker.bus, world.deps);
    });
    after(async () => {
      await t.dispose();
    });

    it('takes in a channel order, routes it, re-routes a rejection and cancels on the channel’s word', async () => {
      const created = createEvent(OrderCreated, { order: order('o-bus', { MUG: 1 }) }, { source: '/connectors/shopify/instances/eu' });
      await publish(created);
      await publish(created); // a duplicate delivery changes nothing
      const routed = await viewWhen('o-bus', (v) => v.status === 'routed', 'the order to be routed');
      assert.equal(routed.source, '/connectors/shopify/instances/eu');
      const [berlin] = routed.fulfillments;
      assert.equal(berlin?.locationId, 'store-berlin');

      await publish(createEvent(FulfillmentAccepted, { fulfillment: { ...canonicalFulfillment(berlin), status: 'accepted' } }, { source: '/connectors/square/instances/berlin' }));
      await viewWhen('o-bus', (v) => v.status === 'in-fulfillment', 'the acceptance');

      await publish(
        createEvent(FulfillmentRejected, { fulfillment: { ...canonicalFulfillment(berlin), status: 'rejected' }, reason: 'damaged', lineIds: ['ln-1'] }, { source: '/connectors/square/instances/berlin' }),
      );
      const rerouted = await viewWhen('o-bus', (v) => v.decisions.length === 2, 'the re-routing');
      assert.deepEqual(rerouted.decisions[1]?.decision.assignments.map((a) => a.locationId), ['dc-hamburg']);
      assert.deepEqual(await activeReservations(t.store, 'o-bus'), ['ln-1@dc-hamburg=1']);

      await publish(createEvent(OrderCancelled, { orderId: 'o-bus', reason: 'customer-request', cancelledAt: new Date().toISOString() }, { source: '/connectors/shopify/instances/eu' }));
      const cancelled = await viewWhen('o-bus', (v) => v.status === 'cancelled', 'the cancellation');
      assert.deepEqual(await activeReservations(t.store, 'o-bus'), []);
      assert.equal(cancelled.decisions.length, 2);
      assert.equal(cancelled.statusHistory.filter((h) => h.event === 'received').length, 1);
    });

    it('dead-letters an order.created whose line ids repeat at once, as invalid, without taking the order in', async () => {
      const base = order('o-dup-lines', { MUG: 1, TEA: 1 });
      const repeated = { ...base, lines: base.lines.map((line) => ({ ...line, lineId: 'ln-1' })) };
      const created = createEvent(OrderCreated, { order: repeated }, { source: '/connectors/shopify/instances/eu' });
      await publish(created);
      let letter: { error_kind: string; error_code: string; error_message: string; attempts: number } | undefined;
      await waitFor(
        async () => {
          const { rows } = await t.store.query<{ error_kind: string; error_code: string; error_message: string; attempts: number }>(
            'select error_kind, error_code, error_message, attempts from dead_letters where subscriber = $1 and event_id = $2',
            [ORDER_FLOW_SUBSCRIBER, created.id],
          );
          letter = rows[0];
          return letter !== undefined;
        },
        { message: 'the event to be dead-lettered', timeoutMs: 60_000 },
      );
      assert.equal(letter?.error_kind, 'invalid');
      assert.equal(letter?.attempts, 1, 'not retried');
      assert.match(letter?.error_message ?? '', /\/data\/order\/lines\/1\/lineId/);
      assert.equal(await getOrderView(t.store, 'o-dup-lines'), undefined);
    });

    it("leaves the hub's own order.created alone: the order was taken in where it was announced", async () => {
      const announced = createEvent(OrderCreated, { order: order('o-own', { MUG: 1 }) }, { source: ORDERS_SOURCE });
      await publish(announced);
      // An event of the same queue published after it: once it is handled, the announcement was settled.
      const later = createEvent(OrderCancelled, { orderId: 'o-unknown', reason: 'customer-request', cancelledAt: new Date().toISOString() }, { source: '/connectors/shopify/instances/eu' });
      await publish(later);
      await waitFor(
        async () => (await t.store.query('select 1 from inbox where subscriber = $1 and event_id = $2', [ORDER_FLOW_SUBSCRIBER, later.id])).rowCount === 1,
        { message: 'the later event to be handled', timeoutMs: 60_000 },
      );
      // Acknowledged without a transaction: no inbox entry, no order.
      assert.equal((await t.store.query('select 1 from inbox where subscriber = $1 and event_id = $2', [ORDER_FLOW_SUBSCRIBER, announced.id])).rowCount, 0);
      assert.equal(await getOrderView(t.store, 'o-own'), undefined);
    });
  });
}
