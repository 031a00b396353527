import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  AuthenticationFailure,
  ConfigurationFailure,
  PermanentFailure,
  RateLimitedFailure,
  TransientFailure,
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
} from '@omnihub/connector-sdk';
import { captureLogger, fixedClock, type CapturedLogger, type TestClock } from '@omnihub/connector-sdk/testing';
import { startServer, type LocalServer, type Reply } from './support/local-server.ts';

const START = '2025-03-01T12:00:00.000Z';

interface Harness {
  server: LocalServer;
  http: HttpClient;
  clock: TestClock;
  logs: CapturedLogger;
}

/** A server answering with `replies` in turn (the last one repeats) and a client on virtual time. */
async function harness(replies: Reply[], options: Partial<HttpClientOptions> = {}): Promise<Harness> {
  const server = await startServer((_request, index) => replies[Math.min(index, replies.length - 1)] ?? { status: 500 });
  const clock = fixedClock(START);
  const logs = captureLogger();
  const http = createHttpClient({ allowedHosts: ['127.0.0.1'], logger: logs, clock, sleep: clock.sleep, random: () => 0.5, minRetryDelayMs: 100, ...options });
  open.push(server);
  return { server, http, clock, logs };
}

const open: LocalServer[] = [];

describe('createHttpClient', () => {
  after(async () => {
    await Promise.all(open.splice(0).map((server) => server.close()));
  });

  describe('requests and responses', () => {
    it('sends query params, a user agent and accept, and returns lower-cased headers and parsed JSON', async () => {
      const { server, http } = await harness([{ status: 200, headers: { 'X-Request-Id': 'r-1' }, body: { items: [1, 2] } }], { userAgent: 'acme-connector/1.2.0' });
      const response = await http.request<{ items: number[] }>({ method: 'GET', url: `${server.origin}/v1/items?fixed=1`, query: { limit: 50, active: true, skip: undefined } });
      assert.equal(response.status, 200);
      assert.deepEqual(response.data, { items: [1, 2] });
      assert.equal(response.headers['x-request-id'], 'r-1');
      assert.match(response.headers['content-type'] ?? '', /application\/json/);
      const [received] = server.received;
      assert.equal(received?.url, '/v1/items?fixed=1&limit=50&active=true');
      assert.equal(received?.headers['user-agent'], 'acme-connector/1.2.0');
      assert.match(received?.headers['accept'] ?? '', /application\/json/);
    });

    it('returns text when the response is not JSON, and keeps an unparseable JSON body as text', async () => {
      const { server, http } = await harness([
        { status: 200, headers: { 'content-type': 'text/plain' }, body: '  hello  ' },
        { status: 200, headers: { 'content-type': 'application/json' }, body: '{not json' },
      ]);
      assert.equal((await http.request({ method: 'GET', url: `${server.origin}/a` })).data, '  hello  ');
      assert.equal((await http.request({ method: 'GET', url: `${server.origin}/b` })).data, '{not json');
    });

    it('sends JSON bodies with their content type', async () => {
      const { server, http } = await harness([{ status: 201, body: { id: 'x' } }]);
      const response = await http.request({ method: 'POST', url: `${server.origin}/v1/orders`, json: { sku: 'A-1', qty: 2 } });
      assert.equal(response.status, 201);
      assert.equal(server.received[0]?.headers['content-type'], 'application/json');
      assert.deepEqual(JSON.parse(server.received[0]?.body ?? ''), { sku: 'A-1', qty: 2 });
    });

    it('form-encodes bodies with repeated keys for arrays, as Twilio expects', async () => {
      const { server, http } = await harness([{ status: 201, body: { sid: 'SM1' } }]);
      await http.request({
        method: 'POST',
        url: `${server.origin}/2010-04-01/Accounts/AC1/Messages.json`,
        form: { To: '+15550100', Body: 'Your order shipped & is on its way', MediaUrl: ['https://a.example/1.png', 'https://a.example/2.png'], Skip: undefined, Flag: false },
      });
      const received = server.received[0];
      assert.equal(received?.headers['content-type'], 'application/x-www-form-urlencoded');
      const params = new URLSearchParams(received?.body);
      assert.deepEqual(params.getAll('MediaUrl'), ['https://a.example/1.png', 'https://a.example/2.png']);
      assert.equal(params.get('To'), '+15550100');
      assert.equal(params.get('Body'), 'Your order shipped & is on its way');
      assert.equal(params.get('Flag'), 'false');
      assert.equal(params.has('Skip'), false);
      assert.match(received?.body ?? '', /^To=%2B15550100&Body=Your\+order/);
    });

    it('sends raw bodies byte for byte, with the caller content type', async () => {
      const { server, http } = await harness([{ status: 204 }]);
      const response = await http.request({ method: 'PUT', url: `${server.origin}/raw`, body: '  {"a":1}\n', headers: { 'Content-Type': 'application/vnd.acme+json' } });
      assert.equal(response.status, 204);
      assert.equal(response.data, '');
      assert.equal(server.received[0]?.body, '  {"a":1}\n');
      assert.equal(server.received[0]?.headers['content-type'], 'application/vnd.acme+json');
    });

    it('refuses a request with more than one body', async () => {
      const { server, http } = await harness([{ status: 200 }]);
      await assert.rejects(http.request({ method: 'POST', url: `${server.origin}/x`, json: {}, form: {} }), (error: unknown) => error instanceof PermanentFailure && error.code === 'http.invalid-request');
      assert.equal(server.received.length, 0);
    });

    it('returns an accepted error status as a response', async () => {
      const { server, http } = await harness([{ status: 404, body: { error: 'not found' } }]);
      const response = await http.request({ method: 'GET', url: `${server.origin}/v1/items/9`, acceptStatuses: [404] });
      assert.equal(response.status, 404);
      assert.deepEqual(response.data, { error: 'not found' });
    });
  });

  describe('retries', () => {
    it('retries a 503 with exponential backoff and full jitter, then succeeds', async () => {
      const { server, http, clock, logs } = await harness([{ status: 503 }, { status: 502 }, { status: 200, body: { ok: true } }]);
      const response = await http.request({ method: 'GET', url: `${server.origin}/flaky` });
      assert.deepEqual(response.data, { ok: true });
      assert.equal(server.received.length, 3);
      // random 0.5 of the ceilings 100 and 200 ms
      assert.deepEqual(clock.sleeps, [50, 100]);
      const warnings = logs.lines.filter((line) => line.level === 'warn');
      assert.deepEqual(
        warnings.map((line) => [line.fields['attempt'], line.fields['status'], line.fields['delayMs']]),
        [
          [1, 503, 50],
          [2, 502, 100],
        ],
      );
      const debug = logs.lines.filter((line) => line.level === 'debug');
      assert.deepEqual(
        debug.map((line) => [line.fields['method'], line.fields['status'], line.fields['attempt']]),
        [
          ['GET', 503, 1],
          ['GET', 502, 2],
          ['GET', 200, 3],
        ],
      );
      assert.ok(debug.every((line) => typeof line.fields['ms'] === 'number' && line.fields['url'] === `${server.origin}/flaky`));
    });

    it('caps the backoff at maxRetryDelayMs', async () => {
      const { server, http, clock } = await harness([{ status: 500 }], { retries: 4, minRetryDelayMs: 100, maxRetryDelayMs: 300, random: () => 0.999 });
      await assert.rejects(http.request({ method: 'DELETE', url: `${server.origin}/x` }), TransientFailure);
      assert.equal(server.received.length, 5);
      assert.deepEqual(clock.sleeps, [100, 200, 300, 300]);
    });

    it('waits at least the Retry-After seconds of a 503', async () => {
      const { server, http, clock } = await harness([{ status: 503, headers: { 'retry-after': '2' } }, { status: 200 }]);
      await http.request({ method: 'GET', url: `${server.origin}/busy` });
      assert.deepEqual(clock.sleeps, [2000]);
    });

    it('waits until an HTTP-date Retry-After of a 429', async () => {
      const at = new Date(Date.parse(START) + 3000).toUTCString();
      const { server, http, clock } = await harness([{ status: 429, headers: { 'retry-after': at } }, { status: 200 }]);
      await http.request({ method: 'GET', url: `${server.origin}/limited` });
      assert.deepEqual(clock.sleeps, [3000]);
    });

    it('throws RateLimitedFailure at once when Retry-After exceeds maxRetryAfterMs', async () => {
      const { server, http, clock } = await harness([{ status: 429, headers: { 'retry-after': '120' }, body: { errors: 'Throttled' } }], { maxRetryAfterMs: 30_000 });
      await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/limited` }), (error: unknown) => {
        assert.ok(error instanceof RateLimitedFailure);
        assert.equal(error.retryAfterMs, 120_000);
        assert.equal(error.code, 'vendor.http.429');
        assert.match(error.message, /Throttled/);
        return true;
      });
      assert.equal(server.received.length, 1);
      assert.deepEqual(clock.sleeps, []);
    });

    it('throws RateLimitedFailure with the retry-after once retries run out on 429', async () => {
      const { server, http } = await harness([{ status: 429, headers: { 'retry-after': '1' } }], { retries: 2 });
      await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/limited` }), (error: unknown) => error instanceof RateLimitedFailure && error.retryAfterMs === 1000 && error.code === 'vendor.http.429');
      assert.equal(server.received.length, 3);
    });

    it('does not retry a POST without idempotency on 500', async () => {
      const { server, http, clock } = await harness([{ status: 500, body: { error: 'boom' } }, { status: 200 }]);
      await assert.rejects(http.request({ method: 'POST', url: `${server.origin}/v1/orders`, json: { sku: 'A' } }), (error: unknown) => error instanceof TransientFailure && error.code === 'vendor.http.500');
      assert.equal(server.received.length, 1);
      assert.deepEqual(clock.sleeps, []);
    });

    it('retries a POST marked idempotent or carrying an Idempotency-Key', async () => {
      const marked = await harness([{ status: 500 }, { status: 200 }]);
      await marked.http.request({ method: 'POST', url: `${marked.server.origin}/a`, json: {}, idempotent: true });
      assert.equal(marked.server.received.length, 2);
      const keyed = await harness([{ status: 502 }, { status: 201 }]);
      await keyed.http.request({ method: 'POST', url: `${keyed.server.origin}/b`, json: {}, headers: { 'Idempotency-Key': 'evt-1' } });
      assert.equal(keyed.server.received.length, 2);
    });

    it('retries a 429 even for a POST: the vendor did not act on it', async () => {
      const { server, http } = await harness([{ status: 429, headers: { 'retry-after': '1' } }, { status: 201 }]);
      const response = await http.request({ method: 'POST', url: `${server.origin}/messages`, form: { To: '+1' } });
      assert.equal(response.status, 201);
      assert.equal(server.received.length, 2);
    });

    it('does not retry a GET made with idempotent: false', async () => {
      const { server, http } = await harness([{ status: 503 }, { status: 200 }]);
      await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/x`, idempotent: false }), TransientFailure);
      assert.equal(server.received.length, 1);
    });
  });

  describe('failure classes', () => {
    it('throws AuthenticationFailure on 401 and 403 without retrying', async () => {
      const { server, http } = await harness([{ status: 401, body: { errors: '[API] Invalid API key or access token' } }, { status: 403 }]);
      await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/me` }), (error: unknown) => error instanceof AuthenticationFailure && error.code === 'vendor.http.401');
      await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/me` }), (error: unknown) => error instanceof AuthenticationFailure && error.code === 'vendor.http.403');
      assert.equal(server.received.length, 2);
    });

    it('throws PermanentFailure on 422 carrying the vendor message', async () => {
      const { server, http } = await harness([{ status: 422, body: { errors: [{ code: 'INVALID_VALUE', detail: 'quantity must be positive' }] } }]);
      await assert.rejects(http.request({ method: 'PUT', url: `${server.origin}/v2/inventory` }), (error: unknown) => {
        assert.ok(error instanceof PermanentFailure);
        assert.equal(error.code, 'vendor.http.422');
        assert.match(error.message, /PUT http:\/\/127\.0\.0\.1:\d+\/v2\/inventory answered 422/);
        assert.match(error.message, /quantity must be positive/);
        return true;
      });
      assert.equal(server.received.length, 1);
    });

    it('truncates a long vendor error body in the message', async () => {
      const { server, http } = await harness([{ status: 400, headers: { 'content-type': 'text/html' }, body: `<html>${'x'.repeat(5000)}</html>` }]);
      await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/x` }), (error: unknown) => error instanceof PermanentFailure && error.message.length < 700 && error.message.endsWith('…'));
    });

    it('retries 408 for a GET and ends transient', async () => {
      const { server, http } = await harness([{ status: 408 }], { retries: 1 });
      await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/slow` }), (error: unknown) => error instanceof TransientFailure && error.code === 'vendor.http.408');
      assert.equal(server.received.length, 2);
    });

    it('throws TransientFailure vendor.timeout when the vendor does not answer in time', async () => {
      const { server, http } = await harness(['hang'], { timeoutMs: 150, retries: 1 });
      await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/hang` }), (error: unknown) => {
        assert.ok(error instanceof TransientFailure);
        assert.equal(error.code, 'vendor.timeout');
        assert.match(error.message, /timed out/);
        return true;
      });
      assert.equal(server.received.length, 2);
    });

    it('lets a request override the timeout', async () => {
      const { server, http } = await harness(['hang'], { timeoutMs: 60_000, retries: 0 });
      await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/hang`, timeoutMs: 100 }), (error: unknown) => error instanceof TransientFailure && error.code === 'vendor.timeout');
    });

    it('throws TransientFailure vendor.network when the connection is refused, retrying even a POST', async () => {
      const closed = await startServer(() => ({ status: 200 }));
      const { origin } = closed;
      await closed.close();
      const clock = fixedClock(START);
      const http = createHttpClient({ allowedHosts: ['127.0.0.1'], logger: captureLogger(), clock, sleep: clock.sleep, retries: 2 });
      await assert.rejects(http.request({ method: 'POST', url: `${origin}/x`, json: {} }), (error: unknown) => error instanceof TransientFailure && error.code === 'vendor.network' && /ECONNREFUSED/.test(error.message));
      assert.equal(clock.sleeps.length, 2);
    });
  });

  describe('host allow-list', () => {
    let server: LocalServer;
    before(async () => {
      server = await startServer(() => ({ status: 200 }));
      open.push(server);
    });

    it('refuses a host outside the allow-list before any request is made', async () => {
      const http = createHttpClient({ allowedHosts: ['api.example.com', '*.example.net'], logger: captureLogger() });
      await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/v1/items` }), (error: unknown) => {
        assert.ok(error instanceof ConfigurationFailure);
        assert.equal(error.code, 'http.host-not-allowed');
        assert.match(error.message, /"127\.0\.0\.1"/);
        return true;
      });
      assert.equal(server.received.length, 0);
    });

    it('refuses URLs that are not absolute http(s) URLs', async () => {
      const http = createHttpClient({ allowedHosts: ['127.0.0.1'], logger: captureLogger() });
      await assert.rejects(http.request({ method: 'GET', url: '/relative' }), (error: unknown) => error instanceof ConfigurationFailure && error.code === 'http.invalid-url');
      await assert.rejects(http.request({ method: 'GET', url: 'file:///etc/passwd' }), (error: unknown) => error instanceof ConfigurationFailure && error.code === 'http.invalid-url');
    });

    it('follows a redirect within the allow-list and refuses one leaving it', async () => {
      const redirecting = await startServer((request) => {
        if (request.url === '/inside') return { status: 302, headers: { location: '/final' } };
        if (request.url === '/outside') return { status: 302, headers: { location: `http://localhost:${new URL(server.origin).port}/stolen` } };
        return { status: 200, body: { arrived: request.url } };
      });
      open.push(redirecting);
      const http = createHttpClient({ allowedHosts: ['127.0.0.1'], logger: captureLogger(), retries: 0 });
      const followed = await http.request({ method: 'GET', url: `${redirecting.origin}/inside` });
      assert.deepEqual(followed.data, { arrived: '/final' });
      await assert.rejects(http.request({ method: 'GET', url: `${redirecting.origin}/outside` }), (error: unknown) => error instanceof ConfigurationFailure && error.code === 'http.host-not-allowed' && /"localhost"/.test(error.message));
      assert.equal(server.received.length, 0);
    });
  });
});
