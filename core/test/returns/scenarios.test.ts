import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CustomerUpserted, FulfillmentShipped, InteractionEnded, InteractionStarted, InventoryMovementRecorded, OrderCreated, RefundIssued } from '../../src/events/catalog.ts';
import type { FulfillmentV1, RefundV1, ShipmentV1 } from '../../src/generated/schema-types.ts';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import { waitFor } from '../../src/testing/wait-for.ts';
import { CrmActivityRequested, getCustomerOrder, InteractionContextResolved, readContext } from '../../src/customers/index.ts';
import { updateLines } from '../../src/customers/order-view.ts';
import { NotificationDeliveryUpdated, NotificationRequested, NotificationSent, notificationsOfCustomer } from '../../src/notifications/index.ts';
import { RefundRequested } from '../../src/returns/index.ts';
import { customer, standardPolicy, uniqueId, webOrder } from './fixtures.ts';
import { openFlowHarness, type FlowHarness } from './support.ts';

const SHOPIFY = '/connectors/shopify/shopify-eu';
const TWILIO = '/connectors/twilio/twilio-flex';

/** A fresh E.164 number. */
function phone(): string {
  return `+49151${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

for (const factory of STORE_FACTORIES) {
  describe(`returns, customer context and notifications end to end on ${factory.name}`, () => {
    let h: FlowHarness;
    /** Return ids whose refund the simulated Shopify instance refuses. */
    const refusedRefunds = new Set<string>();

    before(async () => {
      h = await openFlowHarness(factory, {
        capture: [NotificationRequested, InventoryMovementRecorded, RefundRequested, RefundIssued, InteractionContextResolved, CrmActivityRequested],
        notifications: { channelInstances: { sms: 'twilio-main' } },
      });
      await h.returns.service.savePolicy(standardPolicy(), 'test');
      // The Shopify instance's outbound side, simulated: it executes refund requests meant for it.
      await h.subscribe({
        name: 'connector.shopify-eu.refunds',
        events: [RefundRequested],
        handle: async (event, { emit }) => {
          const request = event.data;
          if (request.target.instanceId !== 'shopify-eu') return;
          const refused = request.returnId !== undefined && refusedRefunds.has(request.returnId);
          const refund: RefundV1 = {
            id: request.requestId,
            orderId: request.orderId,
            ...(request.returnId === undefined ? {} : { returnId: request.returnId }),
            amount: request.amount,
            gateway: 'shopify',
            status: refused ? 'failed' : 'succeeded',
            issuedAt: new Date().toISOString(),
            ...(refused ? { reason: 'Shopify: the payment was already fully refunded' } : { transactionId: `gid://shopify/OrderTransaction/${request.requestId}` }),
          };
          await emit(RefundIssued, { refund }, { source: SHOPIFY });
        },
      });
    });
    after(async () => {
      await h.dispose();
    });

    /** A customer (SMS consent, Berlin quiet hours) and their Shopify web order, projected. */
    async function customerWithOrder(): Promise<{ customerId: string; orderId: string; phone: string }> {
      const customerId = uniqueId('cus');
      const orderId = uniqueId('ord');
      const number = phone();
      await h.publish(CustomerUpserted, { customer: customer(customerId, { phone: number, email: `${customerId}@example.com` }) }, '/connectors/hubspot/hubspot-main');
      await h.publish(OrderCreated, { order: webOrder({ id: orderId, customerId }) }, SHOPIFY);
      await waitFor(async () => (await getCustomerOrder(h.store, orderId)) !== undefined && (await readContext(h.store, customerId))?.orderCount === 1, { message: `order ${orderId} projected` });
      // Delivered, as returns need (without announcing shipments the tests below count).
      await h.store.transaction((tx) => updateLines(tx, orderId, ['1', '2', '3'].map((lineId) => ({ lineId, status: 'shipped', handoverId: `shp-${orderId}`, units: lineId === '1' ? 2 : 1 }))));
      return { customerId, orderId, phone: number };
    }

    const notificationsFor = (customerId: string, kind?: string) =>
      h.captured.of(NotificationRequested).filter((event) => event.data.notification.customerId === customerId && (kind === undefined || event.data.notification.kind === kind));

    it('an agent return for a web order passes policy, is received and restocked in a store, refunds through Shopify and notifies once', async () => {
      const { customerId, orderId, phone: number } = await customerWithOrder();
      const { record } = await h.returns.service.create({ orderId, method: 'store', initiatedBy: { channel: 'contact-center', actorId: 'agent-7' }, lines: [{ lineId: '1', quantity: 2, reason: 'size' }] }, 'agent-key');
      assert.equal(record.status, 'authorized');
      await waitFor(() => notificationsFor(customerId, 'return-authorized').length === 1, { message: 'return-authorized notification' });
      const authorized = notificationsFor(customerId, 'return-authorized')[0]?.data.notification;
      assert.equal(authorized?.channel, 'sms');
      assert.equal(authorized?.to, number);
      assert.equal(authorized?.instanceId, 'twilio-main');
      assert.match(authorized?.body ?? '', new RegExp(`Hi Lena, your return ${record.id} is approved\\. Please send or bring the items back by May 5, 2025\\.`));
      // The agent sees the same hand-in deadline as the customer was told.
      await waitFor(async () => (await readContext(h.store, customerId))?.openReturns.some((r) => r.returnId === record.id) === true, { message: 'open return in context' });
      assert.equal((await readContext(h.store, customerId))?.openReturns.find((r) => r.returnId === record.id)?.eligibleUntil, record.receiveBy);
      assert.equal(record.receiveBy, '2025-05-05T10:00:00.000Z');

      await h.returns.service.receive(record.id, { locationId: 'store-berlin-alex', lines: [{ lineId: '1', quantity: 2, disposition: 'RESTOCKED' }] }, 'store-key');
      await waitFor(async () => (await h.returns.service.get(record.id)).record.status === 'closed', { message: 'return closed' });

      const movements = h.captured.of(InventoryMovementRecorded).filter((event) => event.data.reference?.returnId === record.id);
      assert.deepEqual(movements.map((m) => [m.data.sku, m.data.locationId, m.data.quantity]), [['TSHIRT-BLK-M', 'store-berlin-alex', 2]]);
      const refunds = h.captured.of(RefundRequested).filter((event) => event.data.returnId === record.id);
      assert.deepEqual(refunds.map((r) => [r.data.target.instanceId, r.data.gateway, r.data.amount.amount]), [['shopify-eu', 'shopify', '53.91']]);
      await waitFor(() => notificationsFor(customerId, 'refund-issued').length === 1, { message: 'refund-issued notification' });
      assert.match(notificationsFor(customerId, 'refund-issued')[0]?.data.notification.body ?? '', /we refunded €53\.91 for order/);

      // Shopify sends its refund webhook again: nothing moves, nobody is notified twice.
      const answer = h.captured.of(RefundIssued).find((event) => event.data.refund.returnId === record.id);
      assert.ok(answer);
      const duplicate = await h.publish(RefundIssued, answer.data, SHOPIFY);
      await waitFor(async () => (await h.store.query("select 1 from inbox where subscriber = 'flow.notifications' and event_id = $1", [duplicate.id])).rowCount === 1, { message: 'duplicate handled' });
      assert.equal(notificationsFor(customerId).length, 2, 'one return-authorized and one refund-issued notification');

      const detail = await h.returns.service.get(record.id);
      assert.deepEqual(detail.history.map((e) => `${e.step}:${e.outcome}`), [
        'request:done',
        'authorize:done',
        'receive:done',
        'restock:done',
        'inspect:done',
        'request-refund:done',
        'settle-refund:done',
        'close:done',
      ]);
      assert.equal(detail.record.refund?.status, 'succeeded');
      assert.equal(detail.record.refund?.transactionId, `gid://shopify/OrderTransaction/${record.id}-refund-1`);
      await waitFor(async () => (await readContext(h.store, customerId))?.recentOrders[0]?.lines[0]?.status === 'returned', { message: 'line shown returned' });
      const context = await readContext(h.store, customerId);
      assert.deepEqual(context?.openReturns, []);
      assert.deepEqual(context?.lifetimeValue, { amount: '30.49', currency: 'EUR' }, '84.40 paid − 53.91 refunded');
      const tickets = h.captured.of(CrmActivityRequested).filter((event) => event.data.activityId === `return:${record.id}`);
      // Delivery order is not guaranteed: the closing update may arrive before an earlier one.
      await waitFor(() => h.captured.of(CrmActivityRequested).some((event) => event.data.activityId === `return:${record.id}` && event.data.status === 'closed'), { message: 'CRM ticket closed' });
      assert.ok(tickets.length >= 3);
    });

    it('a refund the payment system refuses leaves the return in manual-refund with its history and an ops alert', async () => {
      const { customerId, orderId } = await customerWithOrder();
      const { record } = await h.returns.service.create({ orderId, method: 'store', initiatedBy: { channel: 'store', locationId: 'store-berlin-alex' }, lines: [{ lineId: '2', quantity: 1, reason: 'damaged' }] }, 'store-key');
      refusedRefunds.add(record.id);
      await h.returns.service.receive(record.id, { locationId: 'store-berlin-alex', lines: [{ lineId: '2', quantity: 1, disposition: 'NOT_RESTOCKED' }] }, 'store-key');
      await waitFor(async () => (await h.returns.service.get(record.id)).record.status === 'manual-refund', { message: 'manual-refund' });
      const detail = await h.returns.service.get(record.id);
      assert.deepEqual(detail.history.map((e) => `${e.step}:${e.outcome}`).slice(-3), ['inspect:done', 'request-refund:done', 'refund:failed']);
      assert.equal(detail.record.refund?.status, 'manual');
      assert.match(detail.record.refund?.reason ?? '', /already fully refunded/);
      assert.equal(detail.alerts.length, 1);
      assert.equal(detail.alerts[0]?.kind, 'refund-failed');
      assert.match(await h.metrics.metrics(), /omnihub_flow_alerts_total\{flow="returns",kind="refund-failed"\} 1/);
      assert.equal(notificationsFor(customerId, 'refund-issued').length, 0, 'no refund announced');
    });

    it('a contact from a known phone number gets the customer context on its task, and its end is logged to the CRM', async () => {
      const { customerId, orderId, phone: number } = await customerWithOrder();
      const interactionId = uniqueId('int');
      await h.publish(InteractionStarted, { interaction: { id: interactionId, contact: { phone: number }, channel: 'voice', direction: 'inbound', startedAt: '2025-04-14T10:05:00Z', externalIds: [{ system: 'twilio', id: 'WT0001' }] } }, TWILIO);
      await waitFor(() => h.captured.of(InteractionContextResolved).some((event) => event.data.interaction.id === interactionId), { message: 'context resolved' });
      const resolved = h.captured.of(InteractionContextResolved).find((event) => event.data.interaction.id === interactionId)?.data;
      assert.equal(resolved?.matched, true);
      assert.equal(resolved?.matchedBy, 'phone');
      assert.deepEqual(resolved?.target, { instanceId: 'twilio-flex' });
      assert.equal(resolved?.interaction.customerId, customerId);
      assert.equal(resolved?.context?.name, 'Lena Koch');
      assert.equal(resolved?.context?.recentOrders[0]?.orderId, orderId);
      assert.equal(resolved?.context?.lastInteraction, undefined, 'the starting contact is not its own history');
      assert.deepEqual(resolved?.context?.consent, { sms: true, email: false });
      assert.equal(resolved?.context?.contextPath, `/v1/customers/${customerId}/context`);

      await h.publish(InteractionEnded, { interaction: { id: interactionId, contact: { phone: number }, channel: 'voice', direction: 'inbound', startedAt: '2025-04-14T10:05:00Z', endedAt: '2025-04-14T10:09:00Z', agentId: 'agent-7', summary: 'Asked where the parcel is; tracking sent.', outcome: 'resolved' } }, TWILIO);
      await waitFor(() => h.captured.of(CrmActivityRequested).some((event) => event.data.activityId === `interaction:${interactionId}`), { message: 'CRM call logged' });
      const logged = h.captured.of(CrmActivityRequested).find((event) => event.data.activityId === `interaction:${interactionId}`)?.data;
      assert.equal(logged?.kind, 'call');
      assert.equal(logged?.customer.customerId, customerId);
      assert.deepEqual(logged?.customer.externalIds?.map((e) => e.system), ['shopify', 'hubspot']);
      assert.equal(logged?.body, 'Asked where the parcel is; tracking sent. Outcome: resolved. Agent: agent-7.');
      await waitFor(async () => (await readContext(h.store, customerId))?.recentInteractions[0]?.summary === 'Asked where the parcel is; tracking sent.', { message: 'interaction in context' });

      const stranger = uniqueId('int');
      await h.publish(InteractionStarted, { interaction: { id: stranger, contact: { phone: phone() }, channel: 'sms', direction: 'inbound', startedAt: '2025-04-14T10:06:00Z' } }, TWILIO);
      await waitFor(() => h.captured.of(InteractionContextResolved).some((event) => event.data.interaction.id === stranger), { message: 'unknown caller answered' });
      const unknown = h.captured.of(InteractionContextResolved).find((event) => event.data.interaction.id === stranger)?.data;
      assert.equal(unknown?.matched, false);
      assert.equal(unknown?.context, undefined);

      // A guest who ordered with their number: no customer is found, but the task gets their orders.
      const guestNumber = phone();
      const guestOrder = uniqueId('ord');
      await h.publish(OrderCreated, { order: webOrder({ id: guestOrder, customer: { phone: guestNumber } }) }, SHOPIFY);
      await waitFor(async () => (await getCustomerOrder(h.store, guestOrder)) !== undefined, { message: 'guest order projected' });
      const guestCall = uniqueId('int');
      await h.publish(InteractionStarted, { interaction: { id: guestCall, contact: { phone: guestNumber }, channel: 'voice', direction: 'inbound', startedAt: '2025-04-14T10:07:00Z' } }, TWILIO);
      await waitFor(() => h.captured.of(InteractionContextResolved).some((event) => event.data.interaction.id === guestCall), { message: 'guest caller answered' });
      const guest = h.captured.of(InteractionContextResolved).find((event) => event.data.interaction.id === guestCall)?.data;
      assert.equal(guest?.matched, false, 'no customer was found');
      assert.equal(guest?.matchedBy, undefined);
      assert.equal(guest?.context?.customerId, `guest:${guestNumber}`);
      assert.deepEqual(guest?.context?.recentOrders.map((o) => o.orderId), [guestOrder]);
      assert.equal(guest?.context?.lastInteraction, undefined, 'the starting contact is not its own history');
      assert.equal(guest?.context?.contextPath, `/v1/customers/context?phone=${encodeURIComponent(guestNumber)}`);
    });

    it('a notification due in quiet hours is held, sent once when they end, and its delivery is tracked', async () => {
      const { customerId, orderId } = await customerWithOrder();
      h.clock.set('2025-04-14T20:30:00Z'); // 22:30 in Berlin: quiet until 08:00 (06:00 UTC)
      try {
        const shipment: ShipmentV1 = { id: uniqueId('shp'), fulfillmentId: 'ful-1', carrier: 'DHL', trackingNumber: '00340434161094042557', trackingUrl: 'https://www.dhl.de/track?piececode=00340434161094042557', shippedAt: '2025-04-14T20:00:00Z', lines: [{ lineId: '1', quantity: 2 }] };
        const fulfillment: FulfillmentV1 = { id: 'ful-1', orderId, locationId: 'dc-east', status: 'shipped', lines: [{ lineId: '1', sku: 'TSHIRT-BLK-M', quantity: 2 }], deliveryMethod: 'ship', requestedAt: '2025-04-14T12:00:00Z' };
        const shipped = await h.publish(FulfillmentShipped, { fulfillment, shipment }, '/connectors/netsuite/netsuite-prod');
        await waitFor(async () => (await notificationsOfCustomer(h.store, customerId, 10)).some((n) => n.kind === 'order-shipped'), { message: 'notification recorded' });
        const [held] = (await notificationsOfCustomer(h.store, customerId, 10)).filter((n) => n.kind === 'order-shipped');
        assert.equal(held?.status, 'held');
        assert.equal(held?.heldUntil, '2025-04-15T06:00:00.000Z');
        assert.equal(held?.sourceEventId, shipped.id);
        assert.equal(notificationsFor(customerId, 'order-shipped').length, 0);

        assert.deepEqual(await h.notifications.releaseDue(new Date('2025-04-15T05:59:00Z')), { released: 0, suppressed: 0, stillHeld: 0 });
        h.clock.set('2025-04-15T06:00:00Z');
        const released = await h.notifications.releaseDue();
        assert.ok(released.released >= 1);
        await waitFor(() => notificationsFor(customerId, 'order-shipped').length === 1, { message: 'released notification sent' });
        assert.equal((await h.notifications.releaseDue()).released, 0, 'released once');
        // The same shipment reported again (another event id): the announcement is not repeated.
        const again = await h.publish(FulfillmentShipped, { fulfillment, shipment }, '/connectors/netsuite/netsuite-prod');
        await waitFor(async () => (await h.store.query("select 1 from inbox where subscriber = 'flow.notifications' and event_id = $1", [again.id])).rowCount === 1, { message: 'repeat handled' });
        assert.equal(notificationsFor(customerId, 'order-shipped').length, 1);
        const sent = notificationsFor(customerId, 'order-shipped')[0]?.data.notification;
        assert.match(sent?.body ?? '', /is on its way with DHL\. Track it: https:\/\/www\.dhl\.de/);

        // Twilio accepted the SMS, then its status callbacks arrive, the last one late.
        assert.ok(sent);
        await h.publish(NotificationSent, { notification: { ...sent, status: 'sent', sentAt: '2025-04-15T06:00:02Z', providerMessageId: 'SM0001' } }, '/connectors/twilio/twilio-main');
        await h.publish(NotificationDeliveryUpdated, { providerMessageId: 'SM0001', status: 'delivered', occurredAt: '2025-04-15T06:00:09Z' }, '/connectors/twilio/twilio-main');
        await waitFor(async () => (await notificationsOfCustomer(h.store, customerId, 10)).find((n) => n.id === sent.id)?.status === 'delivered', { message: 'delivered' });
        await h.publish(NotificationDeliveryUpdated, { providerMessageId: 'SM0001', status: 'sent', occurredAt: '2025-04-15T06:00:05Z' }, '/connectors/twilio/twilio-main');
        const late = await h.publish(NotificationDeliveryUpdated, { notificationId: sent.id, status: 'queued', occurredAt: '2025-04-15T06:00:01Z' }, '/connectors/twilio/twilio-main');
        await waitFor(async () => (await h.store.query("select 1 from inbox where subscriber = 'flow.notifications' and event_id = $1", [late.id])).rowCount === 1, { message: 'late callbacks handled' });
        const tracked = (await notificationsOfCustomer(h.store, customerId, 10)).find((n) => n.id === sent.id);
        assert.equal(tracked?.status, 'delivered');
        assert.equal(tracked?.providerMessageId, 'SM0001');
        assert.equal(tracked?.deliveredAt, '2025-04-15T06:00:09.000Z');
        assert.deepEqual(tracked?.history.map((c) => c.status), ['held', 'requested', 'sent', 'delivered']);
      } finally {
        h.clock.set('2025-04-14T10:00:00Z');
      }
    });
  });
}
