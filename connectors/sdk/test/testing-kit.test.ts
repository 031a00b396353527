import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConfigurationFailure, defineConnector, type ConnectorManifest } from '@omnihub/connector-sdk';
import { captureLogger, createTestContext, fixedClock, memoryCursorStore } from '@omnihub/connector-sdk/testing';
import { startServer, type LocalServer } from './support/local-server.ts';

interface Config {
  baseUrl: string;
  apiKey: string;
}

const manifest: ConnectorManifest = {
  id: 'acme',
  version: '1.0.0',
  name: 'Acme',
  kind: 'generic',
  vendorApiVersion: 'v1',
  capabilities: { polling: [{ name: 'items', vendorPayload: 'acme.Item', emits: ['inventory.adjusted@1'], intervalSeconds: 60 }] },
  configSchema: {
    type: 'object',
    properties: { baseUrl: { type: 'string' }, apiKey: { type: 'string', 'x-omnihub-secret': true } },
    required: ['baseUrl', 'apiKey'],
  },
  allowedHosts: [],
  allowedHostsFromConfig: ['baseUrl'],
  compatibility: { sdk: '^0.1.0', canonical: { inventory: '>=1 <2' } },
};

const connector = defineConnector<Config>({
  manifest,
  pollers: {
    items: {
      poll: async (cursor, ctx) => {
        ctx.logger.info({ cursor, apiKey: ctx.config.apiKey }, `polling with key ${ctx.config.apiKey}`);
        const { data } = await ctx.http.request<{ items: { id: string }[]; next: string }>({
          method: 'GET',
          url: `${ctx.config.baseUrl}/items`,
          query: { since: cursor, api_key: ctx.config.apiKey },
        });
        return { records: data.items.map((item) => ({ id: item.id, type: 'acme.Item', payload: item })), cursor: data.next };
      },
    },
  },
  testConnection: async (ctx) => {
    await ctx.http.request({ method: 'GET', url: `${ctx.config.baseUrl}/ping`, headers: { 'x-api-key': ctx.config.apiKey } });
  },
});

describe('testing kit', () => {
  let server: LocalServer;
  before(async () => {
    server = await startServer((request, index) => {
      if (request.url.startsWith('/ping')) return { status: 401, body: { error: `bad key ${String(request.headers['x-api-key'])}` } };
      return index === 0 ? { status: 503, headers: { 'retry-after': '5' } } : { status: 200, body: { items: [{ id: 'i1' }, { id: 'i2' }], next: 'c2' } };
    });
  });
  after(async () => {
    await server.close();
  });

  it('runs a connector against the real HTTP client on virtual time, with its secrets redacted', async () => {
    const ctx = createTestContext<Config>({ manifest, config: { baseUrl: server.origin, apiKey: 'ak_live_5f3a' }, cursors: memoryCursorStore({ items: 'c1' }) });
    assert.deepEqual(ctx.secrets, ['ak_live_5f3a']);
    const before = ctx.clock.now().getTime();
    const poller = connector.pollers?.['items'];
    assert.ok(poller);
    const result = await poller.poll(await ctx.cursors.get('items'), ctx);
    assert.deepEqual(result.records.map((r) => r.id), ['i1', 'i2']);
    await ctx.cursors.set('items', result.cursor ?? '');
    assert.deepEqual(ctx.cursors.entries(), { items: 'c2' });
    // The 503's Retry-After was honoured on the test clock, not in real time.
    assert.deepEqual(ctx.clock.sleeps, [5000]);
    assert.equal(ctx.clock.now().getTime() - before, 5000);
    assert.equal(server.received[0]?.url, '/items?since=c1&api_key=ak_live_5f3a');
    assert.ok(ctx.logs.lines.some((line) => line.level === 'info' && line.message === 'polling with key [redacted]'));
    assert.ok(ctx.logs.lines.some((line) => line.level === 'warn'));
    assert.doesNotMatch(ctx.logs.text(), /ak_live_5f3a/);
    await assert.rejects(connector.testConnection?.(ctx) ?? Promise.resolve(), (error: unknown) => error instanceof Error && !error.message.includes('ak_live_5f3a') && /401/.test(error.message));
  });

  it('allows only the manifest hosts plus the extra ones given', async () => {
    const ctx = createTestContext<Config>({ manifest, config: { baseUrl: 'https://erp.acme.example', apiKey: 'k' } });
    await assert.rejects(ctx.http.request({ method: 'GET', url: `${server.origin}/items` }), (error: unknown) => error instanceof ConfigurationFailure && error.code === 'http.host-not-allowed');
    const wider = createTestContext({ config: {}, allowedHosts: ['127.0.0.1'], instanceId: 'i-9' });
    assert.equal(wider.instanceId, 'i-9');
    assert.equal((await wider.http.request({ method: 'GET', url: `${server.origin}/items` })).status, 200);
  });

  it('passes HTTP settings through', async () => {
    const ctx = createTestContext({ config: {}, allowedHosts: ['127.0.0.1'], http: { retries: 0 } });
    const fresh = await startServer(() => ({ status: 503 }));
    try {
      await assert.rejects(ctx.http.request({ method: 'GET', url: `${fresh.origin}/x` }));
      assert.equal(fresh.received.length, 1);
    } finally {
      await fresh.close();
    }
  });

  it('provides a clock that only moves when told, a cursor store and a capturing logger', async () => {
    const clock = fixedClock('2025-01-01T00:00:00Z');
    clock.advance(1500);
    assert.equal(clock.now().toISOString(), '2025-01-01T00:00:01.500Z');
    await clock.sleep(500);
    assert.equal(clock.now().toISOString(), '2025-01-01T00:00:02.000Z');
    clock.set(new Date('2026-01-01T00:00:00Z'));
    assert.equal(clock.now().getUTCFullYear(), 2026);
    assert.deepEqual(clock.sleeps, [500]);
    assert.throws(() => fixedClock('not a date'), RangeError);

    const cursors = memoryCursorStore();
    assert.equal(await cursors.get('x'), undefined);
    await cursors.set('x', '1');
    assert.equal(await cursors.get('x'), '1');

    const logs = captureLogger();
    logs.debug({ a: 1 }, 'one');
    logs.warn({}, 'two');
    assert.deepEqual(logs.lines.map((l) => l.level), ['debug', 'warn']);
    assert.match(logs.text(), /"message":"one"/);
    logs.clear();
    assert.equal(logs.lines.length, 0);
  });
});
