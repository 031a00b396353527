import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebhookRequest } from '@omnihub/connector-sdk';
import { createTestContext, fixedClock } from '@omnihub/connector-sdk/testing';
import connector, { signWebhook, SIGNATURE_HEADER, TIMESTAMP_HEADER, type HttpConfig } from '../src/index.ts';

const SECRET = 'a-shared-secret-for-tests';
const NOW = new Date('2025-03-01T12:00:00Z');
const webhook = connector.webhooks?.['events'];
assert.ok(webhook);

function context(config: Partial<HttpConfig> = {}) {
  return createTestContext<HttpConfig>({ manifest: connector.manifest, config: { baseUrl: 'https://erp.example.com', webhookSecret: SECRET, ...config }, clock: fixedClock(NOW) });
}

function request(body: string, headers: Record<string, string>): WebhookRequest {
  return { headers, rawBody: Buffer.from(body, 'utf8'), url: 'https://hub.example.com/v1/webhooks/i-1', query: {} };
}

describe('http connector: events webhook', () => {
  it('accepts a body signed over "<timestamp>.<raw body>" with the shared secret', async () => {
    const body = '{"id":"e1","sku":"A"}';
    const headers = signWebhook(SECRET, Buffer.from(body), NOW);
    assert.match(headers[SIGNATURE_HEADER] ?? '', /^sha256=[0-9a-f]{64}$/);
    assert.equal(headers[TIMESTAMP_HEADER], String(NOW.getTime() / 1000));
    assert.deepEqual(await webhook.verify(request(body, headers), context()), { ok: true });
  });

  it('refuses a wrong secret, an altered body, a swapped timestamp, a stale or future request, and no secret configured', async () => {
    const body = '{"id":"e1"}';
    const signed = signWebhook(SECRET, Buffer.from(body), NOW);
    const cases: [string, WebhookRequest, Partial<HttpConfig>, RegExp][] = [
      ['wrong secret', request(body, signWebhook('another-secret-entirely', Buffer.from(body), NOW)), {}, /does not match/],
      ['altered body', request('{"id":"e2"}', signed), {}, /does not match/],
      ['swapped timestamp', request(body, { ...signed, [TIMESTAMP_HEADER]: String(NOW.getTime() / 1000 - 10) }), {}, /does not match/],
      ['stale', request(body, signWebhook(SECRET, Buffer.from(body), new Date(NOW.getTime() - 301_000))), {}, /more than 300 s from now/],
      ['future', request(body, signWebhook(SECRET, Buffer.from(body), new Date(NOW.getTime() + 301_000))), {}, /more than 300 s from now/],
      ['no timestamp', request(body, { [SIGNATURE_HEADER]: signed[SIGNATURE_HEADER] ?? '' }), {}, /missing or not Unix seconds/],
      ['no signature', request(body, { [TIMESTAMP_HEADER]: signed[TIMESTAMP_HEADER] ?? '' }), {}, /signature missing/],
      ['no secret configured', request(body, signed), { webhookSecret: undefined }, /has no webhookSecret/],
    ];
    for (const [name, req, config, reason] of cases) {
      const result = await webhook.verify(req, context(config));
      assert.equal(result.ok, false, name);
      if (!result.ok) assert.match(result.reason, reason, name);
    }
  });

  it('honours a configured tolerance', async () => {
    const body = '{}';
    const tenMinutesAgo = signWebhook(SECRET, Buffer.from(body), new Date(NOW.getTime() - 600_000));
    assert.equal((await webhook.verify(request(body, tenMinutesAgo), context())).ok, false);
    assert.equal((await webhook.verify(request(body, tenMinutesAgo), context({ signatureToleranceSeconds: 900 }))).ok, true);
  });

  it('parses one object, an array, or { events } into records with stable ids', async () => {
    const ctx = context();
    const one = await webhook.parse(request('{"id":"e1","occurredAt":"2025-03-01T10:00:00Z","partitionKey":"A-1"}', {}), ctx);
    assert.deepEqual(one, [{ id: 'e1', type: 'http.Event', occurredAt: '2025-03-01T10:00:00Z', partitionKey: 'A-1', payload: { id: 'e1', occurredAt: '2025-03-01T10:00:00Z', partitionKey: 'A-1' } }]);
    const many = await webhook.parse(request('{"events":[{"id":7},{"sku":"B"}]}', {}), ctx);
    assert.equal(many.length, 2);
    assert.equal(many[0]?.id, '7');
    assert.match(many[1]?.id ?? '', /^[0-9a-f]{32}:1$/);
    const again = await webhook.parse(request('{"events":[{"id":7},{"sku":"B"}]}', {}), ctx);
    assert.equal(again[1]?.id, many[1]?.id, 'a redelivered body gives the same ids');
    const named = await webhook.parse(request('[{"sku":"A"},{"sku":"B"}]', { 'x-omnihub-event-id': 'batch-9' }), ctx);
    assert.deepEqual(named.map((r) => r.id), ['batch-9:0', 'batch-9:1']);
  });

  it('refuses a body that is not JSON objects as an invalid message', async () => {
    for (const body of ['not json', '[1,2]', '"text"']) {
      await assert.rejects(Promise.resolve().then(() => webhook.parse(request(body, {}), context())), (error: unknown) => (error as { kind?: string }).kind === 'invalid');
    }
  });
});
