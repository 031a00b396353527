import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistry } from '@omnihub/core';
import { STORE_FACTORIES } from '@omnihub/core/testing';
import { orderCreatedEvent, startTestHub, type TestHub } from './support.ts';

async function problem(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(body['code'], code);
  assert.equal(body['status'], status);
  assert.equal(body['type'], `https://omnihub.dev/problems/${code}`);
  assert.equal(typeof body['correlationId'], 'string');
  return body;
}

for (const factory of STORE_FACTORIES) {
  describe(`facade on ${factory.name}`, () => {
    let t: TestHub;
    before(async () => {
      t = await startTestHub(factory);
    });
    after(async () => {
      await t.close();
    });

    it('answers /health without a key', async () => {
      const response = await t.call('GET', '/health');
      assert.equal(response.status, 200);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body['status'], 'ok');
      assert.ok(response.headers.get('x-correlation-id'));
    });

    it('reports database and broker in /ready', async () => {
      const response = await t.call('GET', '/ready');
      assert.equal(response.status, 200);
      const body = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
      assert.equal(body.status, 'ready');
      assert.equal(body.checks['database']?.status, 'up');
      assert.equal(body.checks['broker']?.status, 'up');
    });

    it('serves Prometheus metrics', async () => {
      await t.call('GET', '/health');
      const response = await t.call('GET', '/metrics');
      assert.equal(response.status, 200);
      assert.match(await response.text(), /omnihub_http_requests_total\{operation="getHealth"/);
    });

    it('refuses a request without a key with 401 problem+json', async () => {
      const response = await t.call('GET', '/v1/schemas');
      await problem(response, 401, 'unauthorized');
      assert.match(response.headers.get('www-authenticate') ?? '', /^Bearer/);
    });

    it('refuses an unknown key', async () => {
      await problem(await t.call('GET', '/v1/schemas', { key: 'ohk_0000000000_bbbbbbbbbbbbbbbbbbbbbbbbbbbb' }), 401, 'unauthorized');
    });

    it('lists every canonical schema', async () => {
      const registry = await SchemaRegistry.load();
      const response = await t.call('GET', '/v1/schemas', { key: t.keys.read });
      assert.equal(response.status, 200);
      const body = (await response.json()) as { items: { name: string; version: number }[] };
      assert.equal(body.items.length, registry.list().length);
      assert.ok(body.items.some((item) => item.name === 'order' && item.version === 2));
      const events = (await (await t.call('GET', '/v1/schemas?kind=event', { key: t.keys.read })).json()) as { items: { kind: string }[] };
      assert.ok(events.items.length > 0 && events.items.every((item) => item.kind === 'event'));
    });

    it('serves one schema and 404s an unknown one', async () => {
      const response = await t.call('GET', '/v1/schemas/order/1', { key: t.keys.read });
      assert.equal(response.status, 200);
      assert.equal(((await response.json()) as { $id: string }).$id, 'https://schemas.omnihub.dev/order/v1.schema.json');
      await problem(await t.call('GET', '/v1/schemas/order/99', { key: t.keys.read }), 404, 'schema-not-found');
      await problem(await t.call('GET', '/v1/schemas/order/abc', { key: t.keys.read }), 400, 'bad-request');
    });

    it('answers unknown routes with 404 and wrong methods with 405, as problems', async () => {
      await problem(await t.call('GET', '/v1/nothing-here', { key: t.keys.read }), 404, 'not-found');
      const response = await t.call('DELETE', '/v1/schemas', { key: t.keys.admin });
      await problem(response, 405, 'method-not-allowed');
      assert.equal(response.headers.get('allow'), 'GET');
    });

    it('accepts a valid event once and reports the second post as a duplicate', async () => {
      const event = orderCreatedEvent(randomUUID());
      const first = await t.call('POST', '/v1/events', { key: t.keys.write, body: event });
      assert.equal(first.status, 202);
      const accepted = (await first.json()) as Record<string, unknown>;
      assert.equal(accepted['status'], 'accepted');
      assert.equal(accepted['dataschema'], 'https://schemas.omnihub.dev/order.created/v1.schema.json');
      const second = await t.call('POST', '/v1/events', { key: t.keys.write, body: event });
      assert.equal(((await second.json()) as Record<string, unknown>)['status'], 'duplicate');
      const stored = await t.hub.store.query<{ n: number }>('select count(*) as n from event_log where event_id = $1', [event['id']]);
      assert.equal(stored.rows[0]?.n, 1);
    });

    it('names the JSON path of an invalid payload', async () => {
      const event = orderCreatedEvent(randomUUID());
      const data = structuredClone(event['data']) as { order: { lines: { sku?: string }[] } };
      delete data.order.lines[0]?.sku;
      const body = await problem(await t.call('POST', '/v1/events', { key: t.keys.write, body: { ...event, data } }), 422, 'validation-failed');
      const errors = body['errors'] as { path: string; keyword: string }[];
      assert.ok(errors.some((e) => e.path === '/data/order/lines/0/sku' && e.keyword === 'required'), JSON.stringify(errors));
    });

    it("refuses a source of the hub's own, which the hub would take as its own event", async () => {
      for (const source of ['/omnihub/orders', '/omnihub']) {
        const body = await problem(await t.call('POST', '/v1/events', { key: t.keys.write, body: { ...orderCreatedEvent(randomUUID()), source } }), 422, 'validation-failed');
        const errors = body['errors'] as { path: string; keyword: string }[];
        assert.ok(errors.some((e) => e.path === '/source' && e.keyword === 'reserved-source'), JSON.stringify(errors));
      }
      assert.equal((await t.call('POST', '/v1/events', { key: t.keys.write, body: { ...orderCreatedEvent(randomUUID()), source: '/omnihubbub/orders' } })).status, 202);
    });

    it('rejects unknown event types and mismatched dataschemas', async () => {
      const event = { ...orderCreatedEvent(randomUUID()), type: 'order.teleported' };
      await problem(await t.call('POST', '/v1/events', { key: t.keys.write, body: event }), 422, 'unknown-event-type');
      const mismatched = { ...orderCreatedEvent(randomUUID()), dataschema: 'https://schemas.omnihub.dev/order/v1.schema.json' };
      await problem(await t.call('POST', '/v1/events', { key: t.keys.write, body: mismatched }), 422, 'unknown-event-type');
    });

    it('needs the write scope to publish', async () => {
      await problem(await t.call('POST', '/v1/events', { key: t.keys.read, body: orderCreatedEvent(randomUUID()) }), 403, 'forbidden');
    });

    it('answers malformed JSON, oversized bodies and foreign media types with problems', async () => {
      await problem(await t.call('POST', '/v1/events', { key: t.keys.write, body: '{"specversion": ' }), 400, 'malformed-json');
      const huge = { ...orderCreatedEvent(randomUUID()), subject: 'x'.repeat(70_000) };
      await problem(await t.call('POST', '/v1/events', { key: t.keys.write, body: huge }), 413, 'payload-too-large');
      const text = await t.call('POST', '/v1/events', { key: t.keys.write, body: 'hello', headers: { 'content-type': 'text/plain' } });
      await problem(text, 415, 'unsupported-media-type');
    });

    it('replays the first reply for a repeated Idempotency-Key and refuses it with another body', async () => {
      const key = randomUUID();
      const event = orderCreatedEvent(randomUUID());
      const first = await t.call('POST', '/v1/events', { key: t.keys.write, body: event, headers: { 'idempotency-key': key } });
      const firstBody = await first.text();
      const again = await t.call('POST', '/v1/events', { key: t.keys.write, body: event, headers: { 'idempotency-key': key } });
      assert.equal(again.status, first.status);
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(JSON.parse(await again.text()), JSON.parse(firstBody));
      const other = orderCreatedEvent(randomUUID());
      await problem(await t.call('POST', '/v1/events', { key: t.keys.write, body: other, headers: { 'idempotency-key': key } }), 409, 'idempotency-key-conflict');
    });

    it('claims each Idempotency-Key of requests sent together once: each key keeps its first request, a repeated key runs once', async () => {
      const keys = [randomUUID(), randomUUID(), randomUUID()];
      const event = orderCreatedEvent(randomUUID());
      const sent = await Promise.all([
        ...keys.map((key) => t.call('POST', '/v1/events', { key: t.keys.write, body: orderCreatedEvent(randomUUID()), headers: { 'idempotency-key': key } })),
        t.call('POST', '/v1/events', { key: t.keys.write, body: event, headers: { 'idempotency-key': 'together-1' } }),
        t.call('POST', '/v1/events', { key: t.keys.write, body: event, headers: { 'idempotency-key': 'together-1' } }),
      ]);
      assert.deepEqual(sent.slice(0, 3).map((r) => r.status), [202, 202, 202]);
      // One of the two requests under the same key runs; the other finds it in progress, or its reply stored.
      const same = sent.slice(3);
      assert.equal(same.filter((r) => r.status === 202 && r.headers.get('idempotent-replayed') === null).length, 1);
      assert.ok(same.every((r) => r.status === 202 || r.status === 409), same.map((r) => r.status).join());
      for (const [index, key] of keys.entries()) {
        const again = await t.call('POST', '/v1/events', { key: t.keys.write, body: orderCreatedEvent(randomUUID()), headers: { 'idempotency-key': key } });
        assert.equal(again.status, 409, `key ${index} keeps its first request`);
      }
      const replayed = await t.call('POST', '/v1/events', { key: t.keys.write, body: event, headers: { 'idempotency-key': 'together-1' } });
      assert.equal(replayed.status, 202);
      assert.equal(replayed.headers.get('idempotent-replayed'), 'true');
    });

    it('echoes a caller correlation id and stamps it on the event', async () => {
      const event = orderCreatedEvent(randomUUID());
      const response = await t.call('POST', '/v1/events', { key: t.keys.write, body: event, headers: { 'x-correlation-id': 'trace-abc-1' } });
      assert.equal(response.headers.get('x-correlation-id'), 'trace-abc-1');
      assert.equal(((await response.json()) as Record<string, unknown>)['correlationId'], 'trace-abc-1');
    });
  });
}
