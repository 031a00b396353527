import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CustomerUpserted, FulfillmentShipped, OrderCreated, ReturnRequested } from '../../src/events/catalog.ts';
import type { FulfillmentV1, OrderV1 } from '../../src/generated/schema-types.ts';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import { waitFor } from '../../src/testing/wait-for.ts';
import { getCustomerOrder, readContext, updateLines } from '../../src/customers/index.ts';
import { applyOrderUpdate, orderUpdateReader, readOrderUpdate } from '../../src/customers/order-updates.ts';
import { customer, standardPolicy, uniqueId, webOrder } from '../returns/fixtures.ts';
import { openFlowHarness, type FlowHarness } from '../returns/support.ts';

const SHOPIFY = '/connectors/shopify/shopify-eu';
const SQUARE = '/connectors/square/square-berlin';

function phone(): string {
  return `+49154${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

for (const factory of STORE_FACTORIES) {
  describe(`customer context: partial shipments and every refund on ${factory.name}`, () => {
    let h: FlowHarness;
    before(async () => {
      h = await openFlowHarness(factory);
      await h.returns.service.savePolicy(standardPolicy(), 'test');
    });
    after(async () => {
      await h.dispose();
    });

    async function customerWithOrder(order: (id: string, customerId: string) => OrderV1): Promise<{ customerId: string; orderId: string }> {
      const customerId = uniqueId('cus');
      const orderId = uniqueId('ord');
      await h.publish(CustomerUpserted, { customer: customer(customerId, { phone: phone(), email: `${customerId}@example.com` }) }, '/connectors/hubspot/hubspot-main');
      await h.publish(OrderCreated, { order: order(orderId, customerId) }, SHOPIFY);
      await waitFor(async () => (await readContext(h.store, customerId))?.orderCount === 1, { message: `order ${orderId} projected` });
      return { customerId, orderId };
    }

    it('shows a line shipped 2 of 3 as 2 units shipped and 1 still to ship, the order partly fulfilled', async () => {
      const { customerId, orderId } = await customerWithOrder((id, customerId) =>
        webOrder({ id, customerId, lines: [{ lineId: '1', sku: 'TSHIRT-BLK-M', title: 'T-shirt black M', quantity: 3, unitPrice: { amount: '29.95', currency: 'EUR' } }], totals: { subtotal: { amount: '89.85', currency: 'EUR' }, grandTotal: { amount: '89.85', currency: 'EUR' } } }),
      );
      const fulfillment: FulfillmentV1 = { id: `${orderId}-f1`, orderId, locationId: 'dc-east', status: 'shipped', lines: [{ lineId: '1', sku: 'TSHIRT-BLK-M', quantity: 3 }], deliveryMethod: 'ship', requestedAt: '2025-04-14T09:00:00Z' };
      const shipment = (id: string, quantity: number) => ({ id, fulfillmentId: fulfillment.id, carrier: 'DHL', trackingUrl: `https://track.example.com/${id}`, shippedAt: '2025-04-14T12:00:00Z', lines: [{ lineId: '1', quantity }] });
      await h.publish(FulfillmentShipped, { fulfillment, shipment: shipment(`${orderId}-s1`, 2) }, '/connectors/netsuite/netsuite-prod');
      await waitFor(async () => (await readContext(h.store, customerId))?.recentOrders[0]?.status === 'partially-fulfilled', { message: 'partly shipped' });
      const partly = (await readContext(h.store, customerId))?.recentOrders[0];
      assert.deepEqual(partly?.lines.map((l) => [l.lineId, l.quantity, l.status]), [['1', 2, 'shipped'], ['1', 1, 'pending']]);
      // The same shipment reported again counts once.
      await h.publish(FulfillmentShipped, { fulfillment, shipment: shipment(`${orderId}-s1`, 2) }, '/connectors/netsuite/netsuite-prod');
      await h.publish(FulfillmentShipped, { fulfillment, shipment: shipment(`${orderId}-s2`, 1) }, '/connectors/netsuite/netsuite-prod');
      await waitFor(async () => (await readContext(h.store, customerId))?.recentOrders[0]?.status === 'fulfilled', { message: 'all shipped' });
      assert.deepEqual((await readContext(h.store, customerId))?.recentOrders[0]?.lines.map((l) => [l.lineId, l.quantity, l.status]), [['1', 3, 'shipped']]);
    });

    it('dead-letters a Shopify return request for units never shipped, naming the line and what is left', async () => {
      const { customerId, orderId } = await customerWithOrder((id, customerId) => webOrder({ id, customerId }));
      const returnId = uniqueId('RMA');
      const event = await h.publish(
        ReturnRequested,
        {
          returnRequest: {
            id: returnId,
            orderId,
            customerId,
            initiatedBy: { channel: 'web' },
            status: 'requested',
            method: 'mail',
            lines: [{ lineId: '1', sku: 'TSHIRT-BLK-M', quantity: 1, reason: 'size' }],
            createdAt: '2025-04-14T09:00:00Z',
            updatedAt: '2025-04-14T09:00:00Z',
          },
        },
        SHOPIFY,
      );
      await waitFor(async () => (await h.store.query("select 1 from dead_letters where event_id = $1 and subscriber = 'flow.returns'", [event.id])).rowCount === 1, { message: 'dead-lettered' });
      const { rows } = await h.store.query<{ error_code: string; error_message: string }>('select error_code, error_message from dead_letters where event_id = $1', [event.id]);
      assert.equal(rows[0]?.error_code, 'returns.lines-invalid');
      assert.match(rows[0]?.error_message ?? '', /line 1 has 0 unit\(s\) left to return \(0 shipped, 0 returned or in open returns\)/);
      assert.equal((await h.store.query('select 1 from returns where return_id = $1', [returnId])).rowCount, 0);
    });

    it('nets a refund recorded by hand out of the lifetime value, once', async () => {
      const { customerId, orderId } = await customerWithOrder((id, customerId) => webOrder({ id, customerId, payment: { gateway: 'other' } }));
      await h.store.transaction((tx) => updateLines(tx, orderId, [{ lineId: '1', status: 'shipped', handoverId: 's1', units: 2 }]));
      const { record } = await h.returns.service.create({ orderId, method: 'store', initiatedBy: { channel: 'contact-center' }, lines: [{ lineId: '1', quantity: 2, reason: 'size' }] }, 'k');
      const parked = await h.returns.service.receive(record.id, { locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 2, disposition: 'RESTOCKED' }] }, 'k');
      assert.equal(parked.status, 'manual-refund');
      await h.returns.service.refund(record.id, { mode: 'manual', by: 'ops', reference: 'bank-1' }, 'k');
      // 84.40 − (59.90 − 10 % restocking 5.99 = 53.91) = 30.49
      await waitFor(async () => (await readContext(h.store, customerId))?.lifetimeValue?.amount === '30.49', { message: 'manual refund netted' });
      await waitFor(async () => (await readContext(h.store, customerId))?.openReturns.length === 0, { message: 'return closed' });
      assert.deepEqual((await getCustomerOrder(h.store, orderId))?.refunded, { amount: '53.91', currency: 'EUR' });
    });

    it('counts the refund of a return once when it was counted before under its refund id', async () => {
      const { orderId } = await customerWithOrder((id, customerId) => webOrder({ id, customerId, payment: { gateway: 'shopify' } }));
      const eur = (amount: string): { amount: string; currency: string } => ({ amount, currency: 'EUR' });
      const apply = async (type: string, data: unknown): Promise<void> => {
        const read = orderUpdateReader(type);
        assert.ok(read !== undefined, type);
        const update = readOrderUpdate(read, data, Date.now());
        assert.ok(update !== undefined, `${type} changes the order`);
        await h.store.transaction((tx) => applyOrderUpdate(tx, update));
      };
      // Counted under the payment system's refund id, as refunds of returns once were.
      await h.store.query(`update customer_order_view set refund_ids = '["re_1"]'::jsonb, refunded = $2::jsonb where order_id = $1`, [orderId, JSON.stringify(eur('10.00'))]);
      const refund = { id: 're_1', orderId, returnId: uniqueId('RMA'), gateway: 'shopify', status: 'succeeded', amount: eur('10.00'), createdAt: '2025-04-14T09:00:00Z' };
      await apply('refund.issued', { refund });
      // A till return whose refund request the return recorded: return.closed names no refund id.
      const closedId = uniqueId('RMA');
      await h.store.query(`update customer_order_view set refund_ids = refund_ids || '["re_2"]'::jsonb, refunded = $2::jsonb where order_id = $1`, [orderId, JSON.stringify(eur('15.00'))]);
      await h.store.query(
        `insert into returns (return_id, order_id, status, method, origin, lines, refund, created_at, updated_at) values ($1, $2, 'refunded', 'store', '{}', '[]', $3::jsonb, now(), now())`,
        [closedId, orderId, JSON.stringify({ requestId: 're_2', status: 'succeeded', amount: eur('5.00') })],
      );
      const closed = { id: closedId, orderId, status: 'closed', method: 'store', lines: [], refund: { type: 'original-payment', amount: eur('5.00') }, createdAt: '2025-04-14T09:00:00Z', updatedAt: '2025-04-14T09:00:00Z' };
      await apply('return.closed', { returnRequest: closed });
      assert.deepEqual((await getCustomerOrder(h.store, orderId))?.refunded, eur('15.00'));
      // A refund not counted before still counts, once.
      const fresh = { ...refund, id: 're_3', returnId: uniqueId('RMA'), amount: eur('1.50') };
      await apply('refund.issued', { refund: fresh });
      await apply('refund.issued', { refund: fresh });
      assert.deepEqual((await getCustomerOrder(h.store, orderId))?.refunded, eur('16.50'));
    });

    it('keeps the refund of a till return refunded at the counter and nets it out of the lifetime value', async () => {
      const { customerId, orderId } = await customerWithOrder((id, customerId) => webOrder({ id, customerId, channel: 'store:berlin-alex', payment: { gateway: 'square' } }));
      const returnId = uniqueId('RMA');
      await h.publish(
        ReturnRequested,
        {
          returnRequest: {
            id: returnId,
            orderId,
            customerId,
            initiatedBy: { channel: 'store', locationId: 'store-berlin-alex' },
            status: 'refunded',
            method: 'store',
            lines: [{ lineId: '2', sku: 'MUG-WHT-350', quantity: 1, reason: 'changed-mind', receivedQuantity: 1, disposition: 'RESTOCKED', restockLocationId: 'store-berlin-alex' }],
            refund: { type: 'original-payment', amount: { amount: '9.50', currency: 'EUR' } },
            createdAt: '2025-04-14T09:00:00Z',
            updatedAt: '2025-04-14T09:00:00Z',
          },
        },
        SQUARE,
      );
      await waitFor(async () => (await h.store.query('select 1 from returns where return_id = $1', [returnId])).rowCount === 1, { message: 'till return recorded' });
      const detail = await h.returns.service.get(returnId);
      assert.equal(detail.record.status, 'closed');
      assert.equal(detail.record.origin.managedBy, 'source');
      assert.equal(detail.record.refund?.status, 'succeeded');
      assert.deepEqual(detail.record.refund?.amount, { amount: '9.50', currency: 'EUR' });
      await waitFor(async () => (await readContext(h.store, customerId))?.lifetimeValue?.amount === '74.90', { message: '84.40 − 9.50' });
    });
  });
}
