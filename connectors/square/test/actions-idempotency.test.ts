import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import conformance from '../conformance.config.ts';
import { action, actionInput } from './support/action-input.ts';
import { squareTest, stopSellers } from './support/context.ts';

const samples = conformance.actions ?? {};

describe('square actions: one vendor effect per event', () => {
  afterEach(() => stopSellers());

  for (const name of Object.keys(samples)) {
    it(`${name}: the same event delivered three times changes the seller once`, async () => {
      const { ctx, square } = squareTest();
      const input = actionInput(name, samples[name]?.payload);
      for (let delivery = 0; delivery < 3; delivery += 1) await action(name).execute(structuredClone(input), ctx);
      assert.equal(square.effects(), 1);
      assert.deepEqual(square.invalidRequests, []);
      assert.deepEqual(square.invalidReplies, []);
    });
  }

  for (const name of ['change-inventory', 'refund-payment']) {
    it(`${name}: a second, different event with the same payload is a new effect (a new idempotency_key)`, async () => {
      const { ctx, square } = squareTest();
      await action(name).execute(actionInput(name, samples[name]?.payload, 'evt-a'), ctx);
      await action(name).execute(actionInput(name, samples[name]?.payload, 'evt-b'), ctx);
      assert.equal(square.effects(), 2);
    });
  }

  it('update-pickup: a second event asking for the state the pickup already has is no new effect', async () => {
    const { ctx, square } = squareTest();
    await action('update-pickup').execute(actionInput('update-pickup', samples['update-pickup']?.payload, 'evt-a'), ctx);
    const second = await action('update-pickup').execute(actionInput('update-pickup', samples['update-pickup']?.payload, 'evt-b'), ctx);
    assert.equal(second.alreadyApplied, true);
    assert.equal(square.effects(), 1);
  });
});
