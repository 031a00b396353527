import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { ConfigurationFailure, InvalidMessageFailure, PermanentFailure, TransientFailure } from '@omnihub/connector-sdk';
import { ShopifyUserErrorFailure } from '../src/graphql/errors.ts';
import { idempotencyMarker } from '../src/actions/idempotency.ts';
import { action, actionInput } from './support/action-input.ts';
import { shopifyTest, stopShops } from './support/context.ts';
import type { ShopifyDouble } from './support/shopify-double.ts';

function levelOf(shop: ShopifyDouble, itemId: string): Record<string, number> | undefined {
  return shop.state.levels.find((level) => level.itemId === itemId)?.quantities;
}

function userErrorWith(field: string, code: string) {
  return (error: unknown): boolean => error instanceof ShopifyUserErrorFailure && error.kind === 'permanent' && error.message.includes(field) && error.code === code;
}

describe('shopify actions', () => {
  let shop: ShopifyDouble | undefined;
  afterEach(() => stopShops('executed'));

  it('does nothing for a null payload (the mapping found nothing to send)', async () => {
    const test = shopifyTest();
    shop = test.shop;
    for (const name of ['set-inventory', 'create-fulfillment', 'cancel-order', 'create-refund', 'approve-return', 'process-return']) {
      assert.deepEqual(await action(name).execute(actionInput(name, null), test.ctx), {});
    }
    assert.equal(shop.requests.length, 0);
  });

  describe('set-inventory', () => {
    const payload = { sku: 'TSH-ORG-NVY-M', locationId: 'berlin-1', quantity: 12, asOf: '2025-03-01T12:00:00Z' };

    it('sets the available quantity with compare-and-set on the quantity read, under a reference naming the event', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const result = await action('set-inventory').execute(actionInput('set-inventory', payload), test.ctx);
      assert.deepEqual(shop.operations(), ['OmnihubVariantsBySku', 'OmnihubInventoryQuantities', 'OmnihubInventorySetQuantities']);
      // The SKU search also matches TSH-ORG-NVY-M-2PACK: only the exact SKU counts.
      assert.deepEqual(shop.requests[2]?.variables, {
        input: {
          name: 'available',
          reason: 'correction',
          referenceDocumentUri: 'omnihub://idempotency-key/eu-store%3Aset-inventory%3Aevt-1',
          quantities: [{ inventoryItemId: 'gid://shopify/InventoryItem/801', locationId: 'gid://shopify/Location/1001', quantity: 12, compareQuantity: 7 }],
        },
      });
      assert.deepEqual(levelOf(shop, 'gid://shopify/InventoryItem/801'), { available: 12, on_hand: 14 });
      assert.match(result.vendorIds?.[0] ?? '', /^gid:\/\/shopify\/InventoryAdjustmentGroup\//);
      assert.deepEqual(test.ctx.cursors.entries(), { 'set-inventory:gid://shopify/InventoryItem/801:gid://shopify/Location/1001:available': '2025-03-01T12:00:00.000Z' });
    });

    it('reads again and retries when a sale changes the quantity between read and set (COMPARE_QUANTITY_STALE)', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const state = shop;
      let sold = false;
      shop.beforeAnswer = (operation) => {
        if (operation === 'OmnihubInventorySetQuantities' && !sold) {
          sold = true;
          const level = levelOf(state, 'gid://shopify/InventoryItem/801');
          if (level !== undefined) level['available'] = 6;
        }
      };
      await action('set-inventory').execute(actionInput('set-inventory', payload), test.ctx);
      assert.deepEqual(shop.operations(), ['OmnihubVariantsBySku', 'OmnihubInventoryQuantities', 'OmnihubInventorySetQuantities', 'OmnihubInventoryQuantities', 'OmnihubInventorySetQuantities']);
      assert.equal((shop.requests[4]?.variables['input'] as { quantities: { compareQuantity: number }[] }).quantities[0]?.compareQuantity, 6);
      assert.equal(levelOf(shop, 'gid://shopify/InventoryItem/801')?.['available'], 12);
      assert.match(test.ctx.logs.text(), /changed at Shopify between read and set/);
    });

    it('gives up as transient when the quantity keeps moving, and never overwrites it blindly', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const state = shop;
      shop.beforeAnswer = (operation) => {
        const level = levelOf(state, 'gid://shopify/InventoryItem/801');
        if (operation === 'OmnihubInventorySetQuantities' && level !== undefined) level['available'] = (level['available'] ?? 0) - 1;
      };
      await assert.rejects(action('set-inventory').execute(actionInput('set-inventory', payload), test.ctx), (error: unknown) => error instanceof TransientFailure && error.code === 'shopify.compare-quantity-contended');
      assert.equal(shop.effects(), 0);
    });

    it('skips a level older than one already pushed for the item and location (out-of-order delivery)', async () => {
      const test = shopifyTest();
      shop = test.shop;
      await action('set-inventory').execute(actionInput('set-inventory', { ...payload, quantity: 15, asOf: '2025-03-01T13:00:00Z' }, 'evt-new'), test.ctx);
      const stale = await action('set-inventory').execute(actionInput('set-inventory', { ...payload, quantity: 9, asOf: '2025-03-01T12:30:00+01:00' }, 'evt-old'), test.ctx);
      assert.equal(stale.alreadyApplied, true);
      assert.equal(levelOf(shop, 'gid://shopify/InventoryItem/801')?.['available'], 15);
    });

    it('reports a refused quantity as a permanent failure naming the field path, and keeps the SKU lookup cached', async () => {
      const test = shopifyTest();
      shop = test.shop;
      await assert.rejects(
        action('set-inventory').execute(actionInput('set-inventory', { ...payload, quantity: 2_000_000_000 }), test.ctx),
        userErrorWith('input.quantities.0.quantity', 'shopify.user-error.invalid_quantity_too_high'),
      );
      await action('set-inventory').execute(actionInput('set-inventory', payload, 'evt-2'), test.ctx);
      assert.equal(shop.operations().filter((name) => name === 'OmnihubVariantsBySku').length, 1);
    });

    it('fails permanently on an unknown SKU or an item not stocked there, and leaves levels of locations the shop does not hold', async () => {
      const test = shopifyTest();
      shop = test.shop;
      await assert.rejects(action('set-inventory').execute(actionInput('set-inventory', { ...payload, sku: 'NOPE-1' }), test.ctx), (error: unknown) => error instanceof PermanentFailure && error.code === 'shopify.sku-unknown');
      shop.state.locations.push({ id: 'gid://shopify/Location/1002', name: 'Hamburg' });
      await assert.rejects(action('set-inventory').execute(actionInput('set-inventory', { ...payload, locationId: '1002' }), test.ctx), (error: unknown) => error instanceof PermanentFailure && error.code === 'shopify.item-not-stocked');
      const requests = shop.requests.length;
      assert.deepEqual(await action('set-inventory').execute(actionInput('set-inventory', { ...payload, locationId: 'munich-2' }), test.ctx), {});
      assert.equal(shop.requests.length, requests);
      await assert.rejects(action('set-inventory').execute(actionInput('set-inventory', { ...payload, quantity: -1 }), test.ctx), /\/quantity must be an integer of 0 or more/);
    });
  });

  describe('create-fulfillment', () => {
    const payload = {
      orderId: 'gid://shopify/Order/5001',
      locationId: 'berlin-1',
      lines: [{ lineItemId: '70011', quantity: 1 }],
      tracking: { company: 'DHL', number: '00340434161094042557', url: 'https://www.dhl.de/track?piececode=00340434161094042557' },
      notifyCustomer: true,
    };

    it('creates a fulfillment with tracking over the open fulfillment order of the location', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const result = await action('create-fulfillment').execute(actionInput('create-fulfillment', payload), test.ctx);
      assert.deepEqual(shop.operations(), ['OmnihubOrderFulfillmentState', 'OmnihubFulfillmentCreate']);
      assert.deepEqual(shop.requests[1]?.variables, {
        fulfillment: {
          notifyCustomer: true,
          trackingInfo: { company: 'DHL', number: '00340434161094042557', url: 'https://www.dhl.de/track?piececode=00340434161094042557' },
          lineItemsByFulfillmentOrder: [{ fulfillmentOrderId: 'gid://shopify/FulfillmentOrder/50011', fulfillmentOrderLineItems: [{ id: 'gid://shopify/FulfillmentOrderLineItem/50011', quantity: 1 }] }],
        },
      });
      assert.match(result.vendorIds?.[0] ?? '', /^gid:\/\/shopify\/Fulfillment\//);
      assert.equal(shop.state.orders[0]?.fulfillmentOrders[0]?.lines[0]?.remaining, 3);
    });

    it('refuses more units than are left, and a cancelled order', async () => {
      const test = shopifyTest();
      shop = test.shop;
      await assert.rejects(action('create-fulfillment').execute(actionInput('create-fulfillment', { ...payload, tracking: undefined, lines: [{ lineItemId: '70011', quantity: 4 }, { lineItemId: '70012', quantity: 2 }] }), test.ctx), (error: unknown) => error instanceof PermanentFailure && error.code === 'shopify.fulfillment-quantity' && /70012 short by 1/.test(error.message));
      await assert.rejects(action('create-fulfillment').execute(actionInput('create-fulfillment', { ...payload, orderId: 'gid://shopify/Order/5002', lines: [{ lineItemId: '70021', quantity: 1 }] }), test.ctx), (error: unknown) => error instanceof PermanentFailure && error.code === 'shopify.order-cancelled');
      assert.equal(shop.effects(), 0);
    });

    it('reports userErrors with their field path when the fulfillment order closed in between, and does not resend the mutation', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const state = shop;
      shop.beforeAnswer = (operation) => {
        const fo = state.state.orders[0]?.fulfillmentOrders[0];
        if (operation === 'OmnihubFulfillmentCreate' && fo !== undefined) fo.status = 'CLOSED';
      };
      await assert.rejects(action('create-fulfillment').execute(actionInput('create-fulfillment', payload), test.ctx), userErrorWith('fulfillment.lineItemsByFulfillmentOrder.0.fulfillmentOrderId', 'shopify.user-error'));
      shop.beforeAnswer = undefined;
      const reopened = shop.state.orders[0]?.fulfillmentOrders[0];
      if (reopened !== undefined) reopened.status = 'OPEN';
      shop.failNext('OmnihubFulfillmentCreate', 503, 'Service Unavailable');
      await assert.rejects(action('create-fulfillment').execute(actionInput('create-fulfillment', { ...payload, locationId: undefined }), test.ctx), TransientFailure);
      assert.equal(shop.operations().filter((name) => name === 'OmnihubFulfillmentCreate').length, 2, 'a fulfillment is not resent after a 5xx: the hub retries the whole action, which reads first');
    });
  });

  describe('cancel-order', () => {
    it('cancels with the reason, refund and restock flags', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const result = await action('cancel-order').execute(actionInput('cancel-order', { orderId: '5003', reason: 'CUSTOMER', restock: true, staffNote: 'Customer called' }), test.ctx);
      assert.deepEqual(shop.requests[1]?.variables, { orderId: 'gid://shopify/Order/5003', reason: 'CUSTOMER', refund: false, restock: true, notifyCustomer: false, staffNote: 'Customer called' });
      assert.equal(result.vendorIds?.[0], 'gid://shopify/Order/5003');
      assert.match(result.vendorIds?.[1] ?? '', /^gid:\/\/shopify\/Job\//);
      assert.ok(shop.state.orders.find((o) => o.id === 'gid://shopify/Order/5003')?.cancelledAt !== null);
    });

    it('reports orderCancelUserErrors with their code and field path', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const state = shop;
      shop.beforeAnswer = (operation) => {
        if (operation === 'OmnihubOrderCancel') state.state.orders = state.state.orders.filter((o) => o.id !== 'gid://shopify/Order/5003');
      };
      await assert.rejects(action('cancel-order').execute(actionInput('cancel-order', { orderId: '5003', reason: 'FRAUD' }), test.ctx), userErrorWith('orderId: Order does not exist (NOT_FOUND)', 'shopify.user-error.not_found'));
      await assert.rejects(action('cancel-order').execute(actionInput('cancel-order', { orderId: '5003', reason: 'BORED' }), test.ctx), InvalidMessageFailure);
    });
  });

  describe('create-refund', () => {
    const payload = { orderId: 'gid://shopify/Order/5001', amount: { amount: '10.00', currency: 'EUR' }, note: 'Goodwill', notify: true };

    it('refunds through the captured payment with the event marker in the note', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const input = actionInput('create-refund', payload);
      const result = await action('create-refund').execute(input, test.ctx);
      assert.deepEqual(shop.requests[1]?.variables, {
        input: {
          orderId: 'gid://shopify/Order/5001',
          note: `Goodwill ${idempotencyMarker(input.idempotencyKey)}`,
          notify: true,
          transactions: [{ orderId: 'gid://shopify/Order/5001', parentId: 'gid://shopify/OrderTransaction/50019', kind: 'REFUND', gateway: 'shopify_payments', amount: '10.00' }],
        },
      });
      assert.match(result.vendorIds?.[0] ?? '', /^gid:\/\/shopify\/Refund\//);
    });

    it('refuses another currency, an amount over what is refundable (userErrors path), and an empty refund', async () => {
      const test = shopifyTest();
      shop = test.shop;
      await assert.rejects(action('create-refund').execute(actionInput('create-refund', { ...payload, amount: { amount: '10.00', currency: 'USD' } }), test.ctx), (error: unknown) => error instanceof PermanentFailure && error.code === 'shopify.refund-currency');
      await assert.rejects(action('create-refund').execute(actionInput('create-refund', { ...payload, amount: { amount: '999.00', currency: 'EUR' } }), test.ctx), userErrorWith('input.transactions.0.amount: Amount cannot be greater than the refundable amount of 248.80', 'shopify.user-error'));
      await assert.rejects(action('create-refund').execute(actionInput('create-refund', { orderId: '5001' }), test.ctx), InvalidMessageFailure);
      assert.equal(shop.effects(), 0);
    });
  });

  describe('returns', () => {
    it('approves a requested return and refuses to approve a declined one', async () => {
      const test = shopifyTest();
      shop = test.shop;
      await action('approve-return').execute(actionInput('approve-return', { returnId: 'gid://shopify/Return/6001', notifyCustomer: true }), test.ctx);
      assert.deepEqual(shop.requests[1]?.variables, { input: { id: 'gid://shopify/Return/6001', notifyCustomer: true } });
      assert.equal(shop.state.returns[0]?.status, 'OPEN');
      const declined = shop.state.returns[0];
      if (declined !== undefined) declined.status = 'DECLINED';
      await assert.rejects(action('approve-return').execute(actionInput('approve-return', { returnId: '6001' }, 'evt-2'), test.ctx), (error: unknown) => error instanceof PermanentFailure && error.code === 'shopify.return-state');
    });

    it('books received goods as a refund of the lines without money, restocked where they were restocked', async () => {
      const test = shopifyTest();
      shop = test.shop;
      const input = actionInput('process-return', { orderId: '5003', lines: [{ lineItemId: 'gid://shopify/LineItem/70031', quantity: 1, restockType: 'RETURN', locationId: 'berlin-1' }], note: 'RMA #5003-R1' });
      await action('process-return').execute(input, test.ctx);
      assert.deepEqual(shop.requests[1]?.variables, {
        input: {
          orderId: 'gid://shopify/Order/5003',
          note: `RMA #5003-R1 ${idempotencyMarker(input.idempotencyKey)}`,
          notify: false,
          refundLineItems: [{ lineItemId: 'gid://shopify/LineItem/70031', quantity: 1, restockType: 'RETURN', locationId: 'gid://shopify/Location/1001' }],
        },
      });
      await assert.rejects(action('process-return').execute(actionInput('process-return', { orderId: '5003', lines: [{ lineItemId: '70031', quantity: 1, restockType: 'RETURN' }] }, 'evt-2'), test.ctx), userErrorWith('input.refundLineItems.0.locationId', 'shopify.user-error'));
      // Restocking at a hub location no Shopify location stands for cannot be done: the settings must be fixed.
      await assert.rejects(action('process-return').execute(actionInput('process-return', { orderId: '5003', lines: [{ lineItemId: '70031', quantity: 1, restockType: 'RETURN', locationId: 'munich-2' }] }, 'evt-3'), test.ctx), ConfigurationFailure);
    });
  });
});
