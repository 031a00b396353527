import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { channelReaders, createApiKey } from '@omnihub/core';
import { STORE_FACTORIES, waitFor } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { startTestHub, type TestHub } from './support.ts';

type Schemas = components['schemas'];

async function ok<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

async function problem(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  assert.equal(response.status, status, await response.clone().text());
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(body['code'], code);
  return body;
}

let n = 0;
function sku(label: string): string {
  n += 1;
  return `API-${label}-${n}-${randomUUID().slice(0, 6)}`;
}

function movement(fields: Record<string, unknown>): Record<string, unknown> {
  return { movementId: randomUUID(), mode: 'delta', reason: 'adjustment', sourceSystem: 'square', occurredAt: new Date().toISOString(), ...fields };
}

for (const factory of STORE_FACTORIES) {
  describe(`stock API on ${factory.name}`, () => {
    let t: TestHub;
    let ops: string;
    const web = `web-api-${factory.name}`;
    const store = `store-api-${factory.name}`;
    const dc = `dc-api-${factory.name}`;

    before(async () => {
      t = await startTestHub(factory);
      ops = (await createApiKey(t.hub.store, 'ops-stock', ['ops'])).key;
      const response = await t.call('PUT', `/v1/sales-channels/${web}`, { key: t.keys.admin, body: { name: 'Web', kind: 'web', locationIds: [store, dc], buffer: { units: 1 } } });
      await ok(response);
    });
    after(async () => {
      await t.close();
    });

    const post = (movements: unknown[]): Promise<Response> => t.call('POST', '/v1/inventory/movements', { key: t.keys.write, body: { movements } });
    const inventory = async (s: string): Promise<Schemas['Inventory']> => ok<Schemas['Inventory']>(await t.call('GET', `/v1/inventory/${encodeURIComponent(s)}`, { key: t.keys.read }));

    it('configures sales channels and refuses bad ones, by scope', async () => {
      const channel = await ok<Schemas['SalesChannel']>(await t.call('GET', `/v1/sales-channels/${web}`, { key: t.keys.read }));
      assert.deepEqual({ kind: channel.kind, locationIds: channel.locationIds, buffer: channel.buffer }, { kind: 'web', locationIds: [dc, store].sort(), buffer: { units: 1 } });
      const list = await ok<Schemas['SalesChannelList']>(await t.call('GET', '/v1/sales-channels', { key: t.keys.read }));
      assert.ok(list.items.some((c) => c.id === web));
      const bad = await problem(await t.call('PUT', '/v1/sales-channels/pickup-x', { key: t.keys.admin, body: { name: 'Pickup', kind: 'store-pickup', locationIds: [store, dc] } }), 422, 'validation-failed');
      assert.deepEqual((bad['errors'] as { path: string }[]).map((e) => e.path), ['/locationIds']);
      const badBuffer = await problem(await t.call('PUT', '/v1/sales-channels/web-x', { key: t.keys.admin, body: { name: 'Web', kind: 'web', locationIds: [dc], buffer: { units: -1 } } }), 422, 'validation-failed');
      assert.deepEqual((badBuffer['errors'] as { path: string; message: string }[]).map((e) => `${e.path} ${e.message}`), ['/buffer/units must be >= 0'], 'only the branch meant');
      await problem(await t.call('PUT', '/v1/sales-channels/pickup-x', { key: t.keys.read, body: { name: 'Pickup', kind: 'store-pickup', locationIds: [store] } }), 403, 'forbidden');
      await problem(await t.call('GET', '/v1/sales-channels/nope', { key: t.keys.read }), 404, 'not-found');
      await ok(await t.call('PUT', '/v1/sales-channels/temp', { key: t.keys.admin, body: { name: 'Temp', kind: 'marketplace', locationIds: [dc], buffer: { percent: 12.5 } } }));
      assert.equal((await t.call('DELETE', '/v1/sales-channels/temp', { key: t.keys.admin })).status, 204);
      await problem(await t.call('DELETE', '/v1/sales-channels/temp', { key: t.keys.admin }), 404, 'not-found');
    });

    it('keeps the good rows of a movement batch and rejects the bad ones with their reasons (207)', async () => {
      const s = sku('batch');
      const count = movement({ sku: s, locationId: store, mode: 'absolute', quantity: 10, reason: 'count' });
      const rows = [
        count,
        movement({ sku: s, locationId: store, mode: 'absolute', quantity: -4, reason: 'count' }),
        movement({ sku: s, locationId: dc, quantity: 5, reason: 'receipt' }),
        { sku: s, quantity: 'three' },
        movement({ sku: s, locationId: store, mode: 'absolute', bucket: 'reserved', quantity: 2, reason: 'count' }),
      ];
      const result = await ok<Schemas['MovementBatchResult']>(await post(rows), 207);
      assert.deepEqual([result.applied, result.duplicates, result.rejected], [2, 0, 3]);
      assert.deepEqual(result.results.map((r) => [r.index, r.status, r.code ?? null]), [
        [0, 'applied', null],
        [1, 'rejected', 'validation-failed'],
        [2, 'applied', null],
        [3, 'rejected', 'validation-failed'],
        [4, 'rejected', 'validation-failed'],
      ]);
      assert.deepEqual(result.results[1]?.errors?.map((e) => e.path), ['/quantity']);
      assert.ok(result.results[3]?.errors?.some((e) => e.path === '/quantity' && e.keyword === 'type'));
      assert.ok(result.results[3]?.errors?.some((e) => e.path === '/movementId' && e.keyword === 'required'));
      assert.deepEqual(result.results[4]?.errors?.map((e) => e.path), ['/bucket']);

      const again = await ok<Schemas['MovementBatchResult']>(await post([count]));
      assert.deepEqual(again.results.map((r) => r.status), ['duplicate']);
      const conflict = await ok<Schemas['MovementBatchResult']>(await post([{ ...count, quantity: 99 }]), 207);
      assert.deepEqual(conflict.results.map((r) => [r.status, r.code]), [['rejected', 'conflict']]);

      const view = await inventory(s);
      assert.deepEqual(view.locations.map((l) => [l.locationId, l.onHand, l.available]), [[dc, 5, 5], [store, 10, 10]].sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
      assert.deepEqual(view.channels.map((c) => [c.channelId, c.pooled, c.available, c.published?.available, c.published?.version]), [[web, 15, 14, 14, 1]]);
      await problem(await post([]), 422, 'validation-failed');
    });

    it('rejects rows that are not objects, out of range or from the future on their own, and refuses a batch that would overflow a position', async () => {
      const s = sku('edge');
      const good = movement({ sku: s, locationId: store, quantity: 5, reason: 'receipt' });
      const rows = [
        1,
        'x',
        null,
        good,
        movement({ sku: s, locationId: store, quantity: 2_147_483_648, reason: 'receipt' }),
        movement({ sku: s, locationId: store, mode: 'absolute', quantity: 20, reason: 'count', occurredAt: '2099-01-01T00:00:00Z' }),
        movement({ sku: s, locationId: store, quantity: 1, reason: 'receipt', occurredAt: '2025-04-14T10:00:00+24:00' }),
      ];
      const result = await ok<Schemas['MovementBatchResult']>(await post(rows), 207);
      assert.deepEqual(result.results.map((r) => r.status), ['rejected', 'rejected', 'rejected', 'applied', 'rejected', 'rejected', 'rejected']);
      assert.deepEqual(result.results[4]?.errors?.map((e) => [e.path, e.message]), [['/quantity', 'must be between -1000000000 and 1000000000 units']]);
      assert.match(result.results[5]?.errors?.[0]?.message ?? '', /^is \d+ hours ahead of the hub's clock/);
      assert.deepEqual(result.results[6]?.errors?.map((e) => e.path), ['/occurredAt']);
      assert.deepEqual((await inventory(s)).locations.map((l) => l.onHand), [5]);

      // Two rows each within range whose sum is beyond what a position holds: nothing of the batch is recorded.
      const big = (quantity: number): Record<string, unknown> => movement({ sku: s, locationId: store, quantity, reason: 'receipt' });
      const overflow = await problem(await post([big(1_000_000_000), big(1_000_000_000), big(1_000_000_000)]), 422, 'validation-failed');
      assert.match(String(overflow['detail']), /beyond ±2147483647 units; nothing of it was recorded/);
      assert.deepEqual((await inventory(s)).locations.map((l) => l.onHand), [5]);
    });

    it('lists positions changed since a time, page by page', async () => {
      const since = new Date().toISOString();
      const skus = [sku('page'), sku('page'), sku('page')];
      await ok(await post(skus.map((s) => movement({ sku: s, locationId: dc, mode: 'absolute', quantity: 3, reason: 'count' }))));
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 10; i += 1) {
        const query = new URLSearchParams({ location: dc, changedSince: since, limit: '2', ...(cursor === undefined ? {} : { cursor }) });
        const page = await ok<Schemas['InventoryPage']>(await t.call('GET', `/v1/inventory?${query.toString()}`, { key: t.keys.read }));
        seen.push(...page.items.map((p) => p.sku));
        cursor = page.nextCursor;
        if (cursor === undefined) break;
      }
      assert.deepEqual(seen.filter((s) => skus.includes(s)).sort(), [...skus].sort());
      assert.ok(seen.every((s) => skus.includes(s)), 'nothing older than changedSince');
      await problem(await t.call('GET', '/v1/inventory?cursor=bm9wZQ', { key: t.keys.read }), 400, 'bad-request');
    });

    it('declares source semantics and a backorder policy', async () => {
      const source = await ok<Schemas['StockSource']>(await t.call('PUT', '/v1/stock-sources/netsuite-prod', { key: t.keys.admin, body: { semantics: 'net-of-open-orders', description: 'quantityAvailable' } }));
      assert.equal(source.semantics, 'net-of-open-orders');
      const list = await ok<Schemas['StockSourceList']>(await t.call('GET', '/v1/stock-sources', { key: t.keys.read }));
      assert.ok(list.items.some((s) => s.id === 'netsuite-prod'));
      await problem(await t.call('PUT', '/v1/stock-sources/x', { key: t.keys.admin, body: { semantics: 'guess' } }), 422, 'validation-failed');
      const s = sku('backorder');
      const policy = await ok<Schemas['BackorderPolicy']>(await t.call('PUT', `/v1/inventory/${s}/backorder`, { key: t.keys.admin, body: { units: 5 } }));
      assert.deepEqual(policy, { sku: s, units: 5 });
      assert.equal((await inventory(s)).backorderUnits, 5);
      assert.equal((await t.call('DELETE', '/v1/stock-sources/netsuite-prod', { key: t.keys.admin })).status, 204);
    });

    it('applies inventory.movement.recorded events through the stock consumer', async () => {
      const s = sku('event');
      const event = {
        specversion: '1.0',
        id: randomUUID(),
        source: '/tests/stock-api',
        type: 'inventory.movement.recorded',
        data: movement({ sku: s, locationId: store, mode: 'absolute', quantity: 8, reason: 'count' }),
      };
      assert.equal((await t.call('POST', '/v1/events', { key: t.keys.write, body: event })).status, 202);
      await waitFor(async () => (await inventory(s)).locations[0]?.onHand === 8, { message: 'the consumer applied the movement', timeoutMs: 30_000 });
      await waitFor(async () => (await inventory(s)).channels[0]?.published?.available === 7, { message: 'published', timeoutMs: 60_000 });
    });

    it('checks a channel for drift through its reader and fixes it only with apply', async () => {
      const s = sku('drift');
      await ok(await post([movement({ sku: s, locationId: store, mode: 'absolute', quantity: 6, reason: 'count' })]));
      const noReader = await ok<Schemas['ReconcileReport']>(await t.call('POST', '/v1/inventory-reconciliations', { key: ops, body: { channelId: web } }));
      assert.equal(noReader.runs[0]?.status, 'no-reader');
      const unregister = channelReaders.register(web, { read: (_channel, skus) => Promise.resolve(new Map(skus.map((x) => [x, x === s ? 2 : -1]))) });
      try {
        const report = await ok<Schemas['ReconcileReport']>(await t.call('POST', '/v1/inventory-reconciliations', { key: ops, body: { channelId: web } }));
        const mine = report.runs[0]?.drift.find((d) => d.sku === s);
        assert.deepEqual(mine && [mine.published, mine.shown], [5, 2]);
        assert.equal(report.runs[0]?.fixed, 0);
        const fixed = await ok<Schemas['ReconcileReport']>(await t.call('POST', '/v1/inventory-reconciliations', { key: ops, body: { channelId: web, apply: true } }));
        assert.ok((fixed.runs[0]?.fixed ?? 0) >= 1);
        assert.equal((await inventory(s)).channels[0]?.published?.version, 2);
      } finally {
        unregister();
      }
      await problem(await t.call('POST', '/v1/inventory-reconciliations', { key: ops, body: { channelId: 'nope' } }), 404, 'not-found');
      await problem(await t.call('POST', '/v1/inventory-reconciliations', { key: t.keys.write, body: {} }), 403, 'forbidden');
    });
  });
}
