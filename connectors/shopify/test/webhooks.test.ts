import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { InvalidMessageFailure, type WebhookHandler } from '@omnihub/connector-sdk';
import connector from '../src/index.ts';
import type { ShopifyConfig } from '../src/config.ts';
import { parseShopifyJson } from '../src/webhooks/json-body.ts';
import { shopifyTest, stopShops, TEST_CONFIG } from './support/context.ts';
import type { ShopifyDouble } from './support/shopify-double.ts';
import { signedWebhook, webhookBody } from './support/webhook-samples.ts';

function webhook(name: string): WebhookHandler<ShopifyConfig> {
  const handler = connector.webhooks?.[name];
  assert.ok(handler, name);
  return handler;
}

const SHOP = TEST_CONFIG.shop;
const SECRET = TEST_CONFIG.webhookSecret;

describe('shopify webhooks', () => {
  let shop: ShopifyDouble | undefined;
  afterEach(() => stopShops('documents'));

  describe('signature over the raw body', () => {
    const body = webhookBody('orders-create');

    it('accepts X-Shopify-Hmac-Sha256 computed over the exact bytes with the app secret', async () => {
      const { ctx } = shopifyTest();
      assert.deepEqual(await webhook('orders-create').verify(signedWebhook({ topic: 'orders/create', shop: SHOP, secret: SECRET, body }), ctx), { ok: true });
    });

    it('refuses a forged signature, an altered body, a missing signature and another shop', async () => {
      const { ctx } = shopifyTest();
      const handler = webhook('orders-create');
      const forged = await handler.verify(signedWebhook({ topic: 'orders/create', shop: SHOP, secret: 'not-the-app-secret-000', body }), ctx);
      assert.deepEqual(forged, { ok: false, reason: 'x-shopify-hmac-sha256: signature does not match' });
      const signed = signedWebhook({ topic: 'orders/create', shop: SHOP, secret: SECRET, body });
      const altered = await handler.verify({ ...signed, rawBody: Buffer.from(body.toString('utf8').replace('"388.00"', '"0.01"')) }, ctx);
      assert.equal(altered.ok, false);
      const reserialised = await handler.verify({ ...signed, rawBody: Buffer.from(JSON.stringify(JSON.parse(body.toString('utf8')))) }, ctx);
      assert.equal(reserialised.ok, false, 'the signature covers the bytes sent, not a re-serialisation');
      const { 'x-shopify-hmac-sha256': _dropped, ...unsigned } = signed.headers;
      assert.deepEqual(await handler.verify({ ...signed, headers: unsigned }, ctx), { ok: false, reason: 'x-shopify-hmac-sha256: signature missing' });
      const otherShop = await handler.verify(signedWebhook({ topic: 'orders/create', shop: 'someone-else', secret: SECRET, body }), ctx);
      assert.deepEqual(otherShop, { ok: false, reason: 'the webhook is about shop someone-else.myshopify.com, but this instance serves acme-eu.myshopify.com' });
      assert.doesNotMatch(ctx.logs.text(), new RegExp(SECRET));
    });
  });

  describe('records', () => {
    it('takes orders/create in as one record keyed by X-Shopify-Event-Id: the order read back through GraphQL, updatedAt in UTC as sequence', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const request = signedWebhook({ topic: 'orders/create', shop: SHOP, secret: SECRET, body: webhookBody('orders-create'), eventId: 'c1f3e0b4-0f6f-4c11-9c4f-6f1c7a0e2b11' });
      const records = await webhook('orders-create').parse(request, test.ctx);
      assert.equal(records.length, 1);
      const [record] = records;
      assert.equal(record?.id, 'c1f3e0b4-0f6f-4c11-9c4f-6f1c7a0e2b11');
      assert.equal(record?.type, 'shopify.Order');
      assert.equal(record?.sequence, '2022-01-01T00:00:00.000Z');
      assert.equal(record?.partitionKey, 'gid://shopify/Order/820982911946154508');
      const payload = record?.payload as { id: string; legacyResourceId: string; lineItems: { nodes: { sku: string }[] } };
      assert.equal(payload.legacyResourceId, '820982911946154508');
      assert.deepEqual(payload.lineItems.nodes.map((line) => line.sku), ['IPOD2008BLACK', 'IPOD2008RED']);
      assert.deepEqual(shop.operations(), ['OmnihubOrderById']);
      // A retry of the same event carries the same id: the hub takes it in once.
      const retried = await webhook('orders-create').parse({ ...request, headers: { ...request.headers, 'x-shopify-webhook-id': 'another-delivery' } }, test.ctx);
      assert.equal(retried[0]?.id, record?.id);
    });

    it('keeps 64-bit ids beyond the safe integer range exact, as decimal strings', async () => {
      const { ctx } = shopifyTest();
      const [record] = await webhook('refunds-create').parse(signedWebhook({ topic: 'refunds/create', shop: SHOP, secret: SECRET, body: webhookBody('refunds-create') }), ctx);
      const payload = record?.payload as { id: unknown; order_id: unknown; refund_line_items: { quantity: unknown }[] };
      assert.deepEqual(payload, parseShopifyJson(webhookBody('refunds-create').toString('utf8')));
      assert.equal(payload.id, '890088186047892319');
      assert.equal(payload.order_id, '820982911946154508');
      assert.equal(payload.refund_line_items[0]?.quantity, 1);
    });

    it('falls back to X-Shopify-Webhook-Id, and refuses a delivery it cannot de-duplicate', async () => {
      const { ctx } = shopifyTest();
      const request = signedWebhook({ topic: 'orders/cancelled', shop: SHOP, secret: SECRET, body: webhookBody('orders-cancelled') });
      const { 'x-shopify-event-id': _event, ...withoutEvent } = request.headers;
      const records = await webhook('orders-cancelled').parse({ ...request, headers: withoutEvent }, ctx);
      assert.equal(records[0]?.id, withoutEvent['x-shopify-webhook-id']);
      const { 'x-shopify-webhook-id': _webhook, ...neither } = withoutEvent;
      await assert.rejects(async () => webhook('orders-cancelled').parse({ ...request, headers: neither }, ctx), InvalidMessageFailure);
    });

    it('refuses a topic the capability does not take (a subscription pointed at the wrong URL)', async () => {
      const { ctx } = shopifyTest();
      const request = signedWebhook({ topic: 'orders/paid', shop: SHOP, secret: SECRET, body: webhookBody('orders-create') });
      await assert.rejects(async () => webhook('orders-create').parse(request, ctx), /takes the topic orders\/create, but x-shopify-topic is "orders\/paid"/);
    });

    it('keeps of orders/updated only the updates that show the order cancelled', async () => {
      const { ctx } = shopifyTest();
      const open = await webhook('orders-updated').parse(signedWebhook({ topic: 'orders/updated', shop: SHOP, secret: SECRET, body: webhookBody('orders-create') }), ctx);
      assert.deepEqual(open, []);
      const cancelled = await webhook('orders-updated').parse(signedWebhook({ topic: 'orders/updated', shop: SHOP, secret: SECRET, body: webhookBody('orders-cancelled') }), ctx);
      assert.equal(cancelled.length, 1);
      assert.equal(cancelled[0]?.type, 'shopify.webhooks.orders/updated');
    });

    it('orders updates delivered out of order by their sequence, so a consumer can drop the stale one', async () => {
      const { ctx } = shopifyTest();
      const older = JSON.parse(webhookBody('orders-cancelled').toString('utf8')) as Record<string, unknown>;
      const newer = { ...older, updated_at: '2022-01-01T09:30:00+01:00' };
      const late = await webhook('orders-cancelled').parse(signedWebhook({ topic: 'orders/cancelled', shop: SHOP, secret: SECRET, body: Buffer.from(JSON.stringify(newer)), eventId: 'e2' }), ctx);
      const early = await webhook('orders-cancelled').parse(signedWebhook({ topic: 'orders/cancelled', shop: SHOP, secret: SECRET, body: Buffer.from(JSON.stringify(older)), eventId: 'e1' }), ctx);
      assert.ok((early[0]?.sequence ?? '') < (late[0]?.sequence ?? ''), `${early[0]?.sequence} < ${late[0]?.sequence}`);
    });

    it('partitions refunds/create by their order', async () => {
      const { ctx } = shopifyTest();
      const [record] = await webhook('refunds-create').parse(signedWebhook({ topic: 'refunds/create', shop: SHOP, secret: SECRET, body: webhookBody('refunds-create') }), ctx);
      assert.equal(record?.partitionKey, 'gid://shopify/Order/820982911946154508');
      assert.equal(record?.sequence, '2022-01-01T00:00:00.000Z');
    });

    it('reads a returned return back through GraphQL, for its SKUs, and keeps the topic', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const [record] = await webhook('returns').parse(signedWebhook({ topic: 'returns/request', shop: SHOP, secret: SECRET, body: webhookBody('returns-request') }), test.ctx);
      assert.equal(record?.type, 'shopify.ReturnNotification');
      assert.equal(record?.sequence, '2025-03-01T12:00:00.000Z');
      const payload = record?.payload as { topic: string; return: { status: string; returnLineItems: { nodes: { fulfillmentLineItem: { lineItem: { sku: string } } }[] } } };
      assert.equal(payload.topic, 'returns/request');
      assert.equal(payload.return.status, 'REQUESTED');
      assert.equal(payload.return.returnLineItems.nodes[0]?.fulfillmentLineItem.lineItem.sku, 'JKT-RAIN-BLK-L');
      assert.deepEqual(shop.operations(), ['OmnihubReturnById']);
    });

    it('adds the SKU (looked up once, then cached) and the hub location to inventory_levels/update', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const handler = webhook('inventory-levels-update');
      const first = await handler.parse(signedWebhook({ topic: 'inventory_levels/update', shop: SHOP, secret: SECRET, body: webhookBody('inventory-levels-update'), eventId: 'i1' }), test.ctx);
      const second = await handler.parse(signedWebhook({ topic: 'inventory_levels/update', shop: SHOP, secret: SECRET, body: webhookBody('inventory-levels-update'), eventId: 'i2' }), test.ctx);
      assert.deepEqual(first[0]?.payload, { inventoryLevel: parseShopifyJson(webhookBody('inventory-levels-update').toString('utf8')), sku: 'TSH-ORG-NVY-M', locationId: 'berlin-1' });
      assert.equal(first[0]?.sequence, '2025-03-01T17:00:00.000Z');
      assert.equal(first[0]?.partitionKey, 'TSH-ORG-NVY-M@berlin-1');
      assert.equal(second[0]?.id, 'i2');
      assert.deepEqual(shop.operations(), ['OmnihubInventoryItemSku']);
    });

    it('keeps the Shopify location id when no hub location maps to it, and skips items without a SKU', async () => {
      const test = shopifyTest({ config: { locations: {} } });
      shop = test.shop;
      const handler = webhook('inventory-levels-update');
      const [record] = await handler.parse(signedWebhook({ topic: 'inventory_levels/update', shop: SHOP, secret: SECRET, body: webhookBody('inventory-levels-update') }), test.ctx);
      assert.equal((record?.payload as { locationId: string }).locationId, 'gid://shopify/Location/1001');
      shop.state.variants.push({ id: 'gid://shopify/ProductVariant/49', sku: null, barcode: null, inventoryItemId: 'gid://shopify/InventoryItem/809' });
      const body = Buffer.from(JSON.stringify({ inventory_item_id: 809, location_id: 1001, available: 1, updated_at: '2025-03-01T12:00:00Z' }));
      assert.deepEqual(await handler.parse(signedWebhook({ topic: 'inventory_levels/update', shop: SHOP, secret: SECRET, body }), test.ctx), []);
    });
  });
});
