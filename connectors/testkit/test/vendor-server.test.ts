import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startVendorServer } from '../src/index.ts';

describe('startVendorServer', () => {
  it('counts one effect per idempotency key and answers a replay with the first reply', async () => {
    const vendor = await startVendorServer();
    try {
      const post = (key?: string): Promise<Response> =>
        fetch(`${vendor.url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key === undefined ? {} : { 'idempotency-key': key }) }, body: '{"a":1}' });
      const first = await post('k1');
      assert.equal(first.status, 201);
      assert.deepEqual(await first.json(), { id: 'effect-1' });
      const replay = await post('k1');
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await replay.json(), { id: 'effect-1' });
      assert.equal(vendor.effects(), 1);
      await (await post()).text();
      await (await post()).text();
      assert.equal(vendor.effects(), 3, 'writes without a key are new effects every time');
      await (await fetch(`${vendor.url}/orders/1`)).text();
      assert.equal(vendor.effects(), 3, 'reads are no effect');
      assert.equal(vendor.requests().length, 5);
      assert.equal(vendor.requests()[0]?.body.toString('utf8'), '{"a":1}');
    } finally {
      await vendor.stop();
    }
  });

  it('answers every request with a forced status until reset, applying no effect', async () => {
    const vendor = await startVendorServer();
    try {
      vendor.respondWith(429, { 'retry-after': '3' }, { error: 'slow down' });
      const limited = await fetch(`${vendor.url}/x`, { method: 'POST', headers: { 'idempotency-key': 'k' } });
      assert.equal(limited.status, 429);
      assert.equal(limited.headers.get('retry-after'), '3');
      assert.deepEqual(await limited.json(), { error: 'slow down' });
      assert.equal(vendor.effects(), 0);
      vendor.reset();
      const ok = await fetch(`${vendor.url}/x`, { method: 'POST', headers: { 'idempotency-key': 'k' } });
      assert.equal(ok.status, 201);
      await ok.text();
      assert.equal(vendor.effects(), 1);
    } finally {
      await vendor.stop();
    }
  });

  it('counts effects by a custom key', async () => {
    const vendor = await startVendorServer({ effectKey: (request) => (request.method === 'PUT' ? request.path : undefined) });
    try {
      for (const path of ['/levels/a', '/levels/a', '/levels/b']) await (await fetch(`${vendor.url}${path}`, { method: 'PUT' })).text();
      assert.equal(vendor.effects(), 2);
    } finally {
      await vendor.stop();
    }
  });
});
