import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readAudit } from '../../src/broker/audit-log.ts';
import type { CloudEvent } from '../../src/envelope/cloud-event.ts';
import { HubError } from '../../src/errors/hub-error.ts';
import type { InventoryMovementRecordedV1 } from '../../src/generated/schema-types.ts';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import type { CrmActivityRequestedV1 } from '../../src/customers/index.ts';
import type { NewReturn, RefundRequestedV1 } from '../../src/returns/index.ts';
import { customer, standardPolicy, uniqueId, webOrder } from './fixtures.ts';
import { openServiceHarness, type ServiceHarness } from './service-support.ts';

const conflict = (error: unknown): boolean => error instanceof HubError && error.code === 'conflict';
const invalid = (error: unknown): boolean => error instanceof HubError && error.code === 'validation-failed';

for (const factory of STORE_FACTORIES) {
  describe(`returns saga on ${factory.name}`, () => {
    let h: ServiceHarness;

    before(async () => {
      h = await openServiceHarness(factory);
      await h.policy(standardPolicy({ appliesTo: { countries: ['DE', 'AT'] } }));
    });
    after(async () => {
      await h.dispose();
    });

    /** A fresh customer and Shopify web order. */
    async function seeded(overrides?: Parameters<typeof webOrder>[0]): Promise<{ orderId: string; customerId: string }> {
      const customerId = uniqueId('cus');
      const orderId = overrides?.id ?? uniqueId('ord');
      const profile = customer(customerId, { email: `${customerId}@example.com` });
      delete profile.phone;
      await h.seedCustomer(profile);
      await h.seedOrder(webOrder({ ...overrides, id: orderId, customerId }));
      return { orderId, customerId };
    }

    function request(orderId: string, overrides: Partial<NewReturn> = {}): NewReturn {
      return { orderId, method: 'store', initiatedBy: { channel: 'contact-center', actorId: 'agent-7' }, lines: [{ lineId: '1', quantity: 2, reason: 'size' }], ...overrides };
    }

    it('requests and authorizes a return under the policy, recording how it started and which rules applied', async () => {
      const { orderId, customerId } = await seeded();
      const { record, created } = await h.service.create(request(orderId, { lines: [{ lineId: '1', quantity: 2, reason: 'size' }, { lineId: '3', quantity: 1, reason: 'size' }] }), 'agent-key');
      assert.equal(created, true);
      assert.equal(record.status, 'authorized');
      assert.equal(record.customerId, customerId);
      assert.deepEqual(record.origin, { channel: 'contact-center', actorId: 'agent-7', source: '/omnihub/api', managedBy: 'hub' });
      assert.deepEqual(record.lines.map((l) => [l.lineId, l.authorized]), [['1', true], ['3', false]]);
      assert.equal(record.decision?.policyId, 'standard');
      assert.deepEqual(record.decision?.rulesApplied, ['window-30-days', 'restocking-fee:10%', 'final-sale']);
      assert.equal(record.eligibleUntil, '2025-05-10T09:00:00.000Z');
      assert.equal(record.receiveBy, '2025-05-05T10:00:00.000Z');
      const types = (await h.events(record.id)).map((e) => e.type);
      assert.deepEqual(types, ['return.requested', 'return.authorized', 'crm.activity.requested']);
      const [authorized] = await h.events(record.id, 'return.authorized');
      const canonical = (authorized as CloudEvent<{ returnRequest: { lines: unknown[]; policy: unknown; initiatedBy: unknown } }>).data.returnRequest;
      assert.equal(canonical.lines.length, 1, 'only the authorized line is in the canonical return');
      assert.deepEqual(canonical.initiatedBy, { channel: 'contact-center', actorId: 'agent-7' });
      const [ticket] = (await h.events(record.id, 'crm.activity.requested')) as CloudEvent<CrmActivityRequestedV1>[];
      assert.equal(ticket?.data.activityId, `return:${record.id}`);
      assert.equal(ticket?.data.kind, 'ticket');
      assert.equal(ticket?.data.customer.email, `${customerId}@example.com`);
      const detail = await h.service.get(record.id);
      assert.deepEqual(detail.history.map((e) => `${e.step}:${e.outcome}:${e.toStatus ?? ''}`), ['request:done:requested', 'authorize:done:authorized']);
    });

    it('is idempotent by return id and refuses the same id for other lines', async () => {
      const { orderId } = await seeded();
      const id = uniqueId('RMA');
      const first = await h.service.create(request(orderId, { id }), 'k');
      const again = await h.service.create(request(orderId, { id }), 'k');
      assert.equal(again.created, false);
      assert.equal(again.record.version, first.record.version);
      assert.equal((await h.events(id, 'return.authorized')).length, 1);
      await assert.rejects(h.service.create(request(orderId, { id, lines: [{ lineId: '2', quantity: 1, reason: 'size' }] }), 'k'), conflict);
    });

    it('refuses unknown orders and lines, more units than are left, and orders no policy covers', async () => {
      const { orderId } = await seeded();
      await assert.rejects(h.service.create(request('no-such-order'), 'k'), invalid);
      await assert.rejects(h.service.create(request(orderId, { lines: [{ lineId: '9', quantity: 1, reason: 'size' }] }), 'k'), (error: unknown) => invalid(error) && (error as HubError).errors[0]?.path === '/lines/0/lineId');
      await h.service.create(request(orderId, { lines: [{ lineId: '1', quantity: 1, reason: 'size' }] }), 'k');
      await assert.rejects(h.service.create(request(orderId, { lines: [{ lineId: '1', quantity: 2, reason: 'size' }] }), 'k'), (error: unknown) => invalid(error) && /1 unit\(s\) left/.test((error as Error).message));
      const abroad = await seeded({ id: uniqueId('ord'), shippingAddress: { line1: '1 Chome', city: 'Tokyo', postalCode: '100-0001', country: 'JP' } });
      await assert.rejects(h.service.create(request(abroad.orderId), 'k'), (error: unknown) => conflict(error) && /no active return policy/.test((error as Error).message));
    });

    it('rejects by policy, and an agent override authorizes it with a reason written to the audit log', async () => {
      h.clock.set('2025-06-01T10:00:00Z');
      const { orderId } = await seeded();
      const { record } = await h.service.create(request(orderId), 'k');
      h.clock.set('2025-04-14T10:00:00Z');
      assert.equal(record.status, 'rejected');
      assert.match(record.decision?.reason ?? '', /30 days ended/);
      assert.equal((await h.events(record.id, 'return.rejected')).length, 1);
      const approved = await h.service.approve(record.id, { by: 'agent-7', reason: 'loyal customer, parcel was lost for 3 weeks' }, 'agent-key');
      assert.equal(approved.status, 'authorized');
      assert.equal(approved.override?.by, 'agent-7');
      assert.ok(approved.lines.every((line) => line.authorized));
      const audit = await readAudit(h.store, `return:${record.id}`);
      assert.equal(audit[0]?.actor, 'agent-7');
      assert.equal(audit[0]?.action, 'return-override');
      assert.equal(audit[0]?.reason, 'loyal customer, parcel was lost for 3 weeks');
      assert.equal((await h.events(record.id, 'return.authorized')).length, 1);
      await assert.rejects(h.service.approve(record.id, { by: 'agent-7', reason: 'again' }, 'k'), conflict);
    });

    it('an override at request time authorizes what the policy refuses, audited', async () => {
      const { orderId } = await seeded();
      const { record } = await h.service.create(request(orderId, { lines: [{ lineId: '3', quantity: 1, reason: 'size' }], override: { reason: 'manager approved the final-sale scarf' } }), 'agent-key');
      assert.equal(record.status, 'authorized');
      assert.equal(record.decision?.outcome, 'rejected');
      assert.deepEqual(record.override?.by, 'agent-7');
      assert.equal((await readAudit(h.store, `return:${record.id}`)).length, 1);
    });

    it('a rejection by an agent voids the label first (compensation) and is audited', async () => {
      const { orderId } = await seeded();
      const { record } = await h.service.create(request(orderId, { method: 'mail' }), 'k');
      const labelled = await h.service.label(record.id, { carrier: 'DHL', trackingNumber: '00340434161094042557', labelUrl: 'https://labels.example.com/1.pdf' }, 'k');
      assert.equal(labelled.status, 'label-issued');
      const rejected = await h.service.reject(record.id, { by: 'agent-7', reason: 'customer changed their mind' }, 'k');
      assert.equal(rejected.status, 'rejected');
      assert.ok(rejected.label?.voidedAt);
      const detail = await h.service.get(record.id);
      assert.deepEqual(detail.history.slice(-2).map((e) => `${e.step}:${e.outcome}`), ['label:compensated', 'reject:done']);
      assert.equal((await readAudit(h.store, `return:${record.id}`))[0]?.action, 'return-reject');
      await assert.rejects(h.service.label(record.id, { carrier: 'DHL' }, 'k'), conflict);
    });

    it('receives in parts, restocks at the chosen location, inspects and requests the refund from the payment system that took it', async () => {
      const { orderId } = await seeded();
      const { record } = await h.service.create(request(orderId, { lines: [{ lineId: '1', quantity: 2, reason: 'size' }, { lineId: '2', quantity: 1, reason: 'damaged' }] }), 'k');
      const partial = await h.service.receive(record.id, { receiptId: 'r1', locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 1, disposition: 'RESTOCKED' }] }, 'k');
      assert.equal(partial.status, 'received');
      assert.equal((await h.events(record.id, 'refund.requested')).length, 0);
      const repeated = await h.service.receive(record.id, { receiptId: 'r1', locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 1, disposition: 'RESTOCKED' }] }, 'k');
      assert.equal(repeated.version, partial.version, 'a repeated receipt changes nothing');
      await assert.rejects(h.service.receive(record.id, { receiptId: 'r2', locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 2, disposition: 'RESTOCKED' }] }, 'k'), invalid);
      const done = await h.service.receive(
        record.id,
        { receiptId: 'r2', locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 1, disposition: 'NOT_RESTOCKED' }, { lineId: '2', quantity: 1, disposition: 'RESTOCKED', restockLocationId: 'dc-east' }] },
        'k',
      );
      assert.equal(done.status, 'inspected');
      assert.equal(done.refund?.status, 'requested');
      assert.equal(done.refund?.instanceId, 'shopify-eu', 'the instance the Shopify order came from');
      // 2 × 29.95 + 9.50 = 69.40; restocking 10 % of 59.90 (size) = 5.99; the damaged mug has no fee; in store: no shipping fee.
      assert.deepEqual(done.refund?.amount, { amount: '63.41', currency: 'EUR' });
      const movements = (await h.events(record.id, 'inventory.movement.recorded')) as CloudEvent<InventoryMovementRecordedV1>[];
      assert.deepEqual(movements.map((m) => [m.data.sku, m.data.locationId, m.data.quantity, m.data.reason, m.data.mode]), [
        ['TSHIRT-BLK-M', 'store-berlin', 1, 'return', 'delta'],
        ['MUG-WHT-350', 'dc-east', 1, 'return', 'delta'],
      ]);
      const [refund] = (await h.events(record.id, 'refund.requested')) as CloudEvent<RefundRequestedV1>[];
      assert.deepEqual(refund?.data.target, { instanceId: 'shopify-eu', connectorId: 'shopify' });
      assert.equal(refund?.data.requestId, `${record.id}-refund-1`);
      assert.equal(refund?.data.paymentTransactionId, 'gid://shopify/OrderTransaction/5822401937');
      assert.deepEqual(refund?.data.fees, [{ kind: 'restocking', amount: { amount: '5.99', currency: 'EUR' } }]);
      const received = await h.events(record.id, 'return.received');
      assert.deepEqual(received.map((e) => (e as CloudEvent<{ returnRequest: { status: string } }>).data.returnRequest.status), ['received', 'inspected']);
      const detail = await h.service.get(record.id);
      assert.equal(detail.receipts.length, 2);
      assert.deepEqual(detail.record.lines[0]?.dispositions.map((d) => d.disposition), ['RESTOCKED', 'NOT_RESTOCKED']);
      await assert.rejects(h.service.voidReceipt(record.id, 'r2', { by: 'ops', reason: 'wrong' }, 'k'), conflict, 'no void once the refund was requested');
    });

    it('records outstanding units as MISSING when a receipt completes the return, and refunds only what came back (mail: shipping fee)', async () => {
      const { orderId } = await seeded();
      const { record } = await h.service.create(request(orderId, { method: 'mail' }), 'k');
      const done = await h.service.receive(record.id, { locationId: 'dc-east', lines: [{ lineId: '1', quantity: 1, disposition: 'PROCESSING_REQUIRED' }], complete: true }, 'k');
      assert.equal(done.status, 'inspected');
      assert.deepEqual(done.lines[0]?.dispositions.map((d) => [d.disposition, d.quantity]), [['PROCESSING_REQUIRED', 1], ['MISSING', 1]]);
      // 29.95 − 10 % (3.00) − 4.95 return shipping = 22.00
      assert.deepEqual(done.refund?.amount, { amount: '22.00', currency: 'EUR' });
      assert.equal((await h.events(record.id, 'inventory.movement.recorded')).length, 0, 'nothing restocked');
    });

    it('voiding a receipt reverses its stock movements (compensation of receive and restock), audited', async () => {
      const { orderId } = await seeded();
      const { record } = await h.service.create(request(orderId), 'k');
      await h.service.receive(record.id, { receiptId: 'mistake', locationId: 'store-hh', lines: [{ lineId: '1', quantity: 2, disposition: 'RESTOCKED' }] }, 'k');
      assert.equal((await h.service.get(record.id)).record.status, 'inspected');
      // The refund was requested with the complete receipt: voiding is refused, the stock untouched.
      await assert.rejects(h.service.voidReceipt(record.id, 'mistake', { by: 'ops', reason: 'scanned the wrong parcel' }, 'k'), conflict);
      const other = await h.service.create(request((await seeded()).orderId), 'k');
      await h.service.receive(other.record.id, { receiptId: 'first', locationId: 'store-hh', lines: [{ lineId: '1', quantity: 1, disposition: 'RESTOCKED' }] }, 'k');
      const voided = await h.service.voidReceipt(other.record.id, 'first', { by: 'ops-anna', reason: 'scanned the wrong parcel' }, 'k');
      assert.equal(voided.status, 'authorized');
      assert.deepEqual(voided.lines[0]?.dispositions, []);
      const movements = (await h.events(other.record.id, 'inventory.movement.recorded')) as CloudEvent<InventoryMovementRecordedV1>[];
      assert.deepEqual(movements.map((m) => [m.data.movementId.endsWith(':reversal'), m.data.quantity, m.data.locationId]), [[false, 1, 'store-hh'], [true, -1, 'store-hh']]);
      const detail = await h.service.get(other.record.id);
      assert.ok(detail.receipts[0]?.voidedAt);
      assert.deepEqual(detail.history.slice(-2).map((e) => `${e.step}:${e.outcome}`), ['restock:compensated', 'receive:compensated']);
      assert.equal((await readAudit(h.store, `return:${other.record.id}`))[0]?.action, 'return-void-receipt');
      await assert.rejects(h.service.voidReceipt(other.record.id, 'first', { by: 'ops', reason: 'twice' }, 'k'), conflict);
    });

    it('parks the return for a manual refund with an ops alert when no payment system can refund, and ops settle it', async () => {
      const { orderId } = await seeded();
      await h.store.query('update customer_order_view set source = $2 where order_id = $1', [orderId, '/omnihub/api']);
      await h.store.query("update connector_instances set state = 'disabled' where id = 'shopify-eu'");
      const { record } = await h.service.create(request(orderId), 'k');
      const parked = await h.service.receive(record.id, { locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 2, disposition: 'RESTOCKED' }] }, 'k');
      assert.equal(parked.status, 'manual-refund');
      assert.equal(parked.refund?.status, 'manual');
      const detail = await h.service.get(record.id);
      assert.equal(detail.alerts.length, 1);
      assert.equal(detail.alerts[0]?.kind, 'no-refund-instance');
      assert.match(detail.alerts[0]?.message ?? '', /no enabled shopify connector instance/);
      assert.match(await h.metrics.metrics(), /omnihub_flow_alerts_total\{flow="returns",kind="no-refund-instance"\} 1/);
      assert.equal((await h.events(record.id, 'inventory.movement.recorded')).length, 1, 'the goods stay restocked');
      const only = uniqueId('shopify');
      await h.store.query("insert into connector_instances (id, connector_id, version, config) values ($1, 'shopify', '1.0.0', '{}')", [only]);
      const retried = await h.service.refund(record.id, { mode: 'retry', by: 'ops-anna' }, 'k');
      assert.equal(retried.status, 'inspected');
      assert.equal(retried.refund?.attempt, 2);
      const [request2] = (await h.events(record.id, 'refund.requested')) as CloudEvent<RefundRequestedV1>[];
      assert.equal(request2?.data.attempt, 2);
      await h.store.query('delete from connector_instances where id = $1', [only]);
      await h.store.query("update connector_instances set state = 'enabled' where id = 'shopify-eu'");
    });

    it('parks the refund at once when the instance the order came from does not exist or is disabled', async () => {
      for (const [instanceId, state] of [[uniqueId('shop-eu'), undefined], [uniqueId('shop-eu'), 'disabled']] as const) {
        if (state !== undefined) await h.store.query("insert into connector_instances (id, connector_id, version, config, state) values ($1, 'shopify', '1.0.0', '{}', $2)", [instanceId, state]);
        const { orderId } = await seeded();
        await h.store.query('update customer_order_view set source = $2 where order_id = $1', [orderId, `/connectors/shopify/${instanceId}`]);
        const { record } = await h.service.create(request(orderId), 'k');
        const parked = await h.service.receive(record.id, { locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 2, disposition: 'RESTOCKED' }] }, 'k');
        assert.equal(parked.status, 'manual-refund');
        assert.equal((await h.events(record.id, 'refund.requested')).length, 0, 'nothing sent to an instance that cannot answer');
        const detail = await h.service.get(record.id);
        assert.equal(detail.alerts[0]?.kind, 'no-refund-instance');
        assert.match(detail.alerts[0]?.message ?? '', new RegExp(`connector instance ${instanceId} .* ${state ?? 'does not exist'}`));
        if (state !== undefined) await h.store.query('delete from connector_instances where id = $1', [instanceId]);
      }
    });

    it('ops record a refund made by hand: refunded, closed, audited, alerts resolved', async () => {
      const { orderId } = await seeded();
      await h.store.query("update customer_order_view set payment = '{\"gateway\": \"other\"}' where order_id = $1", [orderId]);
      const { record } = await h.service.create(request(orderId), 'k');
      const parked = await h.service.receive(record.id, { locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 2, disposition: 'RESTOCKED' }] }, 'k');
      assert.equal(parked.status, 'manual-refund');
      const retried = await h.service.refund(record.id, { mode: 'retry', by: 'ops' }, 'k');
      assert.equal(retried.status, 'manual-refund', 'a payment system omnihub cannot refund through stays manual');
      assert.equal(retried.refund?.attempt, 2);
      const settled = await h.service.refund(record.id, { mode: 'manual', by: 'ops-anna', reference: 'bank-transfer-2025-0419', note: 'paid by bank transfer' }, 'k');
      assert.equal(settled.status, 'closed');
      assert.equal(settled.refund?.status, 'succeeded');
      assert.equal(settled.refund?.reference, 'bank-transfer-2025-0419');
      const detail = await h.service.get(record.id);
      assert.ok(detail.alerts.every((alert) => alert.resolvedAt !== undefined && alert.resolvedBy === 'ops-anna'));
      assert.deepEqual((await h.events(record.id)).map((e) => e.type).filter((t) => t.startsWith('return.')).slice(-2), ['return.refunded', 'return.closed']);
      assert.ok((await readAudit(h.store, `return:${record.id}`)).some((a) => (a.action as string) === 'return-manual-refund'));
      await assert.rejects(h.service.refund(record.id, { mode: 'manual', by: 'ops', reference: 'twice' }, 'k'), conflict);
    });

    for (const step of ['receive', 'restock', 'inspect', 'announce-receipt', 'request-refund', 'close']) {
      it(`a failure at step ${step} of a receipt rolls back the steps before it, records the failure and alerts`, async () => {
        const { orderId } = await seeded();
        await h.store.query("update customer_order_view set payment = '{\"gateway\": \"shopify\"}' where order_id = $1", [orderId]);
        const { record } = await h.service.create(request(orderId, { lines: [{ lineId: '1', quantity: 2, reason: 'damaged' }] }), 'k');
        const before = await h.events(record.id);
        h.failAt(step);
        try {
          await assert.rejects(
            h.service.receive(record.id, { receiptId: 'r1', locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 2, disposition: step === 'close' ? 'MISSING' : 'RESTOCKED' }] }, 'k'),
            new RegExp(`step ${step} of return ${record.id} failed: injected failure`),
          );
        } finally {
          h.failAt(undefined);
        }
        const detail = await h.service.get(record.id);
        assert.equal(detail.record.status, 'authorized', 'the return is where it was');
        assert.equal(detail.record.version, record.version);
        assert.deepEqual(detail.record.lines[0]?.dispositions, []);
        assert.deepEqual(detail.receipts, [], 'no receipt recorded');
        assert.deepEqual((await h.events(record.id)).map((e) => e.id), before.map((e) => e.id), 'no movement, refund request or announcement left the transaction');
        const failed = detail.history.at(-1);
        assert.equal(`${failed?.step}:${failed?.outcome}`, `${step}:failed`);
        assert.equal(detail.alerts.at(-1)?.kind, 'step-failed');
        const retried = await h.service.receive(record.id, { receiptId: 'r1', locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 2, disposition: step === 'close' ? 'MISSING' : 'RESTOCKED' }] }, 'k');
        assert.equal(retried.status, step === 'close' ? 'closed' : 'inspected', 'the same receipt succeeds once the fault is gone');
      });
    }

    it('a failure at the authorize step records nothing of the request', async () => {
      const { orderId } = await seeded();
      const id = uniqueId('RMA');
      h.failAt('authorize');
      try {
        await assert.rejects(h.service.create(request(orderId, { id }), 'k'), /step authorize/);
      } finally {
        h.failAt(undefined);
      }
      await assert.rejects(h.service.get(id), (error: unknown) => error instanceof HubError && error.code === 'not-found');
      assert.deepEqual(await h.events(id), []);
      assert.equal((await h.service.create(request(orderId, { id }), 'k')).record.status, 'authorized');
    });

    it('the sweeper compensates lapsed authorizations (label voided, closed) and parks unanswered refunds', async () => {
      const lapsing = await h.service.create(request((await seeded()).orderId, { method: 'mail' }), 'k');
      await h.service.label(lapsing.record.id, { carrier: 'DPD' }, 'k');
      const waiting = await h.service.create(request((await seeded()).orderId), 'k');
      await h.service.receive(waiting.record.id, { locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 2, disposition: 'RESTOCKED' }] }, 'k');
      const early = await h.sweeper.sweep(new Date('2025-04-14T10:30:00Z'));
      assert.ok(!early.lapsed.includes(lapsing.record.id) && !early.refundTimeouts.includes(waiting.record.id));
      const late = await h.sweeper.sweep(new Date('2025-05-06T00:00:00Z'));
      assert.ok(late.lapsed.includes(lapsing.record.id));
      assert.ok(late.refundTimeouts.includes(waiting.record.id));
      const lapsed = await h.service.get(lapsing.record.id);
      assert.equal(lapsed.record.status, 'closed');
      assert.ok(lapsed.record.label?.voidedAt);
      assert.deepEqual(lapsed.history.slice(-2).map((e) => `${e.step}:${e.outcome}`), ['label:compensated', 'authorize:compensated']);
      const [ticket] = ((await h.events(lapsing.record.id, 'crm.activity.requested')) as CloudEvent<CrmActivityRequestedV1>[]).slice(-1);
      assert.equal(ticket?.data.status, 'closed');
      const parked = await h.service.get(waiting.record.id);
      assert.equal(parked.record.status, 'manual-refund');
      assert.equal(parked.alerts.at(-1)?.kind, 'refund-timeout');
      const again = await h.sweeper.sweep(new Date('2025-05-06T00:00:00Z'));
      assert.ok(!again.lapsed.includes(lapsing.record.id) && !again.refundTimeouts.includes(waiting.record.id), 'a sweep acts once');
    });
  });
}
