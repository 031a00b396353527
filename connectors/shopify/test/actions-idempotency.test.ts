import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import conformance from '../conformance.config.ts';
import { action, actionInput } from './support/action-input.ts';
import { shopifyTest, stopShops } from './support/context.ts';

const samples = conformance.actions ?? {};

describe('shopify actions: one vendor effect per event', () => {
  afterEach(() => stopShops());

  for (const name of Object.keys(samples)) {
    it(`${name}: the same event delivered three times changes the shop once`, async () => {
      const { ctx, shop } = shopifyTest();
      const input = actionInput(name, samples[name]?.payload);
      const first = await action(name).execute(input, ctx);
      const again = await action(name).execute(structuredClone(input), ctx);
      const third = await action(name).execute(structuredClone(input), ctx);
      assert.equal(shop.effects(), 1);
      assert.equal(first.alreadyApplied, undefined);
      assert.equal(again.alreadyApplied, true);
      assert.equal(third.alreadyApplied, true);
      assert.deepEqual(shop.invalidDocuments, []);
    });
  }

  for (const name of ['create-refund', 'process-return']) {
    it(`${name}: a second, different event with the same payload is a new effect`, async () => {
      const { ctx, shop } = shopifyTest();
      await action(name).execute(actionInput(name, samples[name]?.payload, 'evt-a'), ctx);
      await action(name).execute(actionInput(name, samples[name]?.payload, 'evt-b'), ctx);
      assert.equal(shop.effects(), 2);
    });
  }

  for (const name of ['set-inventory', 'create-fulfillment', 'cancel-order', 'approve-return']) {
    it(`${name}: a second event asking for the state the shop already has is no new effect`, async () => {
      const { ctx, shop } = shopifyTest();
      await action(name).execute(actionInput(name, samples[name]?.payload, 'evt-a'), ctx);
      const second = await action(name).execute(actionInput(name, samples[name]?.payload, 'evt-b'), ctx);
      assert.equal(second.alreadyApplied, true);
      assert.equal(shop.effects(), 1);
    });
  }
});
