/** The hub's command handlers on their own, without a transport, on both stores. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { HubError, SCHEMAS_DIR, SchemaRegistry } from '@omnihub/core';
import { STORE_FACTORIES, type TestStore } from '@omnihub/core/testing';
import { commandError, createHubCommandHandlers, HUB_COMMANDS, type CommandHandler, type SubmitOrderReply } from '../../src/interop/index.ts';
import type { InventoryView } from '../../src/stock/index.ts';

const order = (JSON.parse(readFileSync(`${SCHEMAS_DIR}/order.created/fixtures/v1/valid/minimal.json`, 'utf8')) as { order: { id: string } }).order;

for (const factory of STORE_FACTORIES) {
  describe(`hub commands on ${factory.name}`, () => {
    let testStore: TestStore;
    let handlers: Record<string, CommandHandler>;

    before(async () => {
      testStore = await factory.open();
      handlers = createHubCommandHandlers({ store: testStore.store, registry: await SchemaRegistry.load() });
    });
    after(() => testStore.dispose());

    const call = (pattern: string, data: unknown): Promise<unknown> => {
      const handler = handlers[pattern];
      if (handler === undefined) throw new Error(`no handler ${pattern}`);
      return handler(data, {});
    };

    it('has one handler per documented command', () => {
      assert.deepEqual(Object.keys(handlers).sort(), HUB_COMMANDS.map((c) => c.pattern).sort());
    });

    it('reads an unknown SKU as empty stock', async () => {
      const view = (await call('inventory.availability.get', { sku: 'NEVER' })) as InventoryView;
      assert.deepEqual(view, { sku: 'NEVER', backorderUnits: 0, locations: [], channels: [] });
    });

    it('derives the event id from the idempotency key', async () => {
      const first = (await call('orders.submit', { order, idempotencyKey: 'checkout-42' })) as SubmitOrderReply;
      const second = (await call('orders.submit', { order, idempotencyKey: 'checkout-42' })) as SubmitOrderReply;
      const third = (await call('orders.submit', { order, idempotencyKey: 'checkout-43' })) as SubmitOrderReply;
      assert.equal(first.outcome, 'accepted');
      assert.deepEqual(second, { ...first, outcome: 'duplicate' });
      assert.notEqual(third.eventId, first.eventId);
    });

    it('refuses a request that is not an object, naming the rule', async () => {
      await assert.rejects(call('orders.submit', 'an order'), (error: unknown) => {
        assert.ok(error instanceof HubError);
        assert.equal(error.code, 'validation-failed');
        assert.deepEqual(commandError(error).errors?.map((e) => e.keyword), ['type']);
        return true;
      });
    });
  });
}

describe('command errors', () => {
  it('hide the message of an unexpected failure', () => {
    assert.deepEqual(commandError(new Error('password authentication failed for user "omnihub"')), {
      status: 'error',
      code: 'internal',
      message: 'the hub could not run the command; it was logged',
    });
  });
});
