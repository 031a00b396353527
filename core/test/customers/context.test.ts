import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import {
  CustomerUpserted,
  FulfillmentAccepted,
  FulfillmentReadyForPickup,
  FulfillmentRejected,
  FulfillmentRequested,
  FulfillmentShipped,
  InteractionStarted,
  OrderCancelled,
  OrderCreated,
  OrderRouted,
  RefundIssued,
  ReturnRefunded,
} from '../../src/events/catalog.ts';
import type { FulfillmentV1, OrderRoutedV2, RefundV1, ReturnRequestV1 } from '../../src/generated/schema-types.ts';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import { waitFor } from '../../src/testing/wait-for.ts';
import { enqueueForSubscriber } from '../../src/broker/outbox.ts';
import type { CloudEvent } from '../../src/envelope/cloud-event.ts';
import { createEvent, type EventDefinition } from '../../src/events/define-event.ts';
import { acceptEvent } from '../../src/events/event-intake.ts';
import type { ProjectionContext } from '../../src/customers/handlers/handler-types.ts';
import { onFulfillmentShipped, onOrderCreated } from '../../src/customers/handlers/order-handlers.ts';
import { rejectedUpdate, requestedUpdate, routedUpdate, shippedUpdate } from '../../src/customers/order-updates.ts';
import { parkUpdate } from '../../src/customers/parked-updates.ts';
import { ProjectionBatch } from '../../src/customers/projection-batch.ts';
import type { SqlExecutor } from '../../src/store/store.ts';
import { CUSTOMER_CONTEXT_SUBSCRIBER, getCustomerOrder, lifetimeValue, lookupContext, lookupContextBy, normalizePhone, readContext, readContextBy, resolveCustomer } from '../../src/customers/index.ts';
import { customer, uniqueId, webOrder } from '../returns/fixtures.ts';
import { openFlowHarness, type FlowHarness } from '../returns/support.ts';

const SHOPIFY = '/connectors/shopify/shopify-eu';

function phone(): string {
  return `+49152${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

describe('customer identities', () => {
  it('normalizes phone numbers to E.164 and refuses what is not one', () => {
    assert.equal(normalizePhone('+49 30 1234-5678'), '+493012345678');
    assert.equal(normalizePhone('0049 (30) 12345678'), '+493012345678');
    assert.equal(normalizePhone(' 493012345678'), '+493012345678', 'a + decoded as a space by a query string');
    assert.equal(normalizePhone('030 12345678'), undefined);
    assert.equal(normalizePhone('+0123'), undefined);
  });

  it('values orders net of refunds in the newest order currency, cancelled orders left out', () => {
    const eur = (amount: string) => ({ amount, currency: 'EUR' });
    assert.deepEqual(
      lifetimeValue([
        { status: 'fulfilled', total: eur('100.00'), refunded: eur('20.50') },
        { status: 'cancelled', total: eur('999.00'), refunded: null },
        { status: 'closed', total: { amount: '50', currency: 'USD' }, refunded: null },
        { status: 'processing', total: eur('10.5'), refunded: null },
      ]),
      eur('90.00'),
    );
    assert.equal(lifetimeValue([]), undefined);
  });
});

/** Whether the customer context handled every one of `events` (each has its inbox entry). */
async function allHandled(h: FlowHarness, events: readonly CloudEvent[]): Promise<boolean> {
  for (const event of events) {
    const { rowCount } = await h.store.query('select 1 from inbox where subscriber = $1 and event_id = $2', [CUSTOMER_CONTEXT_SUBSCRIBER, event.id]);
    if (rowCount === 0) return false;
  }
  return true;
}

/** Ids of the events parked for an order, oldest first. */
async function parkedEventIds(h: FlowHarness, orderId: string): Promise<string[]> {
  const { rows } = await h.store.query<{ event_id: string }>('select event_id from customer_parked_updates where order_id = $1 order by event_time, event_id', [orderId]);
  return rows.map((row) => row.event_id);
}

/** Delivers an event to the customer context again, as after its inbox entry expired (same event id). */
async function redeliver(h: FlowHarness, event: CloudEvent): Promise<void> {
  await h.store.transaction(async (tx) => {
    await tx.query('delete from inbox where subscriber = $1 and event_id = $2', [CUSTOMER_CONTEXT_SUBSCRIBER, event.id]);
    await enqueueForSubscriber(tx, event, CUSTOMER_CONTEXT_SUBSCRIBER, []);
  });
  h.broker.relay.notify();
}

/** What a projection handler called directly gets: these handlers emit nothing. */
function projection(tx: SqlExecutor): ProjectionContext {
  return {
    tx,
    now: new Date(),
    logger: pino({ level: 'silent' }),
    emit: () => Promise.reject(new Error('the order handlers emit nothing')),
  };
}

/** Whether a transaction waits for the lock an order's handlers take (PostgreSQL's lock table). */
async function waitsForOrderLock(h: FlowHarness, orderId: string): Promise<boolean> {
  // A bigint advisory key shows as its high 32 bits in classid and its low 32 bits in objid.
  const { rowCount } = await h.store.query(
    `select 1 from pg_locks where locktype = 'advisory' and not granted and objsubid = 1
       and objid::text::bigint = (hashtext('omnihub.customer-order.' || $1)::bigint & 4294967295)`,
    [orderId],
  );
  return rowCount > 0;
}

/** Accepts an event with the time it happened, as a connector reports it. */
async function publishAt<T>(h: FlowHarness, definition: EventDefinition<T>, data: T, source: string, time: string): Promise<CloudEvent> {
  const event = createEvent(definition, data, { source, time });
  h.registry.assertValid({ name: definition.type, version: definition.version }, data, '/data');
  await h.store.transaction((tx) => acceptEvent(tx, event as CloudEvent & { dataschema: string }));
  h.broker.relay.notify();
  return event;
}

/** A fulfillment of one unit per line (SKU `SKU-<lineId>`), requested at a fixed time. */
function fulfillmentOf(orderId: string, lineIds: string[], status: FulfillmentV1['status'], locationId: string): FulfillmentV1 {
  return {
    id: `${orderId}-${locationId}-${status}`,
    orderId,
    locationId,
    status,
    lines: lineIds.map((lineId) => ({ lineId, sku: `SKU-${lineId}`, quantity: 1 })),
    deliveryMethod: 'ship',
    requestedAt: '2025-04-10T09:00:00Z',
  };
}

/** A routing decision assigning one unit per `[lineId, locationId]`. */
function decisionOf(orderId: string, id: string, assignments: [string, string][]): OrderRoutedV2['decision'] {
  return {
    id,
    orderId,
    profile: { id: 'default', version: 1 },
    decidedAt: '2025-04-10T09:00:00Z',
    candidateCount: 0,
    chosen: [],
    assignments: assignments.map(([lineId, locationId]) => ({ lineId, sku: `SKU-${lineId}`, locationId, quantity: 1 })),
    splitCount: 2,
    unassigned: [],
  };
}

/**
 * An order's routing and fulfillment, oldest first: the scarf (line 3) is rejected at the store
 * and re-routed to the warehouse, which ships it with the T-shirts; the mug waits at the store.
 * Applied out of time order, the rejection would send the shipped scarf back to routing.
 */
function orderHistory(orderId: string): ((h: FlowHarness) => Promise<CloudEvent>)[] {
  const fulfillment = (lineIds: string[], status: FulfillmentV1['status'], locationId: string): FulfillmentV1 => fulfillmentOf(orderId, lineIds, status, locationId);
  const decision = (id: string, assignments: [string, string][]): OrderRoutedV2['decision'] => decisionOf(orderId, id, assignments);
  const netsuite = '/connectors/netsuite/netsuite-prod';
  const square = '/connectors/square/square-hh';
  return [
    (h) => publishAt(h, OrderRouted, { decision: decision(`${orderId}-d1`, [['1', 'dc-east'], ['2', 'store-hh'], ['3', 'store-hh']]) }, '/omnihub/orders', '2025-04-10T09:01:00Z'),
    (h) => publishAt(h, FulfillmentRequested, { fulfillment: fulfillment(['2', '3'], 'requested', 'store-hh') }, '/omnihub/orders', '2025-04-10T09:02:00Z'),
    (h) => publishAt(h, FulfillmentRejected, { fulfillment: fulfillment(['3'], 'rejected', 'store-hh'), reason: 'out-of-stock', lineIds: ['3'] }, square, '2025-04-10T09:30:00Z'),
    (h) => publishAt(h, OrderRouted, { decision: decision(`${orderId}-d2`, [['3', 'dc-east']]) }, '/omnihub/orders', '2025-04-10T09:31:00Z'),
    (h) => publishAt(h, FulfillmentAccepted, { fulfillment: fulfillment(['2'], 'accepted', 'store-hh') }, square, '2025-04-10T09:40:00Z'),
    (h) => publishAt(h, FulfillmentShipped, { fulfillment: fulfillment(['1', '3'], 'shipped', 'dc-east'), shipment: { id: `${orderId}-s1`, fulfillmentId: `${orderId}-dc-east-shipped`, carrier: 'DHL', shippedAt: '2025-04-11T10:00:00Z', trackingUrl: 'https://track.example.com/1', lines: [{ lineId: '1', quantity: 2 }, { lineId: '3', quantity: 1 }] } }, netsuite, '2025-04-11T10:00:00Z'),
    (h) => publishAt(h, FulfillmentReadyForPickup, { fulfillment: fulfillment(['2'], 'ready-for-pickup', 'store-hh') }, square, '2025-04-11T12:00:00Z'),
  ];
}

/**
 * After {@link orderHistory}: the T-shirts (line 1) and the scarf (line 3) come back and are
 * refunded, 74.90 of the order's 84.40. Applied before the scarf's rejection, the return would be
 * undone by it.
 */
function returnHistory(orderId: string, customerId: string): ((h: FlowHarness) => Promise<CloudEvent>)[] {
  const returnId = `${orderId}-rma1`;
  const refund: RefundV1 = { id: `${orderId}-rf1`, orderId, returnId, amount: { amount: '74.90', currency: 'EUR' }, gateway: 'shopify', status: 'succeeded', issuedAt: '2025-04-20T10:00:00Z' };
  const returnRequest: ReturnRequestV1 = {
    id: returnId,
    orderId,
    customerId,
    initiatedBy: { channel: 'web' },
    status: 'refunded',
    method: 'mail',
    lines: [
      { lineId: '1', sku: 'SKU-1', quantity: 2, reason: 'size', receivedQuantity: 2, disposition: 'RESTOCKED', restockLocationId: 'dc-east' },
      { lineId: '3', sku: 'SKU-3', quantity: 1, reason: 'changed-mind', receivedQuantity: 1, disposition: 'NOT_RESTOCKED' },
    ],
    createdAt: '2025-04-14T09:00:00Z',
    updatedAt: '2025-04-20T10:00:01Z',
  };
  return [
    (h) => publishAt(h, RefundIssued, { refund }, SHOPIFY, '2025-04-20T10:00:00Z'),
    (h) => publishAt(h, ReturnRefunded, { returnRequest, refund }, '/omnihub/returns', '2025-04-20T10:00:01Z'),
  ];
}

for (const factory of STORE_FACTORIES) {
  describe(`customer context projection on ${factory.name}`, () => {
    let h: FlowHarness;
    before(async () => {
      h = await openFlowHarness(factory);
    });
    after(async () => {
      await h.dispose();
    });

    it('links guest orders to a profile that arrives later, by email or phone, and serves the context by id, phone and email', async () => {
      const customerId = uniqueId('cus');
      const email = `${customerId}@Example.com`;
      const number = phone();
      const byEmail = uniqueId('ord');
      const byPhone = uniqueId('ord');
      await h.publish(OrderCreated, { order: webOrder({ id: byEmail, customer: { email } }) }, SHOPIFY);
      await h.publish(OrderCreated, { order: webOrder({ id: byPhone, customer: { phone: number }, placedAt: '2025-04-12T09:00:00Z' }) }, SHOPIFY);
      await waitFor(async () => (await getCustomerOrder(h.store, byPhone)) !== undefined && (await getCustomerOrder(h.store, byEmail)) !== undefined, { message: 'guest orders' });
      assert.equal((await getCustomerOrder(h.store, byEmail))?.customerId, undefined);
      await h.publish(CustomerUpserted, { customer: customer(customerId, { email: email.toLowerCase(), phone: number }) }, '/connectors/hubspot/hubspot-main');
      await waitFor(async () => (await readContext(h.store, customerId))?.orderCount === 2, { message: 'both orders adopted' });
      const context = await readContext(h.store, customerId);
      assert.deepEqual(context?.recentOrders.map((o) => o.orderId), [byPhone, byEmail], 'newest first');
      assert.deepEqual(context?.lifetimeValue, { amount: '168.80', currency: 'EUR' });
      assert.deepEqual(context?.identities.map((i) => i.system), ['shopify', 'hubspot']);
      assert.equal(context?.customer.consent?.sms?.granted, true);
      assert.ok(h.registry.validate({ name: 'customer-context', version: 1 }, context).valid, 'a valid customer-context v1');
      assert.equal((await readContextBy(h.store, { phone: number }))?.customer.id, customerId);
      assert.equal((await readContextBy(h.store, { email: email.toUpperCase() }))?.customer.id, customerId);
      assert.equal(await readContextBy(h.store, { phone: phone() }), undefined);
      assert.deepEqual(await resolveCustomer(h.store, { phone: number }), { customerId, matchedBy: 'phone' });
    });

    it('serves a context from the orders when no profile has arrived: by the customer id they name, and to a guest by phone or email', async () => {
      const customerId = uniqueId('cus');
      const named = uniqueId('ord');
      const namedPhone = phone();
      const guestPhone = phone();
      const guestEmail = `${uniqueId('guest')}@Example.com`;
      const first = uniqueId('ord');
      const second = uniqueId('ord');
      await h.publish(OrderCreated, { order: webOrder({ id: named, customer: { customerId, phone: namedPhone } }) }, SHOPIFY);
      await h.publish(OrderCreated, { order: webOrder({ id: first, customer: { phone: guestPhone, email: guestEmail }, placedAt: '2025-04-01T09:00:00Z' }) }, SHOPIFY);
      await h.publish(OrderCreated, { order: webOrder({ id: second, customer: { phone: guestPhone }, placedAt: '2025-04-12T09:00:00Z' }) }, SHOPIFY);
      const call = uniqueId('call');
      const contact = await h.publish(InteractionStarted, { interaction: { id: call, contact: { phone: guestPhone }, channel: 'voice', direction: 'inbound', startedAt: '2025-04-14T10:05:00Z' } }, '/connectors/twilio/twilio-main');
      await waitFor(async () => (await Promise.all([named, first, second].map((id) => getCustomerOrder(h.store, id)))).every((order) => order !== undefined) && (await allHandled(h, [contact])), { message: 'orders and the contact' });
      const valid = (context: unknown): boolean => h.registry.validate({ name: 'customer-context', version: 1 }, context).valid;

      assert.equal(await readContext(h.store, customerId), undefined, 'nothing is stored without a profile');
      const byId = await lookupContext(h.store, customerId);
      assert.deepEqual(byId?.customer, { id: customerId, phone: namedPhone }, 'the customer as the newest order has them');
      assert.deepEqual(byId?.recentOrders.map((o) => o.orderId), [named]);
      assert.equal(byId?.orderCount, 1);
      assert.ok(valid(byId), 'a valid customer-context v1');
      assert.equal((await lookupContextBy(h.store, { phone: namedPhone }))?.customer.id, customerId, "the phone of an order naming a customer finds that customer's orders");

      const guest = await lookupContextBy(h.store, { phone: guestPhone });
      assert.equal(guest?.customer.id, `guest:${guestPhone}`);
      assert.deepEqual(guest?.recentOrders.map((o) => o.orderId), [second, first], 'newest first');
      assert.equal(guest?.orderCount, 2);
      assert.deepEqual(guest?.lifetimeValue, { amount: '168.80', currency: 'EUR' });
      assert.deepEqual(guest?.recentInteractions.map((i) => i.id), [call], 'the contacts from that number');
      assert.ok(valid(guest), 'a valid customer-context v1');
      const byEmail = await lookupContextBy(h.store, { email: guestEmail.toUpperCase() });
      assert.equal(byEmail?.customer.id, `guest:${guestEmail.toLowerCase()}`);
      assert.deepEqual(byEmail?.recentOrders.map((o) => o.orderId), [first], 'only the orders placed with that email');
      assert.equal(await lookupContextBy(h.store, { phone: phone() }), undefined, 'a number no order holds');
      assert.equal(await lookupContext(h.store, uniqueId('cus')), undefined, 'an id no order names');

      await h.publish(CustomerUpserted, { customer: customer(customerId, { phone: namedPhone, email: `${customerId}@example.com` }) }, '/connectors/hubspot/hubspot-main');
      await waitFor(async () => (await readContext(h.store, customerId)) !== undefined, { message: 'profile' });
      assert.equal((await lookupContext(h.store, customerId))?.customer.firstName, 'Lena', 'once the profile arrives, its stored context is served');
    });

    it('keeps the newest profile when upserts arrive out of order', async () => {
      const customerId = uniqueId('cus');
      await h.publish(CustomerUpserted, { customer: customer(customerId, { firstName: 'New', updatedAt: '2025-04-10T00:00:00Z', phone: phone() }) }, '/connectors/hubspot/hubspot-main');
      await waitFor(async () => (await readContext(h.store, customerId)) !== undefined, { message: 'profile' });
      const stale = await h.publish(CustomerUpserted, { customer: customer(customerId, { firstName: 'Old', updatedAt: '2025-04-01T00:00:00Z', phone: phone() }) }, '/connectors/shopify/shopify-eu');
      await waitFor(async () => (await h.store.query("select 1 from inbox where subscriber = 'flow.customer-context' and event_id = $1", [stale.id])).rowCount === 1, { message: 'stale upsert handled' });
      assert.equal((await readContext(h.store, customerId))?.customer.firstName, 'New');
    });

    it('shows each line with its location and status as routing and fulfillment move it, in any delivery order', async () => {
      const customerId = uniqueId('cus');
      const orderId = uniqueId('ord');
      const profile = await h.publish(CustomerUpserted, { customer: customer(customerId, { phone: phone() }) }, '/connectors/hubspot/hubspot-main');
      const fulfillment = (lines: FulfillmentV1['lines'], status: FulfillmentV1['status'], locationId: string): FulfillmentV1 => ({ id: `${orderId}-${locationId}`, orderId, locationId, status, lines, deliveryMethod: 'ship', requestedAt: '2025-04-10T10:00:00Z' });
      // The shipment arrives before the order itself: it is handled at once (no retry) and waits for its order.
      const shipped = await h.publish(FulfillmentShipped, { fulfillment: fulfillment([{ lineId: '1', sku: 'TSHIRT-BLK-M', quantity: 2 }], 'shipped', 'dc-east'), shipment: { id: 's1', fulfillmentId: `${orderId}-dc-east`, carrier: 'DHL', shippedAt: '2025-04-11T10:00:00Z', trackingUrl: 'https://track.example.com/s1', lines: [{ lineId: '1', quantity: 2 }] } }, '/connectors/netsuite/netsuite-prod');
      await waitFor(() => allHandled(h, [profile, shipped]), { message: 'profile and early shipment handled' });
      assert.equal(await getCustomerOrder(h.store, orderId), undefined);
      assert.deepEqual(await parkedEventIds(h, orderId), [shipped.id]);
      const created = await h.publish(OrderCreated, { order: webOrder({ id: orderId, customerId }) }, SHOPIFY);
      await waitFor(() => allHandled(h, [created]), { message: 'order handled' });
      const lines = async () => ((await readContext(h.store, customerId))?.recentOrders[0]?.lines ?? []).map((l) => [l.lineId, l.status, l.locationId, l.trackingUrl]);
      assert.deepEqual((await lines())[0], ['1', 'shipped', 'dc-east', 'https://track.example.com/s1'], 'the early shipment is projected with its order');
      assert.deepEqual(await parkedEventIds(h, orderId), []);
      // The other fulfillment events arrive in an order unrelated to the routing that caused them.
      const rest = [
        await h.publish(OrderRouted, { decision: { id: 'd1', orderId, profile: { id: 'default', version: 1 }, decidedAt: '2025-04-10T09:01:00Z', candidateCount: 0, chosen: [], assignments: [{ lineId: '1', sku: 'TSHIRT-BLK-M', locationId: 'dc-east', quantity: 2 }, { lineId: '2', sku: 'MUG-WHT-350', locationId: 'store-hh', quantity: 1 }, { lineId: '3', sku: 'SCARF-RED', locationId: 'store-hh', quantity: 1 }], splitCount: 2, unassigned: [] } }, '/omnihub/orders'),
        await h.publish(FulfillmentRequested, { fulfillment: fulfillment([{ lineId: '2', sku: 'MUG-WHT-350', quantity: 1 }], 'requested', 'store-hh') }, '/omnihub/orders'),
        await h.publish(FulfillmentAccepted, { fulfillment: fulfillment([{ lineId: '2', sku: 'MUG-WHT-350', quantity: 1 }], 'accepted', 'store-hh') }, '/connectors/square/square-hh'),
        await h.publish(FulfillmentReadyForPickup, { fulfillment: fulfillment([{ lineId: '2', sku: 'MUG-WHT-350', quantity: 1 }], 'ready-for-pickup', 'store-hh') }, '/connectors/square/square-hh'),
        await h.publish(FulfillmentRejected, { fulfillment: fulfillment([{ lineId: '3', sku: 'SCARF-RED', quantity: 1 }], 'rejected', 'store-hh'), reason: 'out-of-stock', lineIds: ['3'] }, '/connectors/square/square-hh'),
      ];
      await waitFor(() => allHandled(h, rest), { message: 'routing and fulfillment handled', timeoutMs: 60_000 });
      assert.deepEqual(await lines(), [
        ['1', 'shipped', 'dc-east', 'https://track.example.com/s1'],
        ['2', 'ready-for-pickup', 'store-hh', undefined],
        ['3', 'pending', 'store-hh', undefined],
      ]);
      assert.equal((await readContext(h.store, customerId))?.recentOrders[0]?.status, 'partially-fulfilled');
      await h.publish(OrderCancelled, { orderId, reason: 'out-of-stock', cancelledAt: '2025-04-12T00:00:00Z', lineIds: ['3'] }, '/omnihub/orders');
      await waitFor(async () => (await lines())[2]?.[1] === 'cancelled', { message: 'cancelled line' });
    });

    it('keeps a rejected line pending when the routing before the rejection comes after it, and a late rejection does not undo what came after it', async () => {
      const orderId = uniqueId('ord');
      const customerId = uniqueId('cus');
      const square = '/connectors/square/square-hh';
      // One event at a time, each handled before the next is published: the delivery order is this one.
      const deliver = async (publish: () => Promise<CloudEvent>): Promise<void> => {
        const event = await publish();
        await waitFor(() => allHandled(h, [event]), { message: `${event.type} handled` });
      };
      await deliver(() => h.publish(CustomerUpserted, { customer: customer(customerId, { phone: phone() }) }, '/connectors/hubspot/hubspot-main'));
      await deliver(() => publishAt(h, OrderCreated, { order: webOrder({ id: orderId, customerId }) }, SHOPIFY, '2025-04-10T09:00:00Z'));
      const line = async (lineId: string) => (await getCustomerOrder(h.store, orderId))?.lines.find((l) => l.lineId === lineId);
      // The store's rejection of line 3 (09:30) overtakes the routing that sent it there (09:01).
      await deliver(() => publishAt(h, FulfillmentRejected, { fulfillment: fulfillmentOf(orderId, ['3'], 'rejected', 'store-hh'), reason: 'out-of-stock', lineIds: ['3'] }, square, '2025-04-10T09:30:00Z'));
      await deliver(() => publishAt(h, OrderRouted, { decision: decisionOf(orderId, `${orderId}-d1`, [['1', 'dc-east'], ['3', 'store-hh']]) }, '/omnihub/orders', '2025-04-10T09:01:00Z'));
      assert.equal((await line('3'))?.status, 'pending', 'the older routing does not undo the rejection');
      assert.deepEqual([(await line('1'))?.status, (await line('1'))?.locationId], ['routed', 'dc-east'], 'it still routes the lines nothing rejected');
      // The re-routing after the rejection moves the line on; the shipment follows.
      await deliver(() => publishAt(h, OrderRouted, { decision: decisionOf(orderId, `${orderId}-d2`, [['3', 'dc-east']]) }, '/omnihub/orders', '2025-04-10T09:31:00Z'));
      assert.deepEqual([(await line('3'))?.status, (await line('3'))?.locationId], ['routed', 'dc-east']);
      await deliver(() => publishAt(h, FulfillmentShipped, { fulfillment: fulfillmentOf(orderId, ['3'], 'shipped', 'dc-east'), shipment: { id: `${orderId}-s1`, fulfillmentId: `${orderId}-dc-east-shipped`, carrier: 'DHL', shippedAt: '2025-04-11T10:00:00Z', lines: [{ lineId: '3', quantity: 1 }] } }, '/connectors/netsuite/netsuite-prod', '2025-04-11T10:00:00Z'));
      // A second rejection from before the shipment, delivered late, leaves the shipped line alone.
      await deliver(() => publishAt(h, FulfillmentRejected, { fulfillment: fulfillmentOf(orderId, ['3'], 'rejected', 'store-hh'), reason: 'out-of-stock', lineIds: ['3'] }, square, '2025-04-10T09:29:00Z'));
      assert.deepEqual([(await line('3'))?.status, (await line('3'))?.locationId], ['shipped', 'dc-east']);
      const context = await readContext(h.store, customerId);
      assert.equal(context?.recentOrders[0]?.lines.find((l) => l.lineId === '3')?.status, 'shipped');
      assert.ok(h.registry.validate({ name: 'customer-context', version: 1 }, context).valid, 'the line times stay out of the context');
    });

    it('applies updates that arrive before their order in reversed order, one of them twice, as in-order delivery would', async () => {
      const customerId = uniqueId('cus');
      const profile = await h.publish(CustomerUpserted, { customer: customer(customerId, { phone: phone() }) }, '/connectors/hubspot/hubspot-main');
      const inOrder = uniqueId('ord');
      const reversed = uniqueId('ord');

      // Delivered as they happened: the order first, then its updates by event time.
      const live: CloudEvent[] = [await h.publish(OrderCreated, { order: webOrder({ id: inOrder, customerId, placedAt: '2025-04-10T08:00:00Z' }) }, SHOPIFY)];
      for (const step of orderHistory(inOrder)) live.push(await step(h));
      await waitFor(() => allHandled(h, [profile, ...live]), { message: 'in-order delivery handled' });

      // The same history for another order, newest update first and before the order.
      const early: CloudEvent[] = [];
      for (const step of orderHistory(reversed).reverse()) early.push(await step(h));
      await waitFor(() => allHandled(h, early), { message: 'early updates handled' });
      // The shipment again, as after its inbox entry expired (same event id).
      const shipment = early.find((event) => event.type === FulfillmentShipped.type);
      assert.ok(shipment !== undefined);
      await redeliver(h, shipment);
      await waitFor(() => allHandled(h, [shipment]), { message: 'repeated shipment handled' });
      assert.equal(await getCustomerOrder(h.store, reversed), undefined);
      assert.deepEqual((await parkedEventIds(h, reversed)).sort(), early.map((event) => event.id).sort(), 'each early update parked once');

      const created = await h.publish(OrderCreated, { order: webOrder({ id: reversed, customerId, placedAt: '2025-04-10T08:00:00Z' }) }, SHOPIFY);
      await waitFor(() => allHandled(h, [created]), { message: 'late order handled' });
      assert.deepEqual(await parkedEventIds(h, reversed), []);
      const expected = [
        ['1', 'shipped', 'dc-east', 'https://track.example.com/1'],
        ['2', 'ready-for-pickup', 'store-hh', undefined],
        ['3', 'shipped', 'dc-east', 'https://track.example.com/1'],
      ];
      const context = await readContext(h.store, customerId);
      const view = (orderId: string) => context?.recentOrders.find((order) => order.orderId === orderId);
      assert.deepEqual(view(reversed)?.lines.map((l) => [l.lineId, l.status, l.locationId, l.trackingUrl]), expected);
      assert.deepEqual({ ...view(reversed), orderId: inOrder }, view(inOrder), 'the same view as in-order delivery');
      assert.equal(view(reversed)?.status, 'partially-fulfilled');
    });

    it('applies a burst handled in one transaction as one event at a time would: orders and line updates together, an update before its order, a profile change in between', async () => {
      const customerId = uniqueId('cus');
      const known = uniqueId('ord');
      const late = uniqueId('ord');
      const number = phone();
      const profile = await h.publish(CustomerUpserted, { customer: customer(customerId, { phone: number, updatedAt: '2025-04-01T00:00:00Z' }) }, '/connectors/hubspot/hubspot-main');
      await waitFor(() => allHandled(h, [profile]), { message: 'profile handled' });
      const decision = decisionOf(known, `${known}-d1`, [['1', 'dc-east'], ['2', 'store-hh'], ['3', 'store-hh']]);
      const square = { source: '/connectors/square/square-hh' };
      const events: CloudEvent[] = [
        createEvent(OrderCreated, { order: webOrder({ id: known, customerId }) }, { source: SHOPIFY }),
        createEvent(OrderRouted, { decision }, { source: '/omnihub/orders' }),
        createEvent(FulfillmentRequested, { fulfillment: fulfillmentOf(known, ['2', '3'], 'requested', 'store-hh') }, { source: '/omnihub/orders' }),
        createEvent(CustomerUpserted, { customer: customer(customerId, { phone: number, firstName: 'Lene', updatedAt: '2025-04-12T00:00:00Z' }) }, { source: '/connectors/hubspot/hubspot-main' }),
        createEvent(
          FulfillmentShipped,
          { fulfillment: fulfillmentOf(late, ['1'], 'shipped', 'dc-east'), shipment: { id: `${late}-s1`, fulfillmentId: `${late}-dc-east-shipped`, carrier: 'DHL', shippedAt: '2025-04-11T10:00:00Z', trackingUrl: 'https://track.example.com/late', lines: [{ lineId: '1', quantity: 2 }] } },
          { source: '/connectors/netsuite/netsuite-prod', time: '2025-04-11T10:00:00Z' },
        ),
        createEvent(FulfillmentAccepted, { fulfillment: fulfillmentOf(known, ['2'], 'accepted', 'store-hh') }, square),
        createEvent(OrderCreated, { order: webOrder({ id: late, customerId }) }, { source: SHOPIFY }),
        createEvent(OrderCancelled, { orderId: late, reason: 'out-of-stock', cancelledAt: '2025-04-12T00:00:00Z', lineIds: ['2'] }, { source: SHOPIFY }),
      ];
      // Accepted together, so the projection receives them together, in an order the test does not
      // rely on: every update here only moves lines forward, so any delivery order ends the same.
      await h.store.transaction(async (tx) => {
        for (const event of events) await acceptEvent(tx, event as CloudEvent & { dataschema: string });
      });
      h.broker.relay.notify();
      await waitFor(() => allHandled(h, events), { message: 'the burst handled', timeoutMs: 60_000 });
      const lines = async (orderId: string) => ((await getCustomerOrder(h.store, orderId))?.lines ?? []).map((l) => [l.lineId, l.status, l.locationId, l.trackingUrl]);
      assert.deepEqual(await lines(known), [
        ['1', 'routed', 'dc-east', undefined],
        ['2', 'picking', 'store-hh', undefined],
        ['3', 'routed', 'store-hh', undefined],
      ]);
      assert.deepEqual(await lines(late), [
        ['1', 'shipped', 'dc-east', 'https://track.example.com/late'],
        ['2', 'cancelled', undefined, undefined],
        ['3', 'pending', undefined, undefined],
      ]);
      assert.deepEqual(await parkedEventIds(h, late), []);
      const context = await readContext(h.store, customerId);
      assert.equal(context?.customer.firstName, 'Lene');
      const shown = (orderId: string) => context?.recentOrders.find((order) => order.orderId === orderId);
      assert.equal(shown(known)?.status, 'processing');
      assert.equal(shown(late)?.lines[0]?.status, 'shipped', 'the context is rebuilt after the last update');
    });

    it('catches a batch\'s new order up with the updates held before it and those parked earlier, oldest event first', async () => {
      const orderId = uniqueId('ord');
      const square = '/connectors/square/square-hh';
      const ready = createEvent(FulfillmentReadyForPickup, { fulfillment: fulfillmentOf(orderId, ['2'], 'ready-for-pickup', 'store-hh') }, { source: square, time: '2025-04-10T11:00:00Z' });
      const shipped = createEvent(
        FulfillmentShipped,
        { fulfillment: fulfillmentOf(orderId, ['1'], 'shipped', 'dc-east'), shipment: { id: `${orderId}-s1`, fulfillmentId: `${orderId}-dc-east-shipped`, carrier: 'DHL', shippedAt: '2025-04-11T10:00:00Z', lines: [{ lineId: '1', quantity: 2 }] } },
        { source: '/connectors/netsuite/netsuite-prod', time: '2025-04-11T10:00:00Z' },
      );
      // Held after the shipment but older: applied before it, so it does not send the shipped line back.
      const rejected = createEvent(FulfillmentRejected, { fulfillment: fulfillmentOf(orderId, ['1'], 'rejected', 'store-hh'), reason: 'damaged', lineIds: ['1'] }, { source: square, time: '2025-04-10T12:00:00Z' });
      const now = new Date();
      await h.store.transaction((tx) => parkUpdate(tx, orderId, ready, now));
      await h.store.transaction(async (tx) => {
        const batch = new ProjectionBatch();
        for (const [event, update] of [
          [shipped, shippedUpdate(shipped.data)],
          [rejected, rejectedUpdate(rejected.data)],
        ] as const) {
          assert.equal(update?.kind, 'lines');
          if (update?.kind === 'lines') batch.defer(update, event, now);
        }
        batch.record(webOrder({ id: orderId }), SHOPIFY);
        await batch.settle(tx, now, pino({ level: 'silent' }));
      });
      assert.deepEqual(
        (await getCustomerOrder(h.store, orderId))?.lines.map((l) => [l.lineId, l.status, l.locationId]),
        [
          ['1', 'shipped', 'dc-east'],
          ['2', 'ready-for-pickup', 'store-hh'],
          ['3', 'pending', undefined],
        ],
      );
      assert.deepEqual(await parkedEventIds(h, orderId), []);
    });

    it('writes the lines of a batch\'s new order without reading it back, and reads an order known before', async () => {
      const fresh = uniqueId('ord');
      const known = uniqueId('ord');
      const now = new Date();
      const logger = pino({ level: 'silent' });
      await h.store.transaction(async (tx) => {
        const batch = new ProjectionBatch();
        batch.record(webOrder({ id: known }), SHOPIFY);
        await batch.settle(tx, now, logger);
      });
      const reads: string[] = [];
      await h.store.transaction(async (tx) => {
        // Counts the reads of order views that lock them (the line update's read).
        const counting: SqlExecutor = {
          query: (sql, params) => {
            if (/from customer_order_view .* for update/s.test(sql)) reads.push(String((params?.[0] as string[] | undefined)?.join(',')));
            return tx.query(sql, params);
          },
          exec: (sql) => tx.exec(sql),
        };
        const batch = new ProjectionBatch();
        batch.record(webOrder({ id: fresh }), SHOPIFY);
        // A repeated order.created of the known order: recorded before, so its view is read.
        batch.record(webOrder({ id: known }), SHOPIFY);
        for (const orderId of [fresh, known]) {
          const routed = createEvent(OrderRouted, { decision: decisionOf(orderId, `${orderId}-d1`, [['1', 'dc-east'], ['2', 'store-hh'], ['3', 'store-hh']]) }, { source: '/omnihub/orders' });
          const requested = createEvent(FulfillmentRequested, { fulfillment: fulfillmentOf(orderId, ['2', '3'], 'requested', 'store-hh') }, { source: '/omnihub/orders' });
          for (const update of [routedUpdate(routed.data), requestedUpdate(requested.data)]) {
            assert.equal(update?.kind, 'lines');
            if (update?.kind === 'lines') batch.defer(update, routed, now);
          }
        }
        await batch.settle(counting, now, logger);
      });
      assert.deepEqual(reads, [known], 'only the order known before is read and locked');
      for (const orderId of [fresh, known]) {
        assert.deepEqual(
          (await getCustomerOrder(h.store, orderId))?.lines.map((l) => [l.lineId, l.status, l.locationId]),
          [
            ['1', 'routed', 'dc-east'],
            ['2', 'routed', 'store-hh'],
            ['3', 'routed', 'store-hh'],
          ],
          orderId,
        );
      }
    });

    it('applies a refunded return and its refund that arrive before their order, with its other updates, as in-order delivery would', async () => {
      const customerId = uniqueId('cus');
      const profile = await h.publish(CustomerUpserted, { customer: customer(customerId, { phone: phone() }) }, '/connectors/hubspot/hubspot-main');
      const inOrder = uniqueId('ord');
      const reversed = uniqueId('ord');

      const live: CloudEvent[] = [await h.publish(OrderCreated, { order: webOrder({ id: inOrder, customerId, placedAt: '2025-04-10T08:00:00Z' }) }, SHOPIFY)];
      for (const step of [...orderHistory(inOrder), ...returnHistory(inOrder, customerId)]) live.push(await step(h));
      await waitFor(() => allHandled(h, [profile, ...live]), { message: 'in-order delivery handled' });

      // The refund and the return first, then the rest of the history newest first, all before the order.
      const early: CloudEvent[] = [];
      for (const step of [...orderHistory(reversed), ...returnHistory(reversed, customerId)].reverse()) early.push(await step(h));
      await waitFor(() => allHandled(h, early), { message: 'early updates handled' });
      assert.equal(await getCustomerOrder(h.store, reversed), undefined);
      assert.deepEqual((await parkedEventIds(h, reversed)).sort(), early.map((event) => event.id).sort(), 'the refund and the return wait with the other updates');

      const created = await h.publish(OrderCreated, { order: webOrder({ id: reversed, customerId, placedAt: '2025-04-10T08:00:00Z' }) }, SHOPIFY);
      await waitFor(() => allHandled(h, [created]), { message: 'late order handled' });
      assert.deepEqual(await parkedEventIds(h, reversed), []);
      const order = await getCustomerOrder(h.store, reversed);
      assert.deepEqual(order?.lines.map((l) => [l.lineId, l.status, l.returnedQuantity]), [
        ['1', 'returned', 2],
        ['2', 'ready-for-pickup', undefined],
        ['3', 'returned', 1],
      ]);
      assert.deepEqual(order?.refunded, { amount: '74.90', currency: 'EUR' });
      // The line clocks record the delivery history, not the order: an update delivered after a
      // newer one (a retry, a redelivery) is skipped and leaves no time behind, so the clocks of
      // two deliveries may differ where the orders do not. Everything else must match.
      // Shipments are kept by their ids, which name the order here: compared by their units.
      const withoutClock = (view: Awaited<ReturnType<typeof getCustomerOrder>>) =>
        view === undefined ? undefined : { ...view, lineClock: undefined, lines: view.lines.map((line) => ({ ...line, shipments: Object.values(line.shipments ?? {}) })) };
      assert.deepEqual(withoutClock({ ...order, orderId: inOrder }), withoutClock(await getCustomerOrder(h.store, inOrder)), 'the same order as in-order delivery');
      const context = await readContext(h.store, customerId);
      const view = (orderId: string) => context?.recentOrders.find((summary) => summary.orderId === orderId);
      assert.deepEqual({ ...view(reversed), orderId: inOrder }, view(inOrder), 'the same view as in-order delivery');
      assert.deepEqual(context?.lifetimeValue, { amount: '19.00', currency: 'EUR' }, 'both orders net of their refunds');
    });

    it('counts a refunded return and its refund delivered twice before their order once', async () => {
      const customerId = uniqueId('cus');
      const orderId = uniqueId('ord');
      const profile = await h.publish(CustomerUpserted, { customer: customer(customerId, { phone: phone() }) }, '/connectors/hubspot/hubspot-main');
      const early: CloudEvent[] = [];
      for (const step of returnHistory(orderId, customerId)) early.push(await step(h));
      await waitFor(() => allHandled(h, [profile, ...early]), { message: 'early refund and return handled' });
      // Both again with the same event ids, and the refund once more as a new report of the same refund.
      for (const event of early) await redeliver(h, event);
      const refund = early.find((event) => event.type === RefundIssued.type) as CloudEvent<{ refund: RefundV1 }> | undefined;
      assert.ok(refund !== undefined);
      const reported = await publishAt(h, RefundIssued, refund.data, SHOPIFY, '2025-04-20T10:05:00Z');
      await waitFor(() => allHandled(h, [...early, reported]), { message: 'repeated refund and return handled' });
      assert.deepEqual((await parkedEventIds(h, orderId)).sort(), [...early, reported].map((event) => event.id).sort(), 'each event parked once');

      const created = await h.publish(OrderCreated, { order: webOrder({ id: orderId, customerId }) }, SHOPIFY);
      await waitFor(() => allHandled(h, [created]), { message: 'order handled' });
      assert.deepEqual(await parkedEventIds(h, orderId), []);
      const order = await getCustomerOrder(h.store, orderId);
      assert.deepEqual(order?.lines.map((l) => [l.lineId, l.status, l.returnedQuantity]), [
        ['1', 'returned', 2],
        ['2', 'pending', undefined],
        ['3', 'returned', 1],
      ]);
      assert.deepEqual(order?.refunded, { amount: '74.90', currency: 'EUR' }, 'the refund counted once');
      const context = await readContext(h.store, customerId);
      assert.deepEqual(context?.recentOrders[0]?.lines.map((l) => l.status), ['returned', 'pending', 'returned']);
      assert.deepEqual(context?.lifetimeValue, { amount: '9.50', currency: 'EUR' });
    });

    for (const first of ['order', 'shipment'] as const) {
      it(
        `applies a shipment handled at the same time as its order, the ${first} committing first`,
        { skip: factory.name === 'pglite' ? 'the embedded store runs one transaction at a time, so the two cannot overlap' : false },
        async () => {
          const customerId = uniqueId('cus');
          const orderId = uniqueId('ord');
          const created = createEvent(OrderCreated, { order: webOrder({ id: orderId, customerId }) }, { source: SHOPIFY });
          const shipped = createEvent(
            FulfillmentShipped,
            {
              fulfillment: { id: `${orderId}-dc-east`, orderId, locationId: 'dc-east', status: 'shipped', lines: [{ lineId: '1', sku: 'TSHIRT-BLK-M', quantity: 2 }], deliveryMethod: 'ship', requestedAt: '2025-04-10T10:00:00Z' },
              shipment: { id: 's1', fulfillmentId: `${orderId}-dc-east`, carrier: 'DHL', shippedAt: '2025-04-11T10:00:00Z', trackingUrl: 'https://track.example.com/s1', lines: [{ lineId: '1', quantity: 2 }] },
            },
            { source: '/connectors/netsuite/netsuite-prod' },
          );
          const handleFirst = first === 'order' ? (tx: SqlExecutor) => onOrderCreated(created, projection(tx)) : (tx: SqlExecutor) => onFulfillmentShipped(shipped, projection(tx));
          const handleSecond = first === 'order' ? (tx: SqlExecutor) => onFulfillmentShipped(shipped, projection(tx)) : (tx: SqlExecutor) => onOrderCreated(created, projection(tx));
          // The first transaction does its work and stays open while the second runs as far as it can.
          const handled = Promise.withResolvers<undefined>();
          const commit = Promise.withResolvers<undefined>();
          const firstTx = h.store.transaction(async (tx) => {
            await handleFirst(tx);
            handled.resolve(undefined);
            await commit.promise;
          });
          await handled.promise;
          let secondDone = false;
          const secondTx = h.store.transaction(handleSecond).finally(() => (secondDone = true));
          await waitFor(async () => secondDone || (await waitsForOrderLock(h, orderId)), { message: 'the second transaction waits for the order or is done' });
          commit.resolve(undefined);
          await firstTx;
          await secondTx;
          const order = await getCustomerOrder(h.store, orderId);
          assert.deepEqual(order?.lines.map((line) => [line.lineId, line.status, line.trackingUrl]), [
            ['1', 'shipped', 'https://track.example.com/s1'],
            ['2', 'pending', undefined],
            ['3', 'pending', undefined],
          ]);
          assert.deepEqual(await parkedEventIds(h, orderId), []);
        },
      );
    }
  });
}
