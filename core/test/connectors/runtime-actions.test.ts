import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Events, createEvent, enqueueOutbox, getDeadLetter, listDeadLetters, type CloudEvent, type PayloadOf } from '@omnihub/core';
import { BROKER_SETUPS, waitFor, type TestBroker } from '@omnihub/core/testing';
import type { ConnectorRuntime } from '../../src/connectors/index.ts';
import { capturedLogger, shopConfig, shopRuntime, vendorServer, type VendorCall, type VendorReply, type VendorServer } from './support.ts';

type LevelChanged = PayloadOf<typeof Events.InventoryLevelChanged>;

function levelChanged(sku: string, available = 9): CloudEvent<LevelChanged> {
  const data: LevelChanged = { level: { sku, locationId: 'store-berlin-alex', onHand: available + 2, available, asOf: '2025-04-14T17:45:12Z' }, previousAvailable: available + 1 };
  return createEvent(Events.InventoryLevelChanged, data, { source: '/tests/actions' });
}

for (const setup of BROKER_SETUPS) {
  describe(`outbound actions on ${setup.name}`, () => {
    let t: TestBroker;
    let vendor: VendorServer;
    let runtime: ConnectorRuntime;
    const logs = capturedLogger();
    /** Vendor-side effects, one per idempotency key, as a vendor honouring the key keeps them. */
    const applied = new Map<string, unknown>();
    const failures = new Map<string, VendorReply[]>();

    function levelCalls(sku: string): VendorCall[] {
      return vendor.calls.filter((c) => c.path === '/levels' && (JSON.parse(c.body || '{}') as { sku?: string }).sku === sku);
    }

    async function publish(event: CloudEvent): Promise<void> {
      await t.store.transaction((tx) => enqueueOutbox(tx, event));
      t.broker.relay.notify();
    }

    before(async () => {
      t = await setup.open();
      vendor = await vendorServer();
      vendor.reply('/moves', { status: 200, body: { moves: [], next: '0', more: false } });
      vendor.reply('/ping', { status: 200, body: { ok: true } });
      vendor.reply('/levels', (call) => {
        const body = JSON.parse(call.body) as { sku: string };
        const queued = failures.get(body.sku);
        const failure = queued?.shift();
        if (failure !== undefined) return failure;
        const key = String(call.headers['idempotency-key']);
        if (!applied.has(key)) applied.set(key, body);
        return { status: 200, body: { ok: true } };
      });
      runtime = await shopRuntime({ store: t.store, registry: t.registry, bus: t.broker.bus, logger: logs.logger });
      await runtime.instances.create({ id: 'shop-act', connectorId: 'shop', version: '2.0.0', config: shopConfig(vendor.url) });
      await runtime.start();
    });
    after(async () => {
      await runtime.stop();
      await vendor.close();
      await t.dispose();
    });

    it('maps each consumed event and hands it to the action once, with a stable idempotency key', async () => {
      const event = levelChanged('SKU-ONCE', 9);
      await publish(event);
      await waitFor(() => levelCalls('SKU-ONCE').length === 1, { message: 'the vendor call' });
      const [call] = levelCalls('SKU-ONCE');
      assert.equal(call?.method, 'POST');
      assert.equal(call?.headers['idempotency-key'], `shop-act:push-level:${event.id}`);
      assert.equal(call?.headers['authorization'], 'Bearer tok_live_ABCDEF123456');
      assert.deepEqual(JSON.parse(call?.body ?? '{}'), { sku: 'SKU-ONCE', location: 'store-berlin-alex', available: 9 });
      // The same event again (a producer retry or a broker redelivery) has no second effect.
      await publish(event);
      const marker = levelChanged('SKU-AFTER');
      await publish(marker);
      await waitFor(() => levelCalls('SKU-AFTER').length === 1, { message: 'a later event' });
      assert.equal(levelCalls('SKU-ONCE').length, 1);
    });

    it('retries a transient vendor failure with the same key: one vendor effect', async () => {
      failures.set('SKU-FLAKY', [{ status: 503, body: { error: 'busy' } }]);
      const event = levelChanged('SKU-FLAKY');
      await publish(event);
      await waitFor(() => applied.has(`shop-act:push-level:${event.id}`), { message: 'the retried call applied' });
      const keys = levelCalls('SKU-FLAKY').map((c) => c.headers['idempotency-key']);
      assert.deepEqual(keys, [`shop-act:push-level:${event.id}`, `shop-act:push-level:${event.id}`]);
      assert.equal([...applied.keys()].filter((k) => k.endsWith(event.id)).length, 1);
    });

    it('dead-letters a permanent refusal with the connector and mapping versions', async () => {
      failures.set('SKU-BAD', [{ status: 422, body: { error: 'unknown sku' } }]);
      const event = levelChanged('SKU-BAD');
      await publish(event);
      await waitFor(async () => (await listDeadLetters(t.store, { subscriber: 'connector.shop-act.push-level' }, { limit: 10 })).items.some((d) => d.eventId === event.id), { message: 'the dead letter' });
      const page = await listDeadLetters(t.store, { subscriber: 'connector.shop-act.push-level' }, { limit: 10 });
      const letter = await getDeadLetter(t.store, page.items.find((d) => d.eventId === event.id)?.id ?? '');
      assert.equal(letter?.errorKind, 'permanent');
      assert.equal(letter?.errorCode, 'vendor.http.422');
      assert.match(letter?.errorMessage ?? '', /answered 422: \{"error":"unknown sku"\}/);
      assert.equal(letter?.attempts, 1);
      assert.equal(letter?.connectorVersion, 'shop@2.0.0');
      assert.equal(letter?.mappingVersion, 'shop.level-update@1.0.0');
      assert.equal(levelCalls('SKU-BAD').length, 1);
    });

    it('dead-letters an event its mapping cannot turn into a vendor payload', async () => {
      await runtime.instances.update('shop-act', { mappingOverrides: { 'push-level': `level.sku = "SKU-UNMAPPABLE" ? $error("no vendor item for " & level.sku) : { "sku": level.sku, "location": level.locationId, "available": level.available }` } });
      await runtime.refresh('shop-act');
      const event = levelChanged('SKU-UNMAPPABLE');
      await publish(event);
      await waitFor(async () => (await listDeadLetters(t.store, { errorCode: 'mapping.failed' }, { limit: 10 })).items.some((d) => d.eventId === event.id), { message: 'the mapping dead letter' });
      const page = await listDeadLetters(t.store, { errorCode: 'mapping.failed' }, { limit: 10 });
      const letter = await getDeadLetter(t.store, page.items[0]?.id ?? '');
      assert.equal(letter?.errorKind, 'invalid');
      assert.match(letter?.errorMessage ?? '', /^override of shop\.level-update@1\.0\.0 failed: no vendor item for SKU-UNMAPPABLE \[expression line 1, column \d+ \(\$error\)\]/);
      assert.equal(letter?.mappingVersion, 'override of shop.level-update@1.0.0');
      assert.equal(letter?.connectorVersion, 'shop@2.0.0');
      assert.equal(levelCalls('SKU-UNMAPPABLE').length, 0);
      await runtime.instances.update('shop-act', { mappingOverrides: {} });
      await runtime.refresh('shop-act');
    });

    it('pauses the instance when the vendor refuses its credentials, and delivers the event after resume', async () => {
      failures.set('SKU-AUTH', [{ status: 401, body: { error: 'token revoked' } }]);
      const event = levelChanged('SKU-AUTH');
      await publish(event);
      await waitFor(async () => (await runtime.instances.require('shop-act')).state === 'paused', { message: 'the instance paused' });
      const paused = await runtime.instances.require('shop-act');
      assert.match(paused.stateReason ?? '', /^push-level: vendor\.http\.401: POST http:\/\/127\.0\.0\.1:\d+\/levels answered 401/);
      await waitFor(() => !runtime.running().includes('shop-act'), { message: 'the instance stopped' });
      assert.equal(applied.has(`shop-act:push-level:${event.id}`), false);
      await runtime.resume('shop-act');
      await waitFor(() => applied.has(`shop-act:push-level:${event.id}`), { message: 'the held event delivered after resume' });
      assert.equal(levelCalls('SKU-AUTH').length, 2);
    });

    it('checks the connection live, reporting the failure kind without secrets', async () => {
      assert.deepEqual(await runtime.testConnection('shop-act'), { ok: true, checked: true });
      vendor.reply('/ping', { status: 401, body: { error: 'bad token tok_live_ABCDEF123456' } });
      const failed = await runtime.testConnection('shop-act');
      assert.equal(failed.ok, false);
      assert.equal(failed.kind, 'authentication');
      assert.equal(failed.code, 'vendor.http.401');
      assert.match(failed.message ?? '', /answered 401/);
      assert.doesNotMatch(failed.message ?? '', /tok_live_ABCDEF123456/);
      assert.equal(vendor.calls.filter((c) => c.path === '/ping').at(-1)?.headers['authorization'], 'Bearer tok_live_ABCDEF123456');
    });

    it('never writes a secret to a log line', () => {
      assert.match(logs.text(), /"sent":\{"note":"\[redacted\]"\}.*pushing a stock level with \[redacted\]/);
      assert.doesNotMatch(logs.text(), /tok_live_ABCDEF123456|whsec_0123456789abcdef|cs_live_SECRET987/);
    });
  });
}
