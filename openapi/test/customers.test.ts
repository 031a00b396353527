import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Events } from '@omnihub/core';
import { STORE_FACTORIES, waitFor } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { customerWithOrder, fresh, freshPhone, publish, STANDARD_POLICY } from './returns-support.ts';
import { startTestHub, type TestHub } from './support.ts';

type Schemas = components['schemas'];

async function json<T>(response: Response, status: number): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

for (const factory of STORE_FACTORIES) {
  describe(`customer context API on ${factory.name}`, () => {
    let t: TestHub;

    before(async () => {
      t = await startTestHub(factory);
      await t.hub.store.query("insert into connector_instances (id, connector_id, version, config) values ('twilio-main', 'twilio', '1.0.0', '{}')");
      await json(await t.call('POST', '/v1/return-policies', { key: t.keys.admin, body: STANDARD_POLICY }), 201);
    });
    after(async () => {
      await t.close();
    });

    it('serves the context by customer id, and by phone or email for an incoming contact', async () => {
      const { customerId, orderId, phone, email } = await customerWithOrder(t, { shipped: false });
      const byId = await json<Schemas['CustomerContext']>(await t.call('GET', `/v1/customers/${customerId}/context`, { key: t.keys.read }), 200);
      assert.equal(byId.recentOrders[0]?.orderId, orderId);
      assert.deepEqual(byId.recentOrders[0]?.lines.map((l) => l.status), ['pending', 'pending']);
      assert.deepEqual(byId.lifetimeValue, { amount: '74.90', currency: 'EUR' });
      assert.equal(byId.customer.consent?.['sms']?.granted, true);
      assert.ok(t.hub.registry.validate({ name: 'customer-context', version: 1 }, byId).valid);
      const encoded = await json<Schemas['CustomerContext']>(await t.call('GET', `/v1/customers/context?phone=${encodeURIComponent(phone)}`, { key: t.keys.read }), 200);
      assert.equal(encoded.customer.id, customerId);
      const raw = await json<Schemas['CustomerContext']>(await t.call('GET', `/v1/customers/context?phone=${phone}`, { key: t.keys.read }), 200);
      assert.equal(raw.customer.id, customerId, 'a raw + read as a space still finds the number');
      const byEmail = await json<Schemas['CustomerContext']>(await t.call('GET', `/v1/customers/context?email=${encodeURIComponent(email.toUpperCase())}`, { key: t.keys.read }), 200);
      assert.equal(byEmail.customer.id, customerId);
      assert.equal((await t.call('GET', `/v1/customers/context?phone=${encodeURIComponent(freshPhone())}`, { key: t.keys.read })).status, 404);
      assert.equal((await t.call('GET', '/v1/customers/context', { key: t.keys.read })).status, 400);
      assert.equal((await t.call('GET', `/v1/customers/context?phone=${encodeURIComponent(phone)}&email=${email}`, { key: t.keys.read })).status, 400);
      assert.equal((await t.call('GET', '/v1/customers/context?phone=call-me', { key: t.keys.read })).status, 400);
      assert.equal((await t.call('GET', `/v1/customers/${fresh('nobody')}/context`, { key: t.keys.read })).status, 404);
      assert.equal((await t.call('GET', `/v1/customers/${customerId}/context`)).status, 401);
    });

    it("serves a guest caller the orders placed with their phone, within the contract; 404 only when no order holds it", async () => {
      const phone = freshPhone();
      const orderId = fresh('ord');
      await publish(t, Events.OrderCreated, {
        order: {
          id: orderId,
          channel: 'web',
          placedAt: new Date(Date.now() - 86_400_000).toISOString(),
          status: 'confirmed',
          customer: { phone, name: 'Guest Caller' },
          lines: [{ lineId: '1', sku: 'MUG-WHT-350', title: 'Mug white', quantity: 1, unitPrice: { amount: '9.50', currency: 'EUR' } }],
          shippingAddress: { line1: 'Alexanderplatz 1', city: 'Berlin', postalCode: '10178', country: 'DE' },
          deliveryMethod: 'ship',
          totals: { subtotal: { amount: '9.50', currency: 'EUR' }, grandTotal: { amount: '9.50', currency: 'EUR' } },
          currency: 'EUR',
        },
      }, '/connectors/shopify/shopify-eu');
      const path = `/v1/customers/context?phone=${encodeURIComponent(phone)}`;
      await waitFor(async () => (await t.call('GET', path, { key: t.keys.read })).status === 200, { message: 'guest context', timeoutMs: 20_000 });
      const guest = await json<Schemas['CustomerContext']>(await t.call('GET', path, { key: t.keys.read }), 200);
      assert.equal(guest.customer.id, `guest:${phone}`);
      assert.equal(guest.customer.phone, phone);
      assert.deepEqual(guest.recentOrders.map((o) => o.orderId), [orderId]);
      assert.deepEqual(guest.lifetimeValue, { amount: '9.50', currency: 'EUR' });
      const missing = await t.call('GET', `/v1/customers/context?phone=${encodeURIComponent(freshPhone())}`, { key: t.keys.read });
      assert.equal(missing.status, 404);
      assert.match(((await missing.json()) as { detail: string }).detail, /no customer or order holds/);
    });

    it('shows open returns in the context and the notifications the customer got, in their language', async () => {
      const { customerId, orderId, phone } = await customerWithOrder(t);
      const prefs = await json<Schemas['CustomerPreferences']>(await t.call('PUT', `/v1/customers/${customerId}/preferences`, { key: t.keys.write, body: { locale: 'de', channel: 'sms' } }), 200);
      assert.deepEqual(prefs, { locale: 'de', channel: 'sms' });
      assert.deepEqual(await json(await t.call('GET', `/v1/customers/${customerId}/preferences`, { key: t.keys.read }), 200), { locale: 'de', channel: 'sms' });
      assert.equal((await t.call('PUT', `/v1/customers/${customerId}/preferences`, { key: t.keys.write, body: { channel: 'pigeon' } })).status, 422);
      const rma = await json<Schemas['ReturnDetail']>(await t.call('POST', '/v1/returns', { key: t.keys.write, body: { orderId, method: 'store', initiatedBy: { channel: 'contact-center' }, lines: [{ lineId: '1', quantity: 1, reason: 'size' }] } }), 201);
      await waitFor(async () => {
        const context = await json<Schemas['CustomerContext']>(await t.call('GET', `/v1/customers/${customerId}/context`, { key: t.keys.read }), 200);
        return context.openReturns[0]?.returnId === rma.id && context.openReturns[0].eligibleUntil !== undefined;
      }, { message: 'open return in the context', timeoutMs: 20_000 });
      await waitFor(async () => (await json<Schemas['CustomerNotificationList']>(await t.call('GET', `/v1/customers/${customerId}/notifications`, { key: t.keys.read }), 200)).items.length === 1, { message: 'notification', timeoutMs: 60_000 });
      const [notification] = (await json<Schemas['CustomerNotificationList']>(await t.call('GET', `/v1/customers/${customerId}/notifications`, { key: t.keys.read }), 200)).items;
      assert.equal(notification?.kind, 'return-authorized');
      assert.equal(notification?.status, 'requested');
      assert.equal(notification?.to, phone);
      assert.equal(notification?.instanceId, 'twilio-main');
      assert.equal(notification?.locale, 'de');
      assert.match(notification?.body ?? '', new RegExp(`^Hallo Lena, Ihre Rücksendung ${rma.id} ist genehmigt\\.`));
    });
  });
}
