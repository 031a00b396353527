import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import nock from 'nock';
import type { ActionInput } from '@omnihub/connector-sdk';
import connector, { idempotencyUuid } from '../src/index.ts';
import { NetSuiteDouble } from './support/netsuite-double.ts';
import { netsuiteContext, ORIGIN, TBA } from './support/context.ts';

function input(action: string, eventId: string, payload: unknown): ActionInput {
  return { payload, event: { id: eventId, type: 'order.created', source: '/test', data: {} }, idempotencyKey: `erp-1:${action}:${eventId}` };
}

const salesOrder = {
  externalId: 'shopify-1001',
  record: { externalId: 'shopify-1001', entity: { externalId: 'cus-10482' }, otherRefNum: 'shopify-1001', item: { items: [{ item: { externalId: 'TSHIRT-BLK-M' }, quantity: 2, rate: 34.9 }] } },
};

describe('netsuite record writes', () => {
  afterEach(() => nock.cleanAll());

  it('upserts a sales order by external id, asynchronously under an idempotency key', async () => {
    const double = new NetSuiteDouble(ORIGIN, TBA);
    const ctx = netsuiteContext();
    const result = await connector.actions?.['upsert-sales-order']?.execute(input('upsert-sales-order', 'evt-1', salesOrder), ctx);
    assert.deepEqual(result, { vendorIds: ['job:1001'], alreadyApplied: false });
    const put = double.seen.find((r) => r.method === 'PUT');
    assert.ok(put);
    assert.equal(put.path, '/services/rest/record/v1/salesOrder/eid:shopify-1001?replace=item');
    assert.equal(put.headers['prefer'], 'respond-async');
    assert.match(put.headers['x-netsuite-idempotency-key'] ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.deepEqual(put.body, salesOrder.record);
    assert.deepEqual(double.writes, ['salesOrder eid:shopify-1001']);
  });

  it('gives one upsert for the same event delivered twice, and one more for a new event', async () => {
    const double = new NetSuiteDouble(ORIGIN, TBA);
    const ctx = netsuiteContext();
    const action = connector.actions?.['upsert-sales-order'];
    assert.ok(action);
    await action.execute(input('upsert-sales-order', 'evt-1', salesOrder), ctx);
    const again = await action.execute(input('upsert-sales-order', 'evt-1', salesOrder), ctx);
    assert.equal(again.alreadyApplied, true, 'NetSuite answered IDEMPOTENCY_ERROR and the earlier job was reported');
    assert.deepEqual(double.writes, ['salesOrder eid:shopify-1001']);
    await action.execute(input('upsert-sales-order', 'evt-2', salesOrder), ctx);
    assert.deepEqual(double.writes, ['salesOrder eid:shopify-1001', 'salesOrder eid:shopify-1001']);
  });

  it('dead-letters a job NetSuite failed, and writes again once the replayed event finds the failed job', async () => {
    const double = new NetSuiteDouble(ORIGIN, TBA);
    double.failJobs.set(1, 'item unknown');
    const ctx = netsuiteContext();
    const action = connector.actions?.['upsert-sales-order'];
    assert.ok(action);
    await assert.rejects(action.execute(input('upsert-sales-order', 'evt-9', salesOrder), ctx), (error: Error & { kind?: string }) => {
      assert.equal(error.kind, 'permanent');
      assert.match(error.message, /Invalid Field Value 99999 for the following field: item/);
      return true;
    });
    assert.deepEqual(double.writes, []);
    const replay = await action.execute(input('upsert-sales-order', 'evt-9', salesOrder), ctx);
    assert.equal(replay.alreadyApplied, false);
    assert.deepEqual(double.writes, ['salesOrder eid:shopify-1001']);
  });

  it('transforms an item fulfillment from the sales order once, and skips it when it exists', async () => {
    const double = new NetSuiteDouble(ORIGIN, TBA);
    const ctx = netsuiteContext();
    const payload = { externalId: 'shp-77', from: { type: 'salesOrder', externalId: 'shopify-1001' }, record: { shipStatus: { id: 'C' }, item: { items: [{ item: { externalId: 'TSHIRT-BLK-M' }, quantity: 2, itemReceive: true }] } } };
    const action = connector.actions?.['create-item-fulfillment'];
    assert.ok(action);
    await action.execute(input('create-item-fulfillment', 'evt-3', payload), ctx);
    const transform = double.seen.find((r) => r.method === 'POST');
    assert.equal(transform?.path, '/services/rest/record/v1/salesOrder/eid:shopify-1001/!transform/itemFulfillment?replace=item');
    assert.deepEqual(transform?.body, { ...payload.record, externalId: 'shp-77' });
    const second = await action.execute(input('create-item-fulfillment', 'evt-4', payload), ctx);
    assert.equal(second.alreadyApplied, true);
    assert.deepEqual(double.writes, ['itemFulfillment eid:shp-77']);
  });

  it('books a credit memo from the return authorization', async () => {
    const double = new NetSuiteDouble(ORIGIN, TBA);
    const payload = { externalId: 'rfd-1', from: { type: 'returnAuthorization', externalId: 'RMA-1' }, record: { memo: 'refund rfd-1' } };
    await connector.actions?.['book-refund']?.execute(input('book-refund', 'evt-5', payload), netsuiteContext());
    assert.equal(double.seen.find((r) => r.method === 'POST')?.path, '/services/rest/record/v1/returnAuthorization/eid:RMA-1/!transform/creditMemo?replace=item');
    assert.deepEqual(double.writes, ['creditMemo eid:rfd-1']);
  });

  it('refuses a malformed mapped payload as an invalid message, before any request', async () => {
    const double = new NetSuiteDouble(ORIGIN, TBA);
    for (const payload of [{ record: {} }, { externalId: 'a/b', record: {} }, { externalId: 'x', record: [] }, { externalId: 'x', record: {}, from: { type: 'invoice', externalId: 'y' } }]) {
      await assert.rejects(connector.actions?.['upsert-sales-order']?.execute(input('upsert-sales-order', 'evt-6', payload), netsuiteContext()) ?? Promise.resolve(), { kind: 'invalid' });
    }
    assert.equal(double.seen.length, 0);
  });

  it('derives a stable RFC 4122 layout key from the hub idempotency key', () => {
    assert.equal(idempotencyUuid('a'), idempotencyUuid('a'));
    assert.notEqual(idempotencyUuid('a'), idempotencyUuid('b'));
  });
});
