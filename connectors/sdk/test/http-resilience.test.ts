import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { PermanentFailure, TransientFailure, createHttpClient, type HttpClientOptions } from '@omnihub/connector-sdk';
import { captureLogger, fixedClock } from '@omnihub/connector-sdk/testing';
import { startServer, type LocalServer, type Reply } from './support/local-server.ts';

const open: LocalServer[] = [];

async function server(respond: () => Reply): Promise<LocalServer> {
  const started = await startServer(respond);
  open.push(started);
  return started;
}

function client(options: Partial<HttpClientOptions> = {}) {
  const clock = fixedClock('2025-03-01T12:00:00Z');
  const logs = captureLogger();
  const http = createHttpClient({ allowedHosts: ['127.0.0.1'], logger: logs, clock, sleep: clock.sleep, retries: 0, ...options });
  return { clock, logs, http };
}

const isCircuitOpen = (error: unknown): boolean => error instanceof TransientFailure && error.code === 'http.circuit-open';

describe('HTTP client rate limit', () => {
  after(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('lets a burst through, then spaces requests at the sustained rate', async () => {
    const { clock, http } = client({ rateLimit: { requestsPerSecond: 10, burst: 2 } });
    const start = clock.now().getTime();
    const sentAt: number[] = [];
    const vendor = await server(() => {
      sentAt.push(clock.now().getTime() - start);
      return { status: 200 };
    });
    for (let i = 0; i < 5; i += 1) await http.request({ method: 'GET', url: `${vendor.origin}/i/${i}` });
    assert.deepEqual(sentAt, [0, 0, 100, 200, 300]);
    assert.deepEqual(clock.sleeps, [100, 100, 100]);
  });

  it('refills the bucket while the client is idle, up to the burst', async () => {
    const { clock, http } = client({ rateLimit: { requestsPerSecond: 2, burst: 2 } });
    const vendor = await server(() => ({ status: 200 }));
    const get = () => http.request({ method: 'GET', url: `${vendor.origin}/x` });
    await get();
    await get();
    clock.advance(10_000);
    await get();
    await get();
    assert.deepEqual(clock.sleeps, []);
    await get();
    assert.deepEqual(clock.sleeps, [500]);
  });

  it('queues concurrent requests in arrival order, each reserving the next token', async () => {
    // A clock that stays put while they wait, so each waiter's delay shows its place in the queue.
    const waits: number[] = [];
    const { http } = client({ rateLimit: { requestsPerSecond: 2, burst: 1 }, sleep: (ms) => Promise.resolve(void waits.push(ms)) });
    const vendor = await server(() => ({ status: 200 }));
    await Promise.all([0, 1, 2, 3].map((i) => http.request({ method: 'GET', url: `${vendor.origin}/c/${i}` })));
    assert.equal(vendor.received.length, 4);
    assert.deepEqual(waits, [500, 1000, 1500]);
  });

  it('rejects a nonsensical rate', () => {
    assert.throws(() => client({ rateLimit: { requestsPerSecond: 0 } }), RangeError);
  });
});

describe('HTTP client circuit breaker', () => {
  after(async () => {
    await Promise.all(open.splice(0).map((s) => s.close()));
  });

  it('opens after N consecutive failures, fails fast, and a successful half-open probe closes it', async () => {
    let healthy = false;
    const vendor = await server(() => (healthy ? { status: 200, body: { ok: true } } : { status: 500 }));
    const { clock, logs, http } = client({ circuitBreaker: { failureThreshold: 3, openMs: 10_000 } });
    const get = () => http.request({ method: 'GET', url: `${vendor.origin}/x` });
    for (let i = 0; i < 3; i += 1) await assert.rejects(get(), (error: unknown) => error instanceof TransientFailure && error.code === 'vendor.http.500');
    await assert.rejects(get(), (error: unknown) => isCircuitOpen(error) && /next probe in 10000 ms/.test((error as Error).message));
    assert.equal(vendor.received.length, 3);
    assert.ok(logs.lines.some((line) => line.level === 'warn' && line.fields['circuit'] === 'open'));

    clock.advance(9_999);
    await assert.rejects(get(), isCircuitOpen);
    assert.equal(vendor.received.length, 3);

    clock.advance(1);
    healthy = true;
    const probe = get();
    // Only one probe goes through while the circuit is half-open.
    await assert.rejects(get(), isCircuitOpen);
    assert.deepEqual((await probe).data, { ok: true });
    assert.equal((await get()).status, 200);
    assert.equal(vendor.received.length, 5);
    assert.ok(logs.lines.some((line) => line.fields['circuit'] === 'closed'));
  });

  it('re-opens when the half-open probe fails', async () => {
    const vendor = await server(() => ({ status: 503 }));
    const { clock, http } = client({ circuitBreaker: { failureThreshold: 2, openMs: 1_000 } });
    const get = () => http.request({ method: 'GET', url: `${vendor.origin}/x` });
    await assert.rejects(get(), TransientFailure);
    await assert.rejects(get(), TransientFailure);
    await assert.rejects(get(), isCircuitOpen);
    clock.advance(1_000);
    await assert.rejects(get(), (error: unknown) => error instanceof TransientFailure && error.code === 'vendor.http.503');
    await assert.rejects(get(), isCircuitOpen);
    assert.equal(vendor.received.length, 3);
  });

  it('counts each failed attempt and stops retrying once the circuit opens', async () => {
    const vendor = await server(() => ({ status: 502 }));
    const { clock, http } = client({ retries: 5, circuitBreaker: { failureThreshold: 3 } });
    await assert.rejects(http.request({ method: 'GET', url: `${vendor.origin}/x` }), isCircuitOpen);
    assert.equal(vendor.received.length, 3);
    assert.equal(clock.sleeps.length, 3);
  });

  it('does not count 4xx answers: the vendor is up', async () => {
    const vendor = await server(() => ({ status: 422, body: { error: 'bad' } }));
    const { http } = client({ circuitBreaker: { failureThreshold: 2 } });
    for (let i = 0; i < 4; i += 1) await assert.rejects(http.request({ method: 'GET', url: `${vendor.origin}/x` }), PermanentFailure);
    assert.equal(vendor.received.length, 4);
  });

  it('resets the failure count after a success', async () => {
    let index = 0;
    const vendor = await server(() => ((index++ % 2 === 0) ? { status: 500 } : { status: 200 }));
    const { http } = client({ circuitBreaker: { failureThreshold: 2 } });
    for (let i = 0; i < 3; i += 1) {
      await assert.rejects(http.request({ method: 'GET', url: `${vendor.origin}/x` }), (error: unknown) => error instanceof TransientFailure && error.code === 'vendor.http.500');
      assert.equal((await http.request({ method: 'GET', url: `${vendor.origin}/x` })).status, 200);
    }
  });

  it('can be turned off', async () => {
    const vendor = await server(() => ({ status: 500 }));
    const { http } = client({ circuitBreaker: false });
    for (let i = 0; i < 7; i += 1) await assert.rejects(http.request({ method: 'GET', url: `${vendor.origin}/x` }), (error: unknown) => error instanceof TransientFailure && error.code === 'vendor.http.500');
    assert.equal(vendor.received.length, 7);
  });
});
