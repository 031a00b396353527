import { randomUUID } from 'node:crypto';
import { createEvent, Events, putLocation, RefundRequested, updateLines, type CloudEvent, type EventDefinition, type PayloadOf } from '@omnihub/core';
import { waitFor } from '@omnihub/core/testing';
import type { TestHub } from './support.ts';

/** A fresh id with a prefix. */
export function fresh(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

/** A fresh E.164 number. */
export function freshPhone(): string {
  return `+49153${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** Publishes an event through the facade, as a connector or backend would. */
export async function publish<D extends EventDefinition<unknown>>(t: TestHub, definition: D, data: PayloadOf<D>, source: string): Promise<CloudEvent> {
  const event = createEvent(definition, data, { source });
  const response = await t.call('POST', '/v1/events', { key: t.keys.write, body: event });
  if (response.status !== 202) throw new Error(`publish ${definition.type}: ${response.status} ${await response.text()}`);
  return event;
}

/** A customer with SMS consent and a Shopify web order, published and projected, its units shipped unless `shipped: false`. */
export async function customerWithOrder(t: TestHub, options: { quietHours?: boolean; shipped?: boolean } = {}): Promise<{ customerId: string; orderId: string; phone: string; email: string }> {
  const customerId = fresh('cus');
  const orderId = fresh('ord');
  const phone = freshPhone();
  const email = `${customerId}@example.com`;
  await publish(t, Events.CustomerUpserted, {
    customer: {
      id: customerId,
      email,
      phone,
      firstName: 'Lena',
      lastName: 'Koch',
      externalIds: [{ system: 'hubspot', id: `hs-${customerId}` }],
      consent: { sms: { granted: true, updatedAt: '2025-01-01T00:00:00Z' } },
      ...(options.quietHours === true ? { quietHours: { start: '00:00', end: '23:59', timeZone: 'UTC' } } : {}),
      updatedAt: '2025-04-01T00:00:00Z',
    },
  }, '/connectors/hubspot/hubspot-main');
  const placedAt = new Date(Date.now() - 3 * 86_400_000).toISOString();
  await publish(t, Events.OrderCreated, {
    order: {
      id: orderId,
      channel: 'web',
      placedAt,
      status: 'confirmed',
      customer: { customerId, email },
      lines: [
        { lineId: '1', sku: 'TSHIRT-BLK-M', title: 'T-shirt black M', quantity: 2, unitPrice: { amount: '29.95', currency: 'EUR' }, category: 'apparel/tops' },
        { lineId: '2', sku: 'SCARF-RED', title: 'Scarf red', quantity: 1, unitPrice: { amount: '15.00', currency: 'EUR' }, finalSale: true },
      ],
      shippingAddress: { line1: 'Alexanderplatz 1', city: 'Berlin', postalCode: '10178', country: 'DE' },
      deliveryMethod: 'ship',
      totals: { subtotal: { amount: '74.90', currency: 'EUR' }, grandTotal: { amount: '74.90', currency: 'EUR' } },
      currency: 'EUR',
      payment: { gateway: 'shopify', transactionId: 'gid://shopify/OrderTransaction/1' },
    },
  }, '/connectors/shopify/shopify-eu');
  await waitFor(async () => {
    const response = await t.call('GET', `/v1/customers/${customerId}/context`, { key: t.keys.read });
    return response.status === 200 && ((await response.json()) as { orderCount: number }).orderCount === 1;
  }, { message: `context of ${customerId}`, timeoutMs: 20_000 });
  if (options.shipped !== false) {
    // Delivered, as returns need (recorded directly: no shipment notification to count).
    await t.hub.store.transaction((tx) => updateLines(tx, orderId, [
      { lineId: '1', status: 'shipped', handoverId: `shp-${orderId}`, units: 2 },
      { lineId: '2', status: 'shipped', handoverId: `shp-${orderId}`, units: 1 },
    ]));
  }
  return { customerId, orderId, phone, email };
}

/** Stores where the returns tests receive and restock goods (pickup only: routing ships no test order from them). */
export async function seedReturnLocations(t: TestHub): Promise<void> {
  for (const id of ['store-berlin', 'store-hh']) {
    await t.hub.store.transaction((tx) => putLocation(tx, { id, name: id, type: 'store', status: 'open', capabilities: ['pickup'], geo: { lat: 52.5, lon: 13.4 }, timeZone: 'Europe/Berlin' }));
  }
}

/** The standard policy document. */
export const STANDARD_POLICY = {
  id: 'standard',
  name: 'Standard returns',
  returnPolicyCategory: 'finite-window',
  merchantReturnDays: 30,
  returnMethods: ['mail', 'store'],
  restockingFee: { percent: 10 },
  refundTypes: ['original-payment', 'store-credit'],
};

/**
 * The Shopify instance's outbound side, simulated on the hub's bus (its instance recorded, so the
 * hub refunds through it): refund requests for shopify-eu are answered with refund.issued, failed for the return ids in `refuse`.
 */
export async function simulateShopifyRefunds(t: TestHub, name: string, refuse: Set<string>): Promise<void> {
  await t.hub.store.query("insert into connector_instances (id, connector_id, version, config) values ('shopify-eu', 'shopify', '1.0.0', '{}') on conflict (id) do nothing");
  await t.hub.broker.bus.subscribe({
    name,
    events: [RefundRequested],
    handle: async (event, { emit }) => {
      const request = event.data;
      if (request.target.instanceId !== 'shopify-eu') return;
      const refused = request.returnId !== undefined && refuse.has(request.returnId);
      await emit(
        Events.RefundIssued,
        {
          refund: {
            id: request.requestId,
            orderId: request.orderId,
            ...(request.returnId === undefined ? {} : { returnId: request.returnId }),
            amount: request.amount,
            gateway: 'shopify',
            status: refused ? 'failed' : 'succeeded',
            issuedAt: new Date().toISOString(),
            ...(refused ? { reason: 'card expired' } : { transactionId: `tx-${request.requestId}` }),
          },
        },
        { source: '/connectors/shopify/shopify-eu' },
      );
    },
  });
}
