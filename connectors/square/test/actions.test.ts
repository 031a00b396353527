import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { AuthenticationFailure, PermanentFailure, RateLimitedFailure, TransientFailure } from '@omnihub/connector-sdk';
import { squareIdempotencyKey } from '../src/api/idempotency.ts';
import { action, actionInput } from './support/action-input.ts';
import { squareTest, stopSellers } from './support/context.ts';
import type { SquareDouble } from './support/square-double.ts';
import { BERLIN } from './support/square-state.ts';

const ORDER = 'CAISENgvlJ6jLWAzERDzjyHVybY';

function pickupState(square: SquareDouble): string | null | undefined {
  return square.state.orders.get(ORDER)?.fulfillments?.[0]?.state;
}

describe('square actions', () => {
  let square: SquareDouble | undefined;
  afterEach(() => {
    if (square !== undefined) {
      assert.deepEqual(square.invalidRequests, []);
      assert.deepEqual(square.invalidReplies, []);
    }
    stopSellers();
    square = undefined;
  });

  it('does nothing for a null payload (the mapping found nothing to send)', async () => {
    const test = squareTest();
    square = test.square;
    for (const name of ['change-inventory', 'update-pickup', 'refund-payment']) assert.deepEqual(await action(name).execute(actionInput(name, null), test.ctx), {});
    assert.equal(square.requests.length, 0);
  });

  describe('change-inventory', () => {
    const payload = {
      changes: [
        { type: 'ADJUSTMENT', adjustment: { sku: 'TSH-ORG-NVY-M', location_id: 'berlin-1', from_state: 'NONE', to_state: 'IN_STOCK', quantity: 4, occurred_at: '2025-03-01T12:00:00Z' } },
        { type: 'PHYSICAL_COUNT', physical_count: { sku: 'JKT-RAIN-BLK-L', location_id: 'berlin-1', quantity: '9', occurred_at: '2025-03-01T12:01:00Z' } },
      ],
    };

    it('sends BatchChangeInventory with catalog object ids, Square locations, an idempotency_key and the hub’s reference', async () => {
      const test = squareTest();
      square = test.square;
      const input = actionInput('change-inventory', payload);
      const result = await action('change-inventory').execute(input, test.ctx);
      const batch = square.requests.find((request) => request.operationId === 'BatchChangeInventory');
      const reference = `omnihub:${squareIdempotencyKey(input.idempotencyKey)}`;
      assert.deepEqual(batch?.body, {
        idempotency_key: squareIdempotencyKey(input.idempotencyKey),
        changes: [
          { type: 'ADJUSTMENT', adjustment: { reference_id: reference, catalog_object_id: 'W62UWFY35CWMYGVWK6TWJDNI', location_id: BERLIN, from_state: 'NONE', to_state: 'IN_STOCK', quantity: '4', occurred_at: '2025-03-01T12:00:00Z' } },
          { type: 'PHYSICAL_COUNT', physical_count: { reference_id: reference, catalog_object_id: 'AII3ENMLDLJTUQKQ6HNMXSHG', location_id: BERLIN, state: 'IN_STOCK', quantity: '9', occurred_at: '2025-03-01T12:01:00Z' } },
        ],
        ignore_unchanged_counts: true,
      });
      assert.equal(squareIdempotencyKey(input.idempotencyKey).length, 40);
      assert.equal(square.state.counts.get(`W62UWFY35CWMYGVWK6TWJDNI|${BERLIN}|IN_STOCK`), 11);
      assert.equal(square.state.counts.get(`AII3ENMLDLJTUQKQ6HNMXSHG|${BERLIN}|IN_STOCK`), 9);
      assert.equal(result.vendorIds?.length, 2);
    });

    it('looks each SKU up once (cached), fails on an unknown SKU, and leaves out changes at locations this seller does not hold', async () => {
      const test = squareTest();
      square = test.square;
      await action('change-inventory').execute(actionInput('change-inventory', payload, 'evt-1'), test.ctx);
      await action('change-inventory').execute(actionInput('change-inventory', payload, 'evt-2'), test.ctx);
      assert.equal(square.operations().filter((name) => name === 'SearchCatalogObjects').length, 2, 'one search per SKU, none for the second event');
      const unknown = { changes: [{ type: 'ADJUSTMENT', adjustment: { ...payload.changes[0]?.adjustment, sku: 'NOPE-1' } }] };
      await assert.rejects(action('change-inventory').execute(actionInput('change-inventory', unknown, 'evt-3'), test.ctx), (error: unknown) => error instanceof PermanentFailure && error.code === 'square.sku-unknown');
      const unmapped = { changes: [{ type: 'ADJUSTMENT', adjustment: { ...payload.changes[0]?.adjustment, location_id: 'munich-2' } }] };
      assert.deepEqual(await action('change-inventory').execute(actionInput('change-inventory', unmapped, 'evt-4'), test.ctx), { vendorIds: [] });
      assert.equal(square.operations().filter((name) => name === 'BatchChangeInventory').length, 2);
    });

    it('waits out a 429 with Retry-After and resends with the same idempotency_key', async () => {
      const test = squareTest();
      square = test.square;
      square.replyNext('BatchChangeInventory', { status: 429, headers: { 'retry-after': '2' }, body: { errors: [{ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED', detail: 'Rate limited' }] } });
      await action('change-inventory').execute(actionInput('change-inventory', payload), test.ctx);
      const keys = square.requests.filter((request) => request.operationId === 'BatchChangeInventory').map((request) => (request.body as { idempotency_key: string }).idempotency_key);
      assert.equal(keys.length, 2);
      assert.equal(keys[0], keys[1]);
      assert.deepEqual(test.ctx.clock.sleeps, [2000]);
      assert.equal(square.effects(), 1);
    });
  });

  describe('update-pickup', () => {
    it('moves the pickup fulfillment at the version read, with an idempotency_key', async () => {
      const test = squareTest();
      square = test.square;
      await action('update-pickup').execute(actionInput('update-pickup', { order_id: ORDER, state: 'PREPARED' }), test.ctx);
      const update = square.requests.find((request) => request.operationId === 'UpdateOrder');
      assert.deepEqual((update?.body as { order: unknown }).order, { location_id: BERLIN, version: 3, fulfillments: [{ uid: 'ful-1', state: 'PREPARED' }] });
      assert.match((update?.body as { idempotency_key: string }).idempotency_key, /^[0-9a-f]{40}$/);
      assert.equal(pickupState(square), 'PREPARED');
    });

    it('sends nothing when the pickup already is in that state or past it (a late event)', async () => {
      const test = squareTest();
      square = test.square;
      await action('update-pickup').execute(actionInput('update-pickup', { order_id: ORDER, state: 'PREPARED' }, 'evt-1'), test.ctx);
      const late = await action('update-pickup').execute(actionInput('update-pickup', { order_id: ORDER, state: 'RESERVED' }, 'evt-0'), test.ctx);
      assert.equal(late.alreadyApplied, true);
      assert.equal(pickupState(square), 'PREPARED');
      assert.equal(square.operations().filter((name) => name === 'UpdateOrder').length, 1);
    });

    it('reads again and retries after VERSION_MISMATCH, and refuses to move a completed pickup to canceled', async () => {
      const test = squareTest();
      square = test.square;
      const seller = square;
      let bumped = false;
      square.beforeAnswer = (operation) => {
        const order = seller.state.orders.get(ORDER);
        if (operation === 'UpdateOrder' && !bumped && order !== undefined) {
          bumped = true;
          order.version = (order.version ?? 0) + 1;
        }
      };
      await action('update-pickup').execute(actionInput('update-pickup', { order_id: ORDER, state: 'COMPLETED' }), test.ctx);
      assert.deepEqual(square.operations(), ['RetrieveOrder', 'UpdateOrder', 'RetrieveOrder', 'UpdateOrder']);
      assert.equal(pickupState(square), 'COMPLETED');
      await assert.rejects(action('update-pickup').execute(actionInput('update-pickup', { order_id: ORDER, state: 'CANCELED', cancel_reason: 'Not collected' }, 'evt-2'), test.ctx), (error: unknown) => error instanceof PermanentFailure && error.code === 'square.fulfillment-state');
    });

    it('gives up as transient when the order keeps changing', async () => {
      const test = squareTest();
      square = test.square;
      const seller = square;
      square.beforeAnswer = (operation) => {
        const order = seller.state.orders.get(ORDER);
        if (operation === 'UpdateOrder' && order !== undefined) order.version = (order.version ?? 0) + 1;
      };
      await assert.rejects(action('update-pickup').execute(actionInput('update-pickup', { order_id: ORDER, state: 'PREPARED' }), test.ctx), (error: unknown) => error instanceof TransientFailure && error.code === 'square.version-contended');
    });
  });

  describe('refund-payment', () => {
    it('refunds the payment with an idempotency_key of at most 45 characters', async () => {
      const test = squareTest();
      square = test.square;
      const input = actionInput('refund-payment', { payment_id: 'pay-1', amount_money: { amount: 1000, currency: 'EUR' }, reason: 'Damaged in transit' });
      const result = await action('refund-payment').execute(input, test.ctx);
      const refund = square.requests.find((request) => request.operationId === 'RefundPayment');
      assert.deepEqual(refund?.body, { idempotency_key: squareIdempotencyKey(input.idempotencyKey), amount_money: { amount: 1000, currency: 'EUR' }, payment_id: 'pay-1', reason: 'Damaged in transit' });
      assert.match(result.vendorIds?.[0] ?? '', /^pay-1_/);
    });

    it('finds the payment from the order’s tender, and reports Square’s refusal of too large an amount', async () => {
      const test = squareTest();
      square = test.square;
      await action('refund-payment').execute(actionInput('refund-payment', { order_id: ORDER, amount_money: { amount: 990, currency: 'EUR' } }), test.ctx);
      assert.deepEqual(square.operations(), ['RetrieveOrder', 'RefundPayment']);
      await assert.rejects(
        action('refund-payment').execute(actionInput('refund-payment', { payment_id: 'pay-1', amount_money: { amount: 99_999, currency: 'EUR' } }, 'evt-2'), test.ctx),
        (error: unknown) => error instanceof PermanentFailure && /REFUND_AMOUNT_INVALID/.test(error.message),
      );
    });

    it('classifies a 401 as authentication and a long Retry-After as rate-limited, with the token never logged', async () => {
      const test = squareTest({ config: { accessToken: 'EAAAl-wrong-token-999' } });
      square = test.square;
      await assert.rejects(action('refund-payment').execute(actionInput('refund-payment', { payment_id: 'pay-1', amount_money: { amount: 100, currency: 'EUR' } }), test.ctx), AuthenticationFailure);
      assert.doesNotMatch(test.ctx.logs.text(), /EAAAl-wrong-token-999/);
      square.respondWith(429, { 'retry-after': '120' }, { errors: [{ category: 'RATE_LIMIT_ERROR', code: 'RATE_LIMITED' }] });
      await assert.rejects(action('refund-payment').execute(actionInput('refund-payment', { payment_id: 'pay-1', amount_money: { amount: 100, currency: 'EUR' } }), test.ctx), (error: unknown) => error instanceof RateLimitedFailure && error.retryAfterMs === 120_000);
      square.reset();
      square = undefined;
    });
  });
});
