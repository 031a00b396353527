import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HandlerFailure, PermanentFailure, TransientFailure, createHttpClient, type HttpClient } from '@omnihub/connector-sdk';
import { captureLogger, fixedClock, type CapturedLogger } from '@omnihub/connector-sdk/testing';
import { startServer, type LocalServer } from './support/local-server.ts';

// Characters that URL, form and JSON encoding each write differently.
const SECRET = 'sk_live/Zx9+q=wR "k"&%';
const TOKEN = 'tok-4f1c9a7e2b';

/** Every way the secrets could leak: as is and in each encoding a request or a log may use. */
const LEAKS = [
  SECRET,
  encodeURIComponent(SECRET),
  encodeURIComponent(SECRET).toLowerCase(),
  new URLSearchParams({ v: SECRET }).toString().slice(2),
  Buffer.from(SECRET).toString('base64'),
  Buffer.from(SECRET).toString('base64url'),
  JSON.stringify(SECRET).slice(1, -1),
  TOKEN,
  'sk_live',
];

function assertClean(text: string, where: string): void {
  for (const leak of LEAKS) assert.ok(!text.includes(leak), `${where} leaks ${JSON.stringify(leak)}:\n${text}`);
}

describe('HTTP client redaction', () => {
  let server: LocalServer;
  let http: HttpClient;
  let logs: CapturedLogger;

  before(async () => {
    // The vendor echoes everything it got, as some do in their error bodies.
    server = await startServer((request) => {
      const echo = { url: request.url, headers: request.headers, body: request.body, encoded: Buffer.from(SECRET).toString('base64') };
      if (request.url.startsWith('/flaky') && !request.url.includes('second')) return { status: 503, body: echo };
      if (request.url.startsWith('/redirect')) return { status: 302, headers: { location: `/landing?access_token=${TOKEN}&page=2` } };
      if (request.url.startsWith('/landing')) return { status: 500, headers: { 'content-type': 'text/plain' }, body: `failed for ${request.url}` };
      return { status: 422, body: echo };
    });
    logs = captureLogger();
    const clock = fixedClock('2025-03-01T12:00:00Z');
    http = createHttpClient({ allowedHosts: ['127.0.0.1'], logger: logs, secrets: [SECRET], clock, sleep: clock.sleep, retries: 1, circuitBreaker: false });
  });

  after(async () => {
    await server.close();
  });

  it('keeps secrets in the URL, headers and body out of the error message and the logs', async () => {
    const failure = await http
      .request({
        method: 'POST',
        url: `${server.origin}/v1/items?sku=A-1&api_key=${encodeURIComponent(SECRET)}&token=${TOKEN}`,
        headers: { authorization: `Bearer ${TOKEN}`, 'x-api-key': SECRET, cookie: `session=${TOKEN}` },
        json: { sku: 'A-1', password: TOKEN, note: `key is ${SECRET}` },
      })
      .then(
        () => assert.fail('expected a failure'),
        (error: unknown) => error,
      );
    assert.ok(failure instanceof PermanentFailure);
    assert.equal(server.received.length, 1);
    // The request itself carried the secrets: only what is written is redacted.
    assert.equal(server.received[0]?.headers['x-api-key'], SECRET);
    assertClean(failure.message, 'the error message');
    assert.match(failure.message, /sku=A-1/);
    assert.match(failure.message, /\[redacted\]/);
    assertClean(logs.text(), 'the logs');
    assert.ok(logs.lines.length > 0);
  });

  it('keeps secrets out of retry warnings', async () => {
    logs.clear();
    await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/flaky?signature=${TOKEN}&secret=${encodeURIComponent(SECRET)}` }), TransientFailure);
    assert.ok(logs.lines.some((line) => line.level === 'warn'));
    assertClean(logs.text(), 'the retry logs');
  });

  it('keeps secrets of a redirect target out of the message', async () => {
    await assert.rejects(http.request({ method: 'GET', url: `${server.origin}/redirect` }), (error: unknown) => {
      assert.ok(error instanceof HandlerFailure);
      assertClean(error.message, 'the redirect failure');
      return true;
    });
  });

  it('keeps secrets out of network failures', async () => {
    const closed = await startServer(() => ({ status: 200 }));
    await closed.close();
    logs.clear();
    await assert.rejects(http.request({ method: 'GET', url: `${closed.origin}/x?client_secret=${encodeURIComponent(SECRET)}` }), (error: unknown) => {
      assert.ok(error instanceof TransientFailure);
      assert.equal(error.code, 'vendor.network');
      assertClean(error.message, 'the network failure');
      return true;
    });
    assertClean(logs.text(), 'the network failure logs');
  });

  it('keeps the secret of a URL user-info out of messages', async () => {
    await assert.rejects(http.request({ method: 'GET', url: `http://user:${TOKEN}@127.0.0.1:${new URL(server.origin).port}/v1/x` }), (error: unknown) => {
      assert.ok(error instanceof PermanentFailure);
      assertClean(error.message, 'the user-info failure');
      return true;
    });
  });
});
