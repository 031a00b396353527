import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defineConnector, type ConnectorDefinition } from '@omnihub/connector-sdk';
import { CHECK_NAMES, formatReport, runConformance, type CheckName, type CheckResult, type ConformanceReport } from '../src/index.ts';
import { acmeConnector, acmeManifest, type AcmeConfig, type AcmeFlaws } from './samples/acme-connector.ts';
import { acmeConformance } from './samples/acme-conformance.ts';

function result(report: ConformanceReport, check: CheckName): CheckResult {
  const found = report.results.find((r) => r.check === check);
  assert.ok(found, `no result for ${check}`);
  return found;
}

function failedChecks(report: ConformanceReport): CheckName[] {
  return report.results.filter((r) => r.status === 'fail').map((r) => r.check);
}

async function runFlawed(flaws: AcmeFlaws): Promise<ConformanceReport> {
  return runConformance({ connector: acmeConnector(flaws), conformance: acmeConformance(), onConsole: () => undefined });
}

describe('runConformance', () => {
  it('passes a well-behaved connector on every check, in order, each message naming its check', async () => {
    const report = await runConformance({ connector: acmeConnector(), conformance: acmeConformance() });
    assert.deepEqual(
      report.results.map((r) => [r.check, r.status]),
      CHECK_NAMES.map((check) => [check, 'pass']),
      formatReport(report),
    );
    assert.equal(report.passed, true);
    assert.deepEqual(report.connector, { id: 'acme', version: '1.2.0' });
    for (const r of report.results) assert.ok(r.message.startsWith(`${r.check}: `), r.message);
    assert.match(formatReport(report), /^PASS {4}webhook-signature: 1 webhook accept/m);
  });

  it('fails webhook-signature (and freshness) when a forged webhook is accepted', async () => {
    const report = await runFlawed({ acceptsForgedWebhooks: true });
    assert.equal(report.passed, false);
    assert.deepEqual(failedChecks(report), ['webhook-signature', 'webhook-freshness']);
    const signature = result(report, 'webhook-signature');
    assert.match(signature.message, /^webhook-signature: webhook "orders" accepted a request whose body was altered after signing/);
    assert.ok(signature.details.some((d) => /accepted a request signed with the wrong secret/.test(d)), signature.details.join('\n'));
    assert.ok(signature.details.some((d) => /accepted a request without a signature/.test(d)));
  });

  it('fails webhook-freshness alone when the signature is checked but its time is not', async () => {
    const report = await runFlawed({ ignoresTimestamps: true });
    assert.deepEqual(failedChecks(report), ['webhook-freshness']);
    assert.match(result(report, 'webhook-freshness').message, /^webhook-freshness: webhook "orders" accepted a correctly signed request from 3600 s ago/);
  });

  it('fails secrets-not-logged when the connector logs a secret, naming the field but not showing it', async () => {
    const report = await runFlawed({ logsSecret: true });
    assert.deepEqual(failedChecks(report), ['secrets-not-logged']);
    const secrets = result(report, 'secrets-not-logged');
    assert.match(secrets.message, /^secrets-not-logged: the secret at configSchema\/apiKey appears in a debug log line/);
    assert.doesNotMatch(JSON.stringify(report), /acme-api-key-7f3a9c/);
  });

  it('catches a secret printed to the console too', async () => {
    const base = acmeConnector();
    const connector = defineConnector<AcmeConfig>({
      ...base,
      actions: {
        'push-stock': {
          execute: (input, ctx) => {
            console.log('calling acme with', ctx.config.webhookSecret);
            const action = base.actions?.['push-stock'];
            assert.ok(action);
            return action.execute(input, ctx);
          },
        },
      },
    });
    const printed: string[] = [];
    const report = await runConformance({ connector, conformance: acmeConformance(), onConsole: (line) => printed.push(line) });
    assert.deepEqual(failedChecks(report), ['secrets-not-logged']);
    assert.match(result(report, 'secrets-not-logged').message, /configSchema\/webhookSecret appears in console output/);
    assert.ok(printed.length > 0);
  });

  it('fails http-classification when a 429 is turned into a permanent failure', async () => {
    const report = await runFlawed({ rateLimitIsPermanent: true });
    assert.deepEqual(failedChecks(report), ['http-classification']);
    assert.equal(
      result(report, 'http-classification').message,
      'http-classification: action "push-stock": vendor 429 with Retry-After: 7 must be a rate-limited failure, got a permanent failure',
    );
  });

  it('fails action-idempotency when a redelivery makes a second vendor effect', async () => {
    const report = await runFlawed({ sendsNoIdempotencyKey: true });
    assert.deepEqual(failedChecks(report), ['action-idempotency']);
    assert.match(result(report, 'action-idempotency').message, /^action-idempotency: action "push-stock": the same event delivered twice gave 2 vendor effects, not 1$/);
  });

  it('fails manifest with every finding: bad id, bad event reference, unmarked credential, unknown host field', async () => {
    const manifest = acmeManifest();
    manifest.id = 'Acme_Commerce';
    const connector = { ...acmeConnector(), manifest };
    const report = await runConformance({ connector, conformance: acmeConformance() });
    assert.match(result(report, 'manifest').message, /^manifest: manifest\/id must match pattern/);

    const second = acmeManifest();
    second.capabilities.actions = [{ name: 'push-stock', consumes: ['inventory.level.changed'], vendorPayload: 'acme.StockLevel' }];
    const secondReport = await runConformance({ connector: { ...acmeConnector(), manifest: second }, conformance: acmeConformance() });
    assert.match(result(secondReport, 'manifest').message, /manifest\/capabilities\/actions\/0\/consumes\/0 must match pattern/);

    const third = acmeManifest();
    third.configSchema = { ...third.configSchema, properties: { ...(third.configSchema['properties'] as object), accessToken: { type: 'string' } } };
    third.allowedHostsFromConfig = ['endpoint'];
    third.version = '2.0.0';
    const thirdReport = await runConformance({ connector: { ...acmeConnector(), manifest: third }, conformance: acmeConformance() });
    const details = result(thirdReport, 'manifest').details.join('\n');
    assert.match(details, /configSchema\/accessToken looks like a credential: mark it with "x-omnihub-secret": true/);
    assert.match(details, /allowedHostsFromConfig names "endpoint", which configSchema does not declare/);
    assert.match(details, /version 2\.0\.0 starts major 2, but breakingChanges\["2"\] records no breaking change/);
  });

  it('adds the hub manifest rules to its own findings', async () => {
    const seen: string[] = [];
    const report = await runConformance({
      connector: acmeConnector(),
      conformance: acmeConformance(),
      manifestRules: (manifest) => {
        seen.push(manifest.id);
        return ['manifest/capabilities/actions/0/consumes/0 names inventory.level.changed@1, which is not a canonical event type'];
      },
    });
    assert.deepEqual(seen, ['acme']);
    assert.equal(result(report, 'manifest').message, 'manifest: manifest/capabilities/actions/0/consumes/0 names inventory.level.changed@1, which is not a canonical event type');
  });

  it('fails manifest when a capability is implemented but not declared', async () => {
    const manifest = acmeManifest();
    manifest.capabilities.webhooks = [];
    const report = await runConformance({ connector: { ...acmeConnector(), manifest }, conformance: acmeConformance(), waivers: { 'webhook-signature': 'covered by the manifest failure', 'webhook-freshness': 'covered by the manifest failure' } });
    assert.equal(result(report, 'manifest').message, 'manifest: webhook "orders" has a handler but is not declared in the manifest');
  });

  it('fails config-refused when the schema accepts an invalid config, and checks each required field', async () => {
    const manifest = acmeManifest();
    manifest.configSchema = { type: 'object', properties: { baseUrl: { type: 'string' }, apiKey: { type: 'string', 'x-omnihub-secret': true }, webhookSecret: { type: 'string', 'x-omnihub-secret': true } } };
    const report = await runConformance({ connector: { ...acmeConnector(), manifest }, conformance: acmeConformance() });
    const refused = result(report, 'config-refused');
    assert.equal(refused.status, 'fail');
    assert.match(refused.message, /^config-refused: an invalid config was accepted: baseUrl is not a URL/);

    const good = await runConformance({ connector: acmeConnector(), conformance: acmeConformance() });
    assert.match(result(good, 'config-refused').message, /the config is accepted and 5 invalid configs are refused/);
  });

  it('waives a check only with a written reason, and refuses waivers of unknown checks', async () => {
    const waived = await runConformance({ connector: acmeConnector({ acceptsForgedWebhooks: true }), conformance: acmeConformance({ waivers: { 'webhook-signature': 'the sandbox vendor signs nothing', 'webhook-freshness': 'the sandbox vendor signs nothing' } }) });
    assert.equal(waived.passed, true);
    assert.equal(result(waived, 'webhook-signature').status, 'waived');
    assert.equal(result(waived, 'webhook-signature').message, 'webhook-signature: waived: the sandbox vendor signs nothing');

    const unexplained = await runConformance({ connector: acmeConnector(), conformance: acmeConformance({ waivers: { 'http-classification': ' ' } }) });
    assert.equal(unexplained.passed, false);
    assert.match(result(unexplained, 'http-classification').message, /^http-classification: waived without a written reason/);

    await assert.rejects(
      runConformance({ connector: acmeConnector(), conformance: acmeConformance({ waivers: { 'webhooks': 'no such check' } as never }) }),
      /waives "webhooks", which is no check of the kit/,
    );
  });

  it('asks for waivers when a connector has no webhook and no action to exercise', async () => {
    const manifest = acmeManifest();
    manifest.capabilities = { polling: [{ name: 'orders', vendorPayload: 'acme.Order', emits: ['order.created@1'], intervalSeconds: 60 }] };
    const connector: ConnectorDefinition<AcmeConfig> = defineConnector<AcmeConfig>({ manifest, pollers: { orders: { poll: (cursor) => Promise.resolve({ records: [], cursor }) } } });
    const report = await runConformance({ connector, conformance: acmeConformance() });
    assert.deepEqual(failedChecks(report), ['webhook-signature', 'webhook-freshness', 'action-idempotency', 'http-classification']);
    assert.match(result(report, 'webhook-signature').message, /declares no webhooks; waive this check with a reason/);
    assert.match(result(report, 'http-classification').message, /nothing calls the vendor/);
  });

  it('drives the pollers the conformance config lists through the classification check', async () => {
    const manifest = acmeManifest();
    manifest.capabilities = { polling: [{ name: 'orders', vendorPayload: 'acme.Order', emits: ['order.created@1'], intervalSeconds: 60 }] };
    const connector = defineConnector<AcmeConfig>({
      manifest,
      pollers: {
        orders: {
          poll: async (cursor, ctx) => {
            await ctx.http.request({ method: 'GET', url: `${ctx.config.baseUrl}/orders`, query: { since: cursor } });
            return { records: [], cursor };
          },
        },
      },
    });
    const waivers = { 'webhook-signature': 'Acme polls orders instead', 'webhook-freshness': 'Acme polls orders instead', 'action-idempotency': 'this variant only reads' };
    const report = await runConformance({ connector, conformance: acmeConformance({ pollers: { orders: { cursor: '2025-01-01' } }, waivers }) });
    assert.equal(result(report, 'http-classification').status, 'pass', formatReport(report));
    assert.equal(report.passed, true);
  });

  it('runs the mapping fixtures of the mappings the connector names through the injected runner', async () => {
    const manifest = acmeManifest();
    manifest.capabilities.webhooks = [{ name: 'orders', vendorPayload: 'acme.Order', emits: ['order.created@1'], mapping: 'acme.order-to-canonical' }];
    const connector = { ...acmeConnector(), manifest };
    const asked: string[] = [];
    const passing = await runConformance({
      connector,
      conformance: acmeConformance(),
      fixtures: (id) => {
        asked.push(id);
        return Promise.resolve({ mapping: `${id}@1.0.0`, passed: 2, failures: [] });
      },
    });
    assert.deepEqual(asked, ['acme.order-to-canonical']);
    assert.equal(result(passing, 'mapping-fixtures').message, 'mapping-fixtures: 1 mapping pass their 2 fixture pairs');

    const failing = await runConformance({
      connector,
      conformance: acmeConformance(),
      fixtures: (id) => Promise.resolve({ mapping: `${id}@1.0.0`, passed: 1, failures: [{ fixture: 'cancelled-order', message: '/order/status: expected "cancelled", got "open"' }] }),
    });
    assert.equal(result(failing, 'mapping-fixtures').message, 'mapping-fixtures: mapping acme.order-to-canonical@1.0.0, fixture cancelled-order: /order/status: expected "cancelled", got "open"');

    const without = await runConformance({ connector, conformance: acmeConformance() });
    assert.match(result(without, 'mapping-fixtures').message, /no mapping runner was given: run the kit through `omnihub connectors test`/);
  });

  it('reports a conformance config that lacks samples instead of passing unseen', async () => {
    const report = await runConformance({ connector: acmeConnector(), conformance: acmeConformance({ webhooks: {}, actions: {} }) });
    assert.match(result(report, 'webhook-signature').message, /no sample request for webhook "orders" \(webhooks\.orders\)/);
    assert.match(result(report, 'action-idempotency').message, /no sample input for action "push-stock" \(actions\.push-stock\)/);
  });
});
