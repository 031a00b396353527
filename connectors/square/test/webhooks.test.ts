import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { WebhookHandler } from '@omnihub/connector-sdk';
import connector from '../src/index.ts';
import type { SquareConfig } from '../src/config.ts';
import { squareTest, stopSellers, TEST_CONFIG } from './support/context.ts';
import { signedNotification, webhookBody } from './support/webhook-samples.ts';

function webhook(name: string): WebhookHandler<SquareConfig> {
  const handler = connector.webhooks?.[name];
  assert.ok(handler, name);
  return handler;
}

const KEY = TEST_CONFIG.webhookSignatureKey;
const URL_ = 'https://hub.example.com/v1/webhooks/pos-berlin/order-created';

describe('square webhooks', () => {
  afterEach(() => stopSellers());

  describe('signature over notification URL + body', () => {
    it('accepts x-square-hmacsha256-signature over the URL the subscription calls and the exact body', async () => {
      const { ctx } = squareTest();
      assert.deepEqual(await webhook('order-created').verify(signedNotification({ url: URL_, key: KEY, body: webhookBody('order-created') }), ctx), { ok: true });
    });

    it('refuses a forged signature, another URL, an altered body and a missing signature', async () => {
      const { ctx } = squareTest();
      const handler = webhook('order-created');
      const body = webhookBody('order-created');
      assert.equal((await handler.verify(signedNotification({ url: URL_, key: 'not-the-signature-key', body }), ctx)).ok, false);
      const signedElsewhere = signedNotification({ url: 'https://attacker.example/hook', key: KEY, body });
      assert.equal((await handler.verify({ ...signedElsewhere, url: URL_ }, ctx)).ok, false, 'the URL is part of what is signed');
      const signed = signedNotification({ url: URL_, key: KEY, body });
      assert.equal((await handler.verify({ ...signed, rawBody: Buffer.from(body.toString('utf8').replace('OPEN', 'PAID')) }, ctx)).ok, false);
      const { 'x-square-hmacsha256-signature': _dropped, ...unsigned } = signed.headers;
      const missing = await handler.verify({ ...signed, headers: unsigned }, ctx);
      assert.equal(missing.ok, false);
      assert.match(missing.ok ? '' : missing.reason, /signature missing/);
      assert.doesNotMatch(ctx.logs.text(), new RegExp(KEY));
    });

    it('checks the URL Square called when a proxy changes scheme and host (webhookUrlBase)', async () => {
      const { ctx } = squareTest({ config: { webhookUrlBase: 'https://hooks.retailer.example' } });
      const body = webhookBody('order-created');
      const signed = signedNotification({ url: 'https://hooks.retailer.example/v1/webhooks/pos-berlin/order-created', key: KEY, body });
      assert.deepEqual(await webhook('order-created').verify({ ...signed, url: 'http://10.0.0.7:8080/v1/webhooks/pos-berlin/order-created' }, ctx), { ok: true });
    });
  });

  describe('records', () => {
    it('takes each IN_STOCK count of inventory.count.updated in with its SKU (looked up once) and hub location', async () => {
      const { ctx, square } = squareTest();
      const request = signedNotification({ url: URL_, key: KEY, body: webhookBody('inventory-count-updated') });
      const records = await webhook('inventory-count-updated').parse(request, ctx);
      assert.equal(records.length, 1, 'the SOLD count is Square bookkeeping');
      const [record] = records;
      assert.equal(record?.id, 'df5f3813-a913-45a1-94e9-fdc3f7d5e3b6:W62UWFY35CWMYGVWK6TWJDNI:L8Y2R0RYS6C9D');
      assert.equal(record?.type, 'square.InventoryCountUpdate');
      assert.equal(record?.sequence, '2025-03-01T10:38:45.102Z');
      assert.equal(record?.partitionKey, 'TSH-ORG-NVY-M@berlin-1');
      assert.deepEqual((record?.payload as { sku: string; locationId: string; eventId: string }).sku, 'TSH-ORG-NVY-M');
      await webhook('inventory-count-updated').parse(request, ctx);
      assert.deepEqual(square.operations(), ['BatchRetrieveCatalogObjects']);
      assert.deepEqual(square.invalidRequests, []);
      assert.deepEqual(square.invalidReplies, []);
    });

    it('reads a created order back with RetrieveOrder, keyed by event_id, and leaves counter sales to inventory', async () => {
      const { ctx, square } = squareTest();
      const [record] = await webhook('order-created').parse(signedNotification({ url: URL_, key: KEY, body: webhookBody('order-created') }), ctx);
      assert.equal(record?.id, '116038d3-2948-439f-8679-fc86cbf1eb1d');
      assert.equal(record?.type, 'square.OrderWithSkus');
      assert.equal(record?.sequence, '2025-03-01T09:05:00.000Z');
      const payload = record?.payload as { order: { fulfillments: { type: string }[] }; skus: Record<string, string>; locationId: string };
      assert.equal(payload.order.fulfillments[0]?.type, 'PICKUP');
      assert.deepEqual(payload.skus, { W62UWFY35CWMYGVWK6TWJDNI: 'TSH-ORG-NVY-M' });
      assert.equal(payload.locationId, 'berlin-1');
      square.state.orders.set('COUNTER-SALE-1', { id: 'COUNTER-SALE-1', location_id: 'L8Y2R0RYS6C9D', state: 'COMPLETED', version: 1 });
      const counter = JSON.parse(webhookBody('order-created').toString('utf8')) as { data: { id: string; object: { order_created: { order_id: string } } } };
      counter.data.object.order_created.order_id = 'COUNTER-SALE-1';
      assert.deepEqual(await webhook('order-created').parse(signedNotification({ url: URL_, key: KEY, body: Buffer.from(JSON.stringify(counter)) }), ctx), []);
      assert.deepEqual(square.operations(), ['RetrieveOrder', 'BatchRetrieveCatalogObjects', 'RetrieveOrder']);
    });

    it('takes only cancellations of order.updated, and refunds of refund.created', async () => {
      const { ctx } = squareTest();
      const [cancelled] = await webhook('order-updated').parse(signedNotification({ url: URL_, key: KEY, body: webhookBody('order-updated-canceled') }), ctx);
      assert.deepEqual(cancelled?.payload, { created_at: '2025-03-01T09:00:00.129Z', location_id: 'L8Y2R0RYS6C9D', order_id: 'CAISENgvlJ6jLWAzERDzjyHVybY', state: 'CANCELED', updated_at: '2025-03-01T11:12:00.000Z', version: 5 });
      assert.equal(cancelled?.sequence, '2025-03-01T11:12:00.000Z');
      const open = webhookBody('order-updated-canceled').toString('utf8').replace('"CANCELED"', '"OPEN"');
      assert.deepEqual(await webhook('order-updated').parse(signedNotification({ url: URL_, key: KEY, body: Buffer.from(open) }), ctx), []);
      const [refund] = await webhook('refund-created').parse(signedNotification({ url: URL_, key: KEY, body: webhookBody('refund-created') }), ctx);
      assert.equal(refund?.partitionKey, 'CAISENgvlJ6jLWAzERDzjyHVybY');
      assert.equal(refund?.type, 'square.PaymentRefund');
    });

    it('refuses a notification of another event type (a subscription pointed at the wrong capability)', async () => {
      const { ctx } = squareTest();
      await assert.rejects(async () => webhook('order-created').parse(signedNotification({ url: URL_, key: KEY, body: webhookBody('refund-created') }), ctx), /takes order.created notifications, but the body is a refund.created/);
    });
  });
});
