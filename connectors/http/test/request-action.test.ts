import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { ActionInput } from '@omnihub/connector-sdk';
import { createTestContext } from '@omnihub/connector-sdk/testing';
import { startVendorServer, type VendorServer } from '@omnihub/connector-testkit';
import connector, { type HttpConfig } from '../src/index.ts';
import { targetUrl } from '../src/target-url.ts';

function input(payload: unknown, overrides: Partial<ActionInput> = {}): ActionInput {
  return { payload, event: { id: 'evt-1', type: 'order.created', source: '/tests', data: {} }, idempotencyKey: 'key-evt-1', ...overrides };
}

describe('http connector: request action', () => {
  let vendor: VendorServer;
  const action = connector.actions?.['request'];
  assert.ok(action);

  function context(config: Partial<HttpConfig> = {}) {
    return createTestContext<HttpConfig>({ manifest: connector.manifest, config: { baseUrl: `${vendor.url}/api/v2`, authorization: 'Bearer test-token-0001', ...config } });
  }

  before(async () => {
    vendor = await startVendorServer();
  });
  after(async () => {
    await vendor.stop();
  });

  it('sends the mapped method, path, query, headers and JSON body below baseUrl with the Idempotency-Key', async () => {
    const ctx = context({ headers: { 'x-tenant': 'acme' } });
    const result = await action.execute(input({ method: 'put', path: '/orders/A-1', query: { dry: false, n: 2 }, headers: { 'x-source': 'hub' }, body: { id: 'A-1' } }), ctx);
    const sent = vendor.requests().at(-1);
    assert.ok(sent);
    assert.equal(sent.method, 'PUT');
    assert.equal(sent.path, '/api/v2/orders/A-1?dry=false&n=2');
    assert.equal(sent.headers['idempotency-key'], 'key-evt-1');
    assert.equal(sent.headers['authorization'], 'Bearer test-token-0001');
    assert.equal(sent.headers['x-tenant'], 'acme');
    assert.equal(sent.headers['x-source'], 'hub');
    assert.equal(sent.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(sent.body.toString('utf8')), { id: 'A-1' });
    assert.deepEqual(result.vendorIds, [`effect-${vendor.effects()}`]);
    assert.doesNotMatch(ctx.logs.text(), /test-token-0001/);
  });

  it('reports a redelivery the endpoint recognised as already applied, with one effect', async () => {
    const ctx = context();
    const before = vendor.effects();
    const delivery = input({ method: 'POST', path: '/orders', body: { id: 'A-2' } }, { idempotencyKey: 'key-A-2' });
    const first = await action.execute(delivery, ctx);
    const second = await action.execute(delivery, ctx);
    assert.equal(vendor.effects() - before, 1);
    assert.equal(first.alreadyApplied, undefined);
    assert.equal(second.alreadyApplied, true);
  });

  it('sends a string body as is and no body with GET', async () => {
    const ctx = context();
    await action.execute(input({ method: 'POST', path: '/raw', headers: { 'content-type': 'text/csv' }, body: 'sku,qty\nA,1\n' }), ctx);
    const raw = vendor.requests().at(-1);
    assert.equal(raw?.body.toString('utf8'), 'sku,qty\nA,1\n');
    assert.equal(raw?.headers['content-type'], 'text/csv');
    await action.execute(input({ method: 'GET', path: '/ping', body: { ignored: true } }), ctx);
    assert.equal(vendor.requests().at(-1)?.body.length, 0);
  });

  it('refuses a payload of the wrong shape, or one that tries to leave baseUrl or set reserved headers, as permanent', async () => {
    const ctx = context();
    const count = vendor.requests().length;
    for (const [payload, message] of [
      [{ path: '/x' }, /method undefined; use one of GET, POST, PUT, PATCH, DELETE/],
      [{ method: 'POST', path: 'orders' }, /must start with a single "\/"/],
      [{ method: 'POST', path: '//evil.example.com/x' }, /must start with a single "\/"/],
      [{ method: 'POST', path: '/../../admin' }, /leaves the instance's baseUrl/],
      [{ method: 'POST', path: '/%2e%2e/%2e%2e/admin' }, /leaves the instance's baseUrl/],
      [{ method: 'POST', path: '/x', headers: { Authorization: 'Bearer other' } }, /sets the header Authorization, which the connector sets itself/],
      [{ method: 'POST', path: '/x', headers: { Host: 'evil.example.com' } }, /sets the header Host, which the connector sets itself/],
      [{ method: 'POST', path: '/x', query: { a: { b: 1 } } }, /query\.a that is not a string, number or boolean/],
      ['POST /x', /is not an object with method and path/],
    ] as const) {
      await assert.rejects(action.execute(input(payload), ctx), (error: unknown) => {
        assert.equal((error as { kind?: string }).kind, 'permanent');
        assert.equal((error as { code?: string }).code, 'http.payload-invalid');
        assert.match((error as Error).message, message);
        return true;
      });
    }
    assert.equal(vendor.requests().length, count, 'nothing was sent');
  });

  it('sends the output of the canonical.order-to-http-json mapping, keeping the idempotency key it chose', async () => {
    const fixture = new URL('../../../mappings/canonical.order-to-http-json/1.0.0/fixtures/web-order.output.json', import.meta.url);
    const payload = JSON.parse(readFileSync(fixture, 'utf8')) as { path: string; headers: Record<string, string>; body: unknown };
    const before = vendor.effects();
    await action.execute(input(payload, { idempotencyKey: 'event-key-1' }), context());
    await action.execute(input(payload, { idempotencyKey: 'event-key-2' }), context());
    const sent = vendor.requests().at(-1);
    assert.equal(sent?.path, `/api/v2${payload.path}`);
    assert.equal(sent?.headers['idempotency-key'], payload.headers['Idempotency-Key']);
    assert.deepEqual(JSON.parse(sent?.body.toString('utf8') ?? ''), payload.body);
    assert.equal(vendor.effects() - before, 1, 'two events of one order, one effect: the mapping keyed it by order');
  });

  it('refuses reserved headers in config.headers as a configuration failure', async () => {
    await assert.rejects(action.execute(input({ method: 'POST', path: '/x' }), context({ headers: { 'Idempotency-Key': 'fixed' } })), (error: unknown) => {
      assert.equal((error as { kind?: string }).kind, 'configuration');
      return true;
    });
  });

  it('sends only the events config.events selects', async () => {
    const ctx = context({ events: ['inventory.level.changed@1'] });
    const count = vendor.requests().length;
    assert.deepEqual(await action.execute(input({ method: 'POST', path: '/orders' }), ctx), {});
    assert.equal(vendor.requests().length, count);
    await action.execute(input({ method: 'PUT', path: '/levels/SKU-1' }, { event: { id: 'evt-9', type: 'inventory.level.changed', source: '/tests', data: {} } }), ctx);
    assert.equal(vendor.requests().length, count + 1);
  });

  it('classifies vendor errors through the SDK client', async () => {
    const ctx = context();
    vendor.respondWith(429, { 'retry-after': '120' });
    try {
      await assert.rejects(action.execute(input({ method: 'POST', path: '/orders' }), ctx), (error: unknown) => {
        assert.equal((error as { kind?: string }).kind, 'rate-limited');
        assert.equal((error as { retryAfterMs?: number }).retryAfterMs, 120_000);
        return true;
      });
    } finally {
      vendor.reset();
    }
  });

  it('checks the connection with a GET of healthPath, taking 404 as reachable', async () => {
    await connector.testConnection?.(context({ healthPath: '/health' }));
    assert.equal(vendor.requests().at(-1)?.path, '/api/v2/health');
    vendor.respondWith(404);
    try {
      await connector.testConnection?.(context());
    } finally {
      vendor.reset();
    }
    vendor.respondWith(401);
    try {
      await assert.rejects(connector.testConnection?.(context()) ?? Promise.resolve(), (error: unknown) => (error as { kind?: string }).kind === 'authentication');
    } finally {
      vendor.reset();
    }
  });

  it('joins paths below the base path', () => {
    assert.equal(targetUrl('https://erp.example.com', '/orders'), 'https://erp.example.com/orders');
    assert.equal(targetUrl('https://erp.example.com/api/', '/orders?x=1'), 'https://erp.example.com/api/orders?x=1');
    assert.equal(targetUrl('https://erp.example.com:8443/api', '/a b'), 'https://erp.example.com:8443/api/a%20b');
    assert.throws(() => targetUrl('https://erp.example.com/api', '/../x'), /leaves the instance's baseUrl/);
  });
});
