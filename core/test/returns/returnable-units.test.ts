import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HubError } from '../../src/errors/hub-error.ts';
import type { OrderV1 } from '../../src/generated/schema-types.ts';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import type { NewReturn } from '../../src/returns/index.ts';
import { standardPolicy, uniqueId, webOrder } from './fixtures.ts';
import { openServiceHarness, type ServiceHarness } from './service-support.ts';

/** The validation problem's field errors, when `error` is one. */
function fieldErrors(error: unknown): { path: string; message: string }[] {
  assert.ok(error instanceof HubError && error.code === 'validation-failed', `expected validation-failed, got ${String(error)}`);
  return error.errors ?? [];
}

async function refused(promise: Promise<unknown>): Promise<{ path: string; message: string }[]> {
  try {
    await promise;
  } catch (error: unknown) {
    return fieldErrors(error);
  }
  assert.fail('expected a validation failure');
}

/** A web order with one line of three T-shirts. */
function threeShirts(id: string): OrderV1 {
  return webOrder({
    id,
    lines: [{ lineId: '1', sku: 'TSHIRT-BLK-M', title: 'T-shirt black M', quantity: 3, unitPrice: { amount: '29.95', currency: 'EUR' }, category: 'apparel/tops' }],
    totals: { subtotal: { amount: '89.85', currency: 'EUR' }, grandTotal: { amount: '89.85', currency: 'EUR' } },
  });
}

for (const factory of STORE_FACTORIES) {
  describe(`units a return may take on ${factory.name}`, () => {
    let h: ServiceHarness;

    before(async () => {
      h = await openServiceHarness(factory);
      await h.policy(standardPolicy());
    });
    after(async () => {
      await h.dispose();
    });

    const request = (orderId: string, quantity: number, method: NewReturn['method'] = 'store'): NewReturn => ({
      orderId,
      method,
      initiatedBy: { channel: 'contact-center', actorId: 'agent-7' },
      lines: [{ lineId: '1', quantity, reason: 'size' }],
    });

    it('takes only units shipped, less those returned or in open returns', async () => {
      const orderId = uniqueId('ord');
      await h.seedOrder(threeShirts(orderId), undefined, { '1': 2 });
      const first = await h.service.create(request(orderId, 2), 'k');
      assert.equal(first.record.status, 'authorized');
      const errors = await refused(h.service.create(request(orderId, 1), 'k'));
      assert.deepEqual(errors.map((e) => [e.path, e.message]), [['/lines/0/quantity', 'line 1 has 0 unit(s) left to return (2 shipped, 2 returned or in open returns)']]);
      await h.service.receive(first.record.id, { locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 2, disposition: 'RESTOCKED' }] }, 'k');
      const after = await refused(h.service.create(request(orderId, 1), 'k'));
      assert.match(after[0]?.message ?? '', /line 1 has 0 unit\(s\) left to return \(2 shipped, 2 returned or in open returns\)/);
    });

    it('refuses a return of an order routed but not shipped', async () => {
      const orderId = uniqueId('ord');
      await h.seedOrder(threeShirts(orderId), undefined, {});
      const errors = await refused(h.service.create(request(orderId, 1), 'k'));
      assert.deepEqual(errors.map((e) => e.message), ['line 1 has 0 unit(s) left to return (0 shipped, 0 returned or in open returns)']);
    });

    it('lets units recorded MISSING in a closed return be returned again', async () => {
      const orderId = uniqueId('ord');
      await h.seedOrder(threeShirts(orderId));
      await h.store.query("update customer_order_view set payment = '{\"gateway\": \"other\"}' where order_id = $1", [orderId]);
      const { record } = await h.service.create(request(orderId, 3, 'mail'), 'k');
      await h.service.receive(record.id, { locationId: 'dc-east', lines: [{ lineId: '1', quantity: 2, disposition: 'RESTOCKED' }], complete: true }, 'k');
      const closed = await h.service.refund(record.id, { mode: 'manual', by: 'ops', reference: 'bank-1' }, 'k');
      assert.equal(closed.status, 'closed');
      assert.deepEqual(closed.lines[0]?.dispositions.map((d) => [d.disposition, d.quantity]), [['RESTOCKED', 2], ['MISSING', 1]]);
      const again = await h.service.create(request(orderId, 1), 'k');
      assert.equal(again.record.status, 'authorized', 'the missing unit never came back and was not refunded');
      const errors = await refused(h.service.create(request(orderId, 1), 'k'));
      assert.match(errors[0]?.message ?? '', /line 1 has 0 unit\(s\) left to return \(3 shipped, 3 returned or in open returns\)/);
    });

    it('refuses a receipt restocking at a location that does not exist', async () => {
      const orderId = uniqueId('ord');
      await h.seedOrder(threeShirts(orderId));
      const { record } = await h.service.create(request(orderId, 2), 'k');
      const errors = await refused(h.service.receive(record.id, { locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 1, disposition: 'NOT_RESTOCKED' }, { lineId: '1', quantity: 1, disposition: 'RESTOCKED', restockLocationId: 'nowhere' }] }, 'k'));
      assert.deepEqual(errors.map((e) => e.path), ['/lines/1/restockLocationId']);
      const atReceipt = await refused(h.service.receive(record.id, { locationId: 'nowhere', lines: [{ lineId: '1', quantity: 1, disposition: 'RESTOCKED' }] }, 'k'));
      assert.deepEqual(atReceipt.map((e) => e.path), ['/locationId']);
      const detail = await h.service.get(record.id);
      assert.equal(detail.receipts.length, 0, 'nothing received');
      assert.equal((await h.events(record.id, 'inventory.movement.recorded')).length, 0, 'nothing restocked');
    });
  });
}
