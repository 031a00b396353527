import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { WebhookRequest } from '@omnihub/connector-sdk';
import { createTestContext, fixedClock } from '@omnihub/connector-sdk/testing';
import { formatReport, runConformance } from '@omnihub/connector-testkit';
import v1, { signWebhook as signV1 } from '../src/index.ts';
import v2, { signWebhook as signV2, type HttpConfig } from '../versions/2.0.0/src/index.ts';
import conformanceV2 from '../versions/2.0.0/conformance.config.ts';

const SECRET = 'a-shared-secret-for-tests';
const NOW = new Date('2025-03-01T12:00:00Z');

function request(body: string, headers: Record<string, string>): WebhookRequest {
  return { headers, rawBody: Buffer.from(body, 'utf8'), url: 'https://hub.example.com/v1/webhooks/i-1', query: {} };
}

function context() {
  return createTestContext<HttpConfig>({ manifest: v2.manifest, config: { baseUrl: 'https://erp.example.com', webhookSecret: SECRET }, clock: fixedClock(NOW) });
}

describe('http connector 2.0.0, side by side with 1.0.0', () => {
  const webhook = v2.webhooks?.['events'];
  assert.ok(webhook);

  it('is the same connector id in a new major that records its breaking change', () => {
    assert.equal(v2.manifest.id, v1.manifest.id);
    assert.equal(v1.manifest.version, '1.0.0');
    assert.equal(v2.manifest.version, '2.0.0');
    assert.match(v2.manifest.breakingChanges?.['2']?.[0] ?? '', /omnihub-signature: t=<unix seconds>,v1=<hex>.*x-omnihub-signature and x-omnihub-timestamp are no longer read/);
    assert.deepEqual(v2.manifest.configSchema, v1.manifest.configSchema, 'an instance config carries over unchanged');
  });

  it('accepts its own signature header and refuses a 1.x-signed request', async () => {
    const body = '{"id":"e1"}';
    const headers = signV2(SECRET, Buffer.from(body), NOW);
    assert.match(headers['omnihub-signature'] ?? '', /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.deepEqual(await webhook.verify(request(body, headers), context()), { ok: true });
    const old = await webhook.verify(request(body, signV1(SECRET, Buffer.from(body), NOW)), context());
    assert.deepEqual(old, { ok: false, reason: 'omnihub-signature is missing or carries no v1= signature' });
  });

  it('accepts any of several v1 signatures while a secret rotates, and refuses stale ones', async () => {
    const body = '{"id":"e1"}';
    const current = signV2(SECRET, Buffer.from(body), NOW)['omnihub-signature'] ?? '';
    const previous = signV2('the-previous-shared-secret', Buffer.from(body), NOW)['omnihub-signature'] ?? '';
    const rotating = `${previous},${current.split(',')[1] ?? ''}`;
    assert.deepEqual(await webhook.verify(request(body, { 'omnihub-signature': rotating }), context()), { ok: true });
    assert.equal((await webhook.verify(request(body, { 'omnihub-signature': previous }), context())).ok, false);
    const stale = signV2(SECRET, Buffer.from(body), new Date(NOW.getTime() - 3_600_000));
    const result = await webhook.verify(request(body, stale), context());
    assert.equal(result.ok, false);
    if (!result.ok) assert.match(result.reason, /stale or replayed/);
  });

  it('passes the conformance kit', async () => {
    const report = await runConformance({ connector: v2, conformance: conformanceV2 });
    assert.equal(report.passed, true, formatReport(report));
    assert.deepEqual(report.connector, { id: 'http', version: '2.0.0' });
  });
});
