import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { InvalidMessageFailure, type Poller } from '@omnihub/connector-sdk';
import { fixedClock } from '@omnihub/connector-sdk/testing';
import connector from '../src/index.ts';
import type { ShopifyConfig } from '../src/config.ts';
import { readCursor } from '../src/polling/cursor.ts';
import { shopifyTest, stopShops, TEST_CONFIG } from './support/context.ts';
import { signedWebhook, webhookBody } from './support/webhook-samples.ts';
import type { ShopifyDouble } from './support/shopify-double.ts';
import { lineItem, order } from './support/shopify-state.ts';

function poller(name: string): Poller<ShopifyConfig> {
  const found = connector.pollers?.[name];
  assert.ok(found, name);
  return found;
}

describe('shopify order reconciliation', () => {
  let shop: ShopifyDouble | undefined;
  afterEach(() => stopShops('executed'));

  it('starts reconciliationLookbackHours back and pages with the GraphQL cursor until the read is complete', async () => {
    const test = shopifyTest({ config: { reconciliationPageSize: 2, reconciliationLookbackHours: 48, reconciliationOverlapSeconds: 60 } });
    shop = test.shop;
    test.ctx.clock.set('2025-03-02T12:00:00Z');
    const first = await poller('orders-reconciliation').poll(undefined, test.ctx);
    assert.equal(shop.requests[0]?.variables['query'], "updated_at:>='2025-02-28T12:00:00.000Z'");
    assert.equal(shop.requests[0]?.variables['first'], 2);
    assert.deepEqual(first.records.map((record) => record.id), ['gid://shopify/Order/5001', 'gid://shopify/Order/5002']);
    assert.equal(first.more, true);
    const cursor = readCursor(first.cursor ?? '');
    assert.equal(cursor.since, '2025-02-28T12:00:00.000Z');
    assert.ok(cursor.after !== undefined);

    const second = await poller('orders-reconciliation').poll(first.cursor, test.ctx);
    assert.equal(shop.requests[1]?.variables['after'], cursor.after);
    assert.deepEqual(second.records.map((record) => record.id), ['gid://shopify/Order/5003']);
    assert.equal(second.more, false);
    // The newest update seen (11:00) less the overlap.
    assert.deepEqual(readCursor(second.cursor ?? ''), { since: '2025-03-01T10:59:00.000Z' });

    const [record] = first.records;
    assert.equal(record?.type, 'shopify.Order');
    assert.equal(record?.sequence, '2025-03-01T09:05:00.000Z');
    assert.equal(record?.partitionKey, 'gid://shopify/Order/5001');
    const payload = record?.payload as { legacyResourceId: string; lineItems: { nodes: { sku: string }[] }; totalPriceSet: { shopMoney: { amount: string } } };
    assert.equal(payload.legacyResourceId, '5001');
    assert.deepEqual(payload.lineItems.nodes.map((line) => line.sku), ['TSH-ORG-NVY-M', 'JKT-RAIN-BLK-L']);
    assert.equal(payload.totalPriceSet.shopMoney.amount, '248.80');
  });

  it('gives the same order payload as the orders/create webhook, so the hub receives one order', async () => {
    const test = shopifyTest({ config: { reconciliationPageSize: 10 } });
    shop = test.shop;
    test.ctx.clock.set('2022-01-01T12:00:00Z');
    const page = await poller('orders-reconciliation').poll(undefined, test.ctx);
    const polled = page.records.find((record) => record.partitionKey === 'gid://shopify/Order/820982911946154508');
    const webhook = connector.webhooks?.['orders-create'];
    assert.ok(webhook && polled);
    const [delivered] = await webhook.parse(signedWebhook({ topic: 'orders/create', shop: TEST_CONFIG.shop, secret: TEST_CONFIG.webhookSecret, body: webhookBody('orders-create') }), test.ctx);
    assert.deepEqual(delivered?.payload, polled.payload);
    assert.equal(delivered?.sequence, polled.sequence);
  });

  it('reads the remaining line items of an order with more than a page of them', async () => {
    const test = shopifyTest();
    shop = test.shop;
    const lines = Array.from({ length: 60 }, (_, index) => lineItem(80000 + index, `SKU-${index}`, 1, '1.00'));
    shop.state.orders = [order(7001, lines, { updatedAt: '2025-03-01T09:00:00Z' })];
    test.ctx.clock.set('2025-03-01T12:00:00Z');
    const page = await poller('orders-reconciliation').poll(undefined, test.ctx);
    const payload = page.records[0]?.payload as { lineItems: { nodes: { sku: string }[]; pageInfo: { hasNextPage: boolean } } };
    assert.equal(payload.lineItems.nodes.length, 60);
    assert.equal(payload.lineItems.pageInfo.hasNextPage, false);
    assert.deepEqual(shop.operations(), ['OmnihubOrdersUpdatedSince', 'OmnihubOrderLineItems']);
  });

  it('keeps its place when a read finds nothing, and takes a timestamp set by hand as the start', async () => {
    const test = shopifyTest();
    shop = test.shop;
    const page = await poller('orders-reconciliation').poll('2030-01-01T00:00:00Z', test.ctx);
    assert.deepEqual(page.records, []);
    assert.deepEqual(readCursor(page.cursor ?? ''), { since: '2030-01-01T00:00:00.000Z' });
    await assert.rejects(poller('orders-reconciliation').poll('{"v":9}', test.ctx), InvalidMessageFailure);
  });

  it('reads cancellations with their own search terms, each taken in once', async () => {
    const test = shopifyTest();
    shop = test.shop;
    test.ctx.clock.set('2025-03-01T12:00:00Z');
    const page = await poller('cancellations-reconciliation').poll(undefined, test.ctx);
    assert.equal(shop.requests[0]?.variables['query'], "updated_at:>='2025-02-28T12:00:00.000Z' AND status:cancelled");
    assert.deepEqual(page.records.map((record) => [record.id, record.type, record.occurredAt]), [['gid://shopify/Order/5002:cancelled', 'shopify.CancelledOrder', '2025-03-01T10:00:00.000Z']]);
    assert.deepEqual(page.records[0]?.payload, { id: 'gid://shopify/Order/5002', legacyResourceId: '5002', name: '#5002', updatedAt: '2025-03-01T10:00:00Z', cancelledAt: '2025-03-01T10:00:00Z', cancelReason: 'CUSTOMER' });
  });

  it('waits for the query-cost bucket between pages, from the cost Shopify reported', async () => {
    const test = shopifyTest({ config: { reconciliationPageSize: 1 }, double: { costs: { OmnihubOrdersUpdatedSince: 800 } } });
    shop = test.shop;
    shop.fixedThrottle = true;
    shop.throttle = { maximumAvailable: 1000, currentlyAvailable: 200, restoreRate: 100 };
    const clock = fixedClock('2025-03-01T12:00:00Z');
    const ctx = { ...test.ctx, clock };
    const first = await poller('orders-reconciliation').poll(undefined, ctx);
    await poller('orders-reconciliation').poll(first.cursor, ctx);
    assert.deepEqual(clock.sleeps, [6000]);
  });
});
