import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '@omnihub/core';
import { STORE_FACTORIES, freshName, waitFor } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { customerWithOrder, fresh, seedReturnLocations, simulateShopifyRefunds, STANDARD_POLICY } from './returns-support.ts';
import { contractProblem, json } from './responses.ts';
import { startTestHub, type TestHub } from './support.ts';

type Schemas = components['schemas'];
type Detail = Schemas['ReturnDetail'];

for (const factory of STORE_FACTORIES) {
  describe(`returns API on ${factory.name}`, () => {
    let t: TestHub;
    let ops: string;
    const refuse = new Set<string>();

    before(async () => {
      t = await startTestHub(factory);
      ops = (await createApiKey(t.hub.store, 'ops-anna', ['ops'])).key;
      await simulateShopifyRefunds(t, freshName('shopify').replaceAll('_', '-'), refuse);
      await json(await t.call('POST', '/v1/return-policies', { key: t.keys.admin, body: STANDARD_POLICY }), 201);
      await seedReturnLocations(t);
    });
    after(async () => {
      await t.close();
    });

    const create = (body: object, key = t.keys.write, headers: Record<string, string> = {}) => t.call('POST', '/v1/returns', { key, body, headers });
    const get = async (id: string): Promise<Detail> => json<Detail>(await t.call('GET', `/v1/returns/${id}`, { key: t.keys.read }), 200);

    it('stores return policies as versions, unchanged documents once, and refuses invalid ones', async () => {
      const again = await json<Schemas['StoredReturnPolicy']>(await t.call('POST', '/v1/return-policies', { key: t.keys.admin, body: STANDARD_POLICY }), 200);
      assert.equal(again.version, 1);
      const longer = await json<Schemas['StoredReturnPolicy']>(await t.call('POST', '/v1/return-policies', { key: t.keys.admin, body: { ...STANDARD_POLICY, merchantReturnDays: 45 } }), 201);
      assert.equal(longer.version, 2);
      const versions = await json<Schemas['ReturnPolicyList']>(await t.call('GET', '/v1/return-policies/standard', { key: t.keys.read }), 200);
      assert.deepEqual(versions.items.map((v) => [v.version, v.active]), [[2, true], [1, false]]);
      await json(await t.call('POST', '/v1/return-policies', { key: t.keys.admin, body: STANDARD_POLICY }), 201);
      const active = await json<Schemas['ReturnPolicyList']>(await t.call('GET', '/v1/return-policies', { key: t.keys.read }), 200);
      assert.equal(active.items[0]?.document.merchantReturnDays, 30);
      const invalid = await contractProblem(await t.call('POST', '/v1/return-policies', { key: t.keys.admin, body: { ...STANDARD_POLICY, returnMethods: ['drone'] } }), 422, 'validation-failed');
      assert.ok(invalid.errors?.some((e) => e.path === '/returnMethods/0'));
      await contractProblem(await t.call('POST', '/v1/return-policies', { key: t.keys.write, body: STANDARD_POLICY }), 403, 'forbidden');
      await contractProblem(await t.call('GET', '/v1/return-policies/nope', { key: t.keys.read }), 404, 'not-found');
    });

    it('requests a return with an Idempotency-Key, decides it by policy and shows its history', async () => {
      const { orderId, customerId } = await customerWithOrder(t);
      const body = { orderId, method: 'store', initiatedBy: { channel: 'contact-center', actorId: 'agent-7' }, lines: [{ lineId: '1', quantity: 2, reason: 'size' }, { lineId: '2', quantity: 1, reason: 'size' }] };
      const key = fresh('key');
      const response = await create(body, t.keys.write, { 'idempotency-key': key });
      const created = await json<Detail>(response, 201);
      assert.equal(response.headers.get('location'), `/v1/returns/${created.id}`);
      assert.match(created.id, /^RMA-\d{8}-[0-9A-F]{6}$/);
      assert.equal(created.status, 'authorized');
      assert.equal(created.customerId, customerId);
      assert.deepEqual(created.lines.map((l) => [l.lineId, l.authorized]), [['1', true], ['2', false]]);
      assert.deepEqual(created.decision?.rulesApplied, ['window-30-days', 'restocking-fee:10%', 'final-sale']);
      assert.deepEqual(created.history.map((h) => h.step), ['request', 'authorize']);
      const replay = await create(body, t.keys.write, { 'idempotency-key': key });
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal((await json<Detail>(replay, 201)).id, created.id);
      const again = await create({ ...body, id: created.id });
      assert.equal((await json<Detail>(again, 200)).version, created.version);
      await contractProblem(await create({ ...body, id: created.id, lines: [{ lineId: '1', quantity: 1, reason: 'size' }] }), 409, 'conflict');
      const unknown = await contractProblem(await create({ ...body, orderId: 'no-such-order' }), 422, 'validation-failed');
      assert.equal(unknown.errors?.[0]?.path, '/orderId');
      await contractProblem(await create({ ...body, method: 'drone' }), 422, 'validation-failed');
      await contractProblem(await create(body, t.keys.read), 403, 'forbidden');
      await contractProblem(await t.call('GET', '/v1/returns/RMA-none', { key: t.keys.read }), 404, 'not-found');
    });

    it('lists returns by status, order and customer, page by page', async () => {
      const { orderId, customerId } = await customerWithOrder(t);
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) ids.push((await json<Detail>(await create({ orderId, method: 'store', initiatedBy: { channel: 'api' }, lines: [{ lineId: '2', quantity: 1, reason: 'size' }], id: fresh('RMA') }), 201)).id);
      const first = await json<Schemas['ReturnPage']>(await t.call('GET', `/v1/returns?customerId=${customerId}&limit=2`, { key: t.keys.read }), 200);
      assert.equal(first.items.length, 2);
      assert.ok(first.nextCursor);
      const second = await json<Schemas['ReturnPage']>(await t.call('GET', `/v1/returns?customerId=${customerId}&limit=2&cursor=${first.nextCursor ?? ''}`, { key: t.keys.read }), 200);
      assert.deepEqual([...first.items, ...second.items].map((r) => r.id).sort(), [...ids].sort());
      const rejected = await json<Schemas['ReturnPage']>(await t.call('GET', `/v1/returns?orderId=${orderId}&status=rejected`, { key: t.keys.read }), 200);
      assert.equal(rejected.items.length, 3, 'final sale: rejected');
      await contractProblem(await t.call('GET', '/v1/returns?cursor=bm9wZQ', { key: t.keys.read }), 400, 'bad-request');
      await contractProblem(await t.call('GET', '/v1/returns?status=lost', { key: t.keys.read }), 400, 'bad-request');
    });

    it('overrides a rejection with a reason, and rejects a labelled return (the label is voided)', async () => {
      const { orderId } = await customerWithOrder(t);
      const rejected = await json<Detail>(await create({ orderId, method: 'mail', initiatedBy: { channel: 'contact-center' }, lines: [{ lineId: '2', quantity: 1, reason: 'damaged' }] }), 201);
      assert.equal(rejected.status, 'rejected');
      const approved = await json<Detail>(await t.call('POST', `/v1/returns/${rejected.id}/approve`, { key: t.keys.write, body: { reason: 'arrived torn', actorId: 'agent-9' } }), 200);
      assert.equal(approved.status, 'authorized');
      assert.deepEqual(approved.override?.by, 'agent-9');
      await contractProblem(await t.call('POST', `/v1/returns/${rejected.id}/approve`, { key: t.keys.write, body: { reason: 'twice' } }), 409, 'conflict');
      const labelled = await json<Detail>(await t.call('POST', `/v1/returns/${rejected.id}/label`, { key: t.keys.write, body: { carrier: 'DHL', trackingNumber: '0034' } }), 200);
      assert.equal(labelled.status, 'label-issued');
      const refused = await json<Detail>(await t.call('POST', `/v1/returns/${rejected.id}/reject`, { key: t.keys.write, body: { reason: 'customer kept it' } }), 200);
      assert.equal(refused.status, 'rejected');
      assert.ok(refused.label?.voidedAt);
      assert.deepEqual(refused.history.slice(-2).map((h) => `${h.step}:${h.outcome}:${h.actor ?? ''}`), ['label:compensated:writer', 'reject:done:writer']);
    });

    it('receives in a store, refunds through Shopify and closes; a refused refund waits for ops, who settle it by hand', async () => {
      const { orderId } = await customerWithOrder(t);
      const good = await json<Detail>(await create({ orderId, method: 'store', initiatedBy: { channel: 'store', locationId: 'store-berlin' }, lines: [{ lineId: '1', quantity: 1, reason: 'size' }] }), 201);
      const received = await json<Detail>(await t.call('POST', `/v1/returns/${good.id}/receipt`, { key: t.keys.write, body: { receiptId: 'r1', locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 1, disposition: 'RESTOCKED' }] } }), 200);
      assert.equal(received.status, 'inspected');
      assert.equal(received.refund?.instanceId, 'shopify-eu');
      assert.equal(received.receipts[0]?.movements[0]?.locationId, 'store-berlin');
      await waitFor(async () => (await get(good.id)).status === 'closed', { message: 'refunded and closed', timeoutMs: 60_000 });

      const bad = await json<Detail>(await create({ orderId, method: 'store', initiatedBy: { channel: 'store' }, lines: [{ lineId: '1', quantity: 1, reason: 'damaged' }] }), 201);
      refuse.add(bad.id);
      await json(await t.call('POST', `/v1/returns/${bad.id}/receipt`, { key: t.keys.write, body: { locationId: 'store-berlin', lines: [{ lineId: '1', quantity: 1, disposition: 'NOT_RESTOCKED' }] } }), 200);
      await waitFor(async () => (await get(bad.id)).status === 'manual-refund', { message: 'manual refund', timeoutMs: 60_000 });
      const parked = await get(bad.id);
      assert.equal(parked.alerts[0]?.kind, 'refund-failed');
      const waiting = await json<Schemas['ReturnPage']>(await t.call('GET', '/v1/returns?status=manual-refund', { key: t.keys.read }), 200);
      assert.ok(waiting.items.some((r) => r.id === bad.id));
      await contractProblem(await t.call('POST', `/v1/returns/${bad.id}/refund`, { key: t.keys.write, body: { mode: 'manual', reference: 'x' } }), 403, 'forbidden');
      const missing = await contractProblem(await t.call('POST', `/v1/returns/${bad.id}/refund`, { key: ops, body: { mode: 'manual' } }), 422, 'validation-failed');
      assert.equal(missing.errors?.[0]?.path, '/reference');
      const settled = await json<Detail>(await t.call('POST', `/v1/returns/${bad.id}/refund`, { key: ops, body: { mode: 'manual', reference: 'SEPA-0017', note: 'card expired' } }), 200);
      assert.equal(settled.status, 'closed');
      assert.ok(settled.alerts.every((a) => a.resolvedBy === 'ops-anna'));
      await contractProblem(await t.call('POST', `/v1/returns/${bad.id}/refund`, { key: ops, body: { mode: 'retry' } }), 409, 'conflict');
    });

    it('voids a receipt recorded by mistake: its restock is reversed', async () => {
      const { orderId } = await customerWithOrder(t);
      const rma = await json<Detail>(await create({ orderId, method: 'store', initiatedBy: { channel: 'store' }, lines: [{ lineId: '1', quantity: 2, reason: 'size' }] }), 201);
      await json(await t.call('POST', `/v1/returns/${rma.id}/receipt`, { key: t.keys.write, body: { receiptId: 'oops', locationId: 'store-hh', lines: [{ lineId: '1', quantity: 1, disposition: 'RESTOCKED' }] } }), 200);
      await contractProblem(await t.call('POST', `/v1/returns/${rma.id}/receipt`, { key: t.keys.write, body: { receiptId: 'big', locationId: 'store-hh', lines: [{ lineId: '1', quantity: 5, disposition: 'RESTOCKED' }] } }), 422, 'validation-failed');
      const voided = await json<Detail>(await t.call('POST', `/v1/returns/${rma.id}/receipts/oops/void`, { key: ops, body: { reason: 'wrong parcel' } }), 200);
      assert.equal(voided.status, 'authorized');
      assert.equal(voided.receipts[0]?.voidReason, 'wrong parcel');
      assert.deepEqual(voided.history.slice(-2).map((h) => `${h.step}:${h.outcome}`), ['restock:compensated', 'receive:compensated']);
      await contractProblem(await t.call('POST', `/v1/returns/${rma.id}/receipts/oops/void`, { key: ops, body: { reason: 'again' } }), 409, 'conflict');
      await contractProblem(await t.call('POST', `/v1/returns/${rma.id}/receipts/none/void`, { key: ops, body: { reason: 'x' } }), 404, 'not-found');
    });
  });
}
