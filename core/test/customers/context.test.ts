import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CustomerUpserted, FulfillmentAccepted, FulfillmentReadyForPickup, FulfillmentRejected, FulfillmentRequested, FulfillmentShipped, OrderCancelled, OrderCreated, OrderRouted } from '../../src/events/catalog.ts';
import type { FulfillmentV1 } from '../../src/generated/schema-types.ts';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import { waitFor } from '../../src/testing/wait-for.ts';
import { getCustomerOrder, lifetimeValue, normalizePhone, readContext, readContextBy, resolveCustomer } from '../../src/customers/index.ts';
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
      await h.publish(CustomerUpserted, { customer: customer(customerId, { phone: phone() }) }, '/connectors/hubspot/hubspot-main');
      const fulfillment = (lines: FulfillmentV1['lines'], status: FulfillmentV1['status'], locationId: string): FulfillmentV1 => ({ id: `${orderId}-${locationId}`, orderId, locationId, status, lines, deliveryMethod: 'ship', requestedAt: '2025-04-10T10:00:00Z' });
      await h.publish(OrderCreated, { order: webOrder({ id: orderId, customerId }) }, SHOPIFY);
      // Fulfillment events arrive in an order unrelated to the routing that caused them.
      await h.publish(FulfillmentShipped, { fulfillment: fulfillment([{ lineId: '1', sku: 'TSHIRT-BLK-M', quantity: 2 }], 'shipped', 'dc-east'), shipment: { id: 's1', fulfillmentId: `${orderId}-dc-east`, carrier: 'DHL', shippedAt: '2025-04-11T10:00:00Z', trackingUrl: 'https://track.example.com/s1', lines: [{ lineId: '1', quantity: 2 }] } }, '/connectors/netsuite/netsuite-prod');
      await h.publish(OrderRouted, { decision: { id: 'd1', orderId, profile: { id: 'default', version: 1 }, decidedAt: '2025-04-10T09:01:00Z', candidates: [], assignments: [{ lineId: '1', sku: 'TSHIRT-BLK-M', locationId: 'dc-east', quantity: 2 }, { lineId: '2', sku: 'MUG-WHT-350', locationId: 'store-hh', quantity: 1 }, { lineId: '3', sku: 'SCARF-RED', locationId: 'store-hh', quantity: 1 }], splitCount: 2, unassigned: [] } }, '/omnihub/orders');
      await h.publish(FulfillmentRequested, { fulfillment: fulfillment([{ lineId: '2', sku: 'MUG-WHT-350', quantity: 1 }], 'requested', 'store-hh') }, '/omnihub/orders');
      await h.publish(FulfillmentAccepted, { fulfillment: fulfillment([{ lineId: '2', sku: 'MUG-WHT-350', quantity: 1 }], 'accepted', 'store-hh') }, '/connectors/square/square-hh');
      await h.publish(FulfillmentReadyForPickup, { fulfillment: fulfillment([{ lineId: '2', sku: 'MUG-WHT-350', quantity: 1 }], 'ready-for-pickup', 'store-hh') }, '/connectors/square/square-hh');
      await h.publish(FulfillmentRejected, { fulfillment: fulfillment([{ lineId: '3', sku: 'SCARF-RED', quantity: 1 }], 'rejected', 'store-hh'), reason: 'out-of-stock', lineIds: ['3'] }, '/connectors/square/square-hh');
      const expected = [
        ['1', 'shipped', 'dc-east', 'https://track.example.com/s1'],
        ['2', 'ready-for-pickup', 'store-hh', undefined],
        ['3', 'pending', 'store-hh', undefined],
      ];
      const lines = async () => ((await readContext(h.store, customerId))?.recentOrders[0]?.lines ?? []).map((l) => [l.lineId, l.status, l.locationId, l.trackingUrl]);
      await waitFor(async () => JSON.stringify(await lines()) === JSON.stringify(expected), { message: 'line statuses', timeoutMs: 60_000 });
      assert.equal((await readContext(h.store, customerId))?.recentOrders[0]?.status, 'partially-fulfilled');
      await h.publish(OrderCancelled, { orderId, reason: 'out-of-stock', cancelledAt: '2025-04-12T00:00:00Z', lineIds: ['3'] }, '/omnihub/orders');
      await waitFor(async () => (await lines())[2]?.[1] === 'cancelled', { message: 'cancelled line' });
    });
  });
}
