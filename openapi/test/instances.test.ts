import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createApiKey, SecretBox } from '@omnihub/core';
import { STORE_FACTORIES } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { contractProblem, json } from './responses.ts';
import { startTestHub, type TestHub } from './support.ts';

type Schemas = components['schemas'];

const KEY = Buffer.alloc(32, 11);
/** The http connector's 2.0.0 package is a plugin beside the workspace's 1.0.0. */
const PLUGINS = fileURLToPath(new URL('../../connectors/http/versions/', import.meta.url));

const SECRET = 'whsec_instances_api_0123456789';
const TOKEN = 'Bearer vendor-token-abcdef123456';

const saved: Record<string, string | undefined> = {};
let vendor: Server;
let vendorUrl: string;

before(async () => {
  for (const [name, value] of Object.entries({ OMNIHUB_PLUGINS_DIR: PLUGINS, OMNIHUB_SECRET_KEY: KEY.toString('base64') })) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  // The vendor of the connection checks: `/` answers, `/locked` refuses the credentials.
  vendor = createServer((request, response) => {
    response.writeHead(request.url === '/locked' ? 401 : 200, { 'content-type': 'application/json' });
    response.end(request.url === '/locked' ? '{"error":"bad token"}' : '{"ok":true}');
  });
  await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
  vendorUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
});

after(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  await new Promise<void>((resolve) => vendor.close(() => resolve()));
});

for (const factory of STORE_FACTORIES) {
  describe(`connector instances API on ${factory.name}`, () => {
    let t: TestHub;
    let ops: string;

    async function storedSecret(id: string, field: string): Promise<string> {
      const { rows } = await t.hub.store.query<{ config: Record<string, string> }>('select config from connector_instances where id = $1', [id]);
      const stored = rows[0]?.config[field];
      assert.ok(SecretBox.isEncrypted(stored), `${field} is stored encrypted`);
      return new SecretBox(KEY).decrypt(stored);
    }

    function httpInstance(id: string, version: string, baseUrl = vendorUrl): Schemas['NewInstance'] {
      return { id, connectorId: 'http', version, config: { baseUrl, authorization: TOKEN, webhookSecret: SECRET } };
    }

    before(async () => {
      t = await startTestHub(factory);
      ops = (await createApiKey(t.hub.store, 'ops-instances', ['ops'])).key;
    });
    after(async () => {
      await t.close();
    });

    it('lists the installed connectors, both http majors side by side, to a read key', async () => {
      const list = await json<Schemas['ConnectorList']>(await t.call('GET', '/v1/connectors', { key: t.keys.read }), 200);
      const http = list.items.filter((item) => item.id === 'http').map((item) => [item.version, item.origin, item.latest, item.vendorApiVersion]);
      assert.deepEqual(http, [
        ['2.0.0', 'plugin', true, 'omnihub-http-2'],
        ['1.0.0', 'workspace', false, 'omnihub-http-1'],
      ]);
      const two = list.items.find((item) => item.id === 'http' && item.version === '2.0.0');
      assert.deepEqual(two?.capabilities.actions?.map((c) => c.name), ['request']);
      assert.equal((two?.configSchema['properties'] as Record<string, Record<string, unknown>>)['webhookSecret']?.['x-omnihub-secret'], true);
      assert.match(two?.breakingChanges?.['2']?.[0] ?? '', /omnihub-signature/);
      assert.ok(list.items.some((item) => item.id === 'file-drop'));
      // Packages refused at discovery are listed with why (none of them is an http version).
      assert.ok(list.problems.every((p) => typeof p.message === 'string' && !p.packageDir.includes('connectors/http')), JSON.stringify(list.problems));
      await contractProblem(await t.call('GET', '/v1/connectors'), 401, 'unauthorized');
    });

    it('creates instances pinned to each version, never answering a secret but masked', async () => {
      const v1 = await json<Schemas['ConnectorInstance']>(await t.call('POST', '/v1/instances', { key: t.keys.admin, body: httpInstance('erp-v1', '1.0.0') }), 201);
      const v2 = await json<Schemas['ConnectorInstance']>(await t.call('POST', '/v1/instances', { key: t.keys.admin, body: httpInstance('erp-v2', '2.0.0') }), 201);
      assert.deepEqual([v1.version, v2.version, v1.state, v1.previousVersion], ['1.0.0', '2.0.0', 'enabled', null]);
      assert.deepEqual(v1.config, { baseUrl: vendorUrl, authorization: '********', webhookSecret: '********' });
      assert.equal(await storedSecret('erp-v1', 'webhookSecret'), SECRET);
      const listed = await t.call('GET', '/v1/instances', { key: t.keys.read });
      const text = await listed.text();
      assert.equal(listed.status, 200);
      assert.deepEqual((JSON.parse(text) as Schemas['InstanceList']).items.map((i) => i.id), ['erp-v1', 'erp-v2']);
      const one = await t.call('GET', '/v1/instances/erp-v2', { key: t.keys.read });
      const all = text + (await one.text());
      assert.doesNotMatch(all, /whsec_instances|vendor-token|enc:v1/);
    });

    it('refuses an invalid instance by pointer (422), a taken id (409), an unknown one (404)', async () => {
      const invalid = await contractProblem(await t.call('POST', '/v1/instances', { key: t.keys.admin, body: { id: 'bad', connectorId: 'http', version: '1.0.0', config: { baseUrl: 'not a url', webhookSecret: 'short' } } }), 422, 'validation-failed');
      assert.deepEqual(invalid.errors?.map((e) => e.path).sort(), ['/config/baseUrl', '/config/baseUrl', '/config/webhookSecret']);
      const version = await contractProblem(await t.call('POST', '/v1/instances', { key: t.keys.admin, body: httpInstance('bad', '7.0.0') }), 422, 'validation-failed');
      assert.deepEqual(version.errors?.map((e) => e.path), ['/version']);
      assert.match(version.detail ?? '', /http@7\.0\.0 is not installed \(installed: 2\.0\.0, 1\.0\.0\)/);
      // An override that does not parse would pause the instance on its first event: refused before it is saved.
      const unparsed = await contractProblem(await t.call('POST', '/v1/instances', { key: t.keys.admin, body: { ...httpInstance('bad-map', '1.0.0'), mappingOverrides: { request: '{ "method": ' } } }), 422, 'validation-failed');
      assert.deepEqual(unparsed.errors?.map((e) => e.path), ['/mappingOverrides/request']);
      assert.match(unparsed.errors?.[0]?.message ?? '', /^does not parse: /);
      await contractProblem(await t.call('GET', '/v1/instances/bad-map', { key: t.keys.read }), 404, 'not-found');
      await contractProblem(await t.call('POST', '/v1/instances', { key: t.keys.admin, body: httpInstance('erp-v1', '1.0.0') }), 409, 'conflict');
      await contractProblem(await t.call('GET', '/v1/instances/nope', { key: t.keys.read }), 404, 'not-found');
      await contractProblem(await t.call('PUT', '/v1/instances/nope', { key: t.keys.admin, body: { config: {} } }), 404, 'not-found');
    });

    it('takes admin for changes, ops for checks and pauses, read for reads', async () => {
      await contractProblem(await t.call('POST', '/v1/instances', { key: t.keys.read, body: httpInstance('x-read', '1.0.0') }), 403, 'forbidden');
      await contractProblem(await t.call('POST', '/v1/instances', { key: t.keys.write, body: httpInstance('x-write', '1.0.0') }), 403, 'forbidden');
      await contractProblem(await t.call('POST', '/v1/instances', { key: ops, body: httpInstance('x-ops', '1.0.0') }), 403, 'forbidden');
      await contractProblem(await t.call('DELETE', '/v1/instances/erp-v1', { key: ops }), 403, 'forbidden');
      await contractProblem(await t.call('POST', '/v1/instances/erp-v1/upgrade', { key: ops, body: { to: '2.0.0', dryRun: true } }), 403, 'forbidden');
      await contractProblem(await t.call('POST', '/v1/instances/erp-v1/test', { key: t.keys.read }), 403, 'forbidden');
      await contractProblem(await t.call('POST', '/v1/instances/erp-v1/pause', { key: t.keys.write }), 403, 'forbidden');
      await contractProblem(await t.call('POST', '/v1/config/plan', { key: t.keys.read, body: { document: { apiVersion: 'omnihub.dev/v1', instances: [] } } }), 403, 'forbidden');
      assert.equal((await t.call('GET', '/v1/instances/erp-v1', { key: ops })).status, 200);
    });

    it('changes the settings, keeping secrets sent back masked', async () => {
      const current = await json<Schemas['ConnectorInstance']>(await t.call('GET', '/v1/instances/erp-v1', { key: t.keys.read }), 200);
      const updated = await json<Schemas['ConnectorInstance']>(
        await t.call('PUT', '/v1/instances/erp-v1', { key: t.keys.admin, body: { config: { ...current.config, healthPath: '/health' }, mappingOverrides: { request: '{ "method": "POST", "path": "/orders", "body": $ }' } } }),
        200,
      );
      assert.equal(updated.config['healthPath'], '/health');
      assert.equal(updated.config['webhookSecret'], '********');
      assert.deepEqual(Object.keys(updated.mappingOverrides), ['request']);
      assert.equal(await storedSecret('erp-v1', 'webhookSecret'), SECRET);
      assert.equal(await storedSecret('erp-v1', 'authorization'), TOKEN);
      const invalid = await contractProblem(await t.call('PUT', '/v1/instances/erp-v1', { key: t.keys.admin, body: { config: { ...current.config, timeoutMs: 5 }, mappingOverrides: { teleport: '$' } } }), 422, 'validation-failed');
      assert.deepEqual(invalid.errors?.map((e) => e.path), ['/config/timeoutMs', '/mappingOverrides/teleport']);
    });

    it('checks the connection live, classifying a refusal without showing the secret', async () => {
      const passed = await json<Schemas['ConnectionCheck']>(await t.call('POST', '/v1/instances/erp-v2/test', { key: ops }), 200);
      assert.deepEqual(passed, { ok: true, checked: true });
      await t.call('POST', '/v1/instances', { key: t.keys.admin, body: { ...httpInstance('locked', '1.0.0'), config: { baseUrl: vendorUrl, authorization: TOKEN, healthPath: '/locked' } } });
      const response = await t.call('POST', '/v1/instances/locked/test', { key: t.keys.admin });
      const text = await response.text();
      assert.equal(response.status, 200, text);
      const refused = JSON.parse(text) as Schemas['ConnectionCheck'];
      assert.deepEqual({ ok: refused.ok, checked: refused.checked, kind: refused.kind }, { ok: false, checked: true, kind: 'authentication' });
      assert.match(refused.message ?? '', /401/);
      assert.doesNotMatch(text, /vendor-token-abcdef123456/);
      await contractProblem(await t.call('POST', '/v1/instances/nope/test', { key: ops }), 404, 'not-found');
    });

    it('pauses and resumes an instance; a disabled one can be neither', async () => {
      const paused = await json<Schemas['ConnectorInstance']>(await t.call('POST', '/v1/instances/erp-v2/pause', { key: ops, body: { reason: 'ERP maintenance' } }), 200);
      assert.deepEqual([paused.state, paused.stateReason], ['paused', 'ERP maintenance']);
      const resumed = await json<Schemas['ConnectorInstance']>(await t.call('POST', '/v1/instances/erp-v2/resume', { key: ops }), 200);
      assert.deepEqual([resumed.state, resumed.stateReason], ['enabled', null]);
      const byDefault = await json<Schemas['ConnectorInstance']>(await t.call('POST', '/v1/instances/erp-v2/pause', { key: ops }), 200);
      assert.equal(byDefault.stateReason, 'paused by an operator');
      await t.call('POST', '/v1/instances/erp-v2/resume', { key: ops });
      await json(await t.call('POST', '/v1/instances', { key: t.keys.admin, body: { ...httpInstance('off', '1.0.0'), state: 'disabled' } }), 201);
      assert.match((await contractProblem(await t.call('POST', '/v1/instances/off/pause', { key: ops }), 409, 'conflict')).detail ?? '', /is disabled/);
      assert.match((await contractProblem(await t.call('POST', '/v1/instances/off/resume', { key: ops }), 409, 'conflict')).detail ?? '', /enabled: true in its config file/);
    });

    it('plans an upgrade (dry run) with its breaking change, upgrades, then rolls back', async () => {
      const dry = await json<Schemas['UpgradeOutcome']>(await t.call('POST', '/v1/instances/erp-v1/upgrade', { key: t.keys.admin, body: { to: '2.0.0', dryRun: true } }), 200);
      assert.deepEqual([dry.applied, dry.plan.ready, dry.plan.direction, dry.instance.version], [false, true, 'upgrade', '1.0.0']);
      assert.match(dry.plan.breakingChanges[0]?.changes[0] ?? '', /omnihub-signature/);
      const done = await json<Schemas['UpgradeOutcome']>(await t.call('POST', '/v1/instances/erp-v1/upgrade', { key: t.keys.admin, body: { to: '2.0.0' } }), 200);
      assert.deepEqual([done.applied, done.instance.version, done.instance.previousVersion], [true, '2.0.0', '1.0.0']);
      assert.equal(done.instance.config['webhookSecret'], '********');
      assert.equal(await storedSecret('erp-v1', 'webhookSecret'), SECRET);
      const back = await json<Schemas['UpgradeOutcome']>(await t.call('POST', '/v1/instances/erp-v1/rollback', { key: t.keys.admin }), 200);
      assert.deepEqual([back.applied, back.plan.direction, back.instance.version, back.instance.previousVersion], [true, 'downgrade', '1.0.0', '2.0.0']);
      await contractProblem(await t.call('POST', '/v1/instances/erp-v2/rollback', { key: t.keys.admin, body: { dryRun: true } }), 409, 'conflict');
      await contractProblem(await t.call('POST', '/v1/instances/erp-v2/upgrade', { key: t.keys.admin, body: { to: '2.0.0' } }), 409, 'conflict');
      const missing = await contractProblem(await t.call('POST', '/v1/instances/erp-v2/upgrade', { key: t.keys.admin, body: { to: '9.9.9' } }), 422, 'validation-failed');
      assert.deepEqual(missing.errors?.map((e) => e.path), ['/to']);
    });

    it('plans and applies a config document; the second apply is a no-op; errors point into the document', async () => {
      const document = {
        apiVersion: 'omnihub.dev/v1',
        instances: [
          { id: 'code-v1', connector: 'http', version: '1.0.0', config: { baseUrl: vendorUrl, webhookSecret: SECRET } },
          { id: 'code-v2', connector: 'http', version: '2.0.0', enabled: false, config: { baseUrl: vendorUrl } },
        ],
      };
      const plan = await json<Schemas['ConfigPlan']>(await t.call('POST', '/v1/config/plan', { key: t.keys.admin, body: { document } }), 200);
      assert.deepEqual(plan.summary, { create: 2, update: 0, delete: 0, unchanged: 0 });
      assert.ok(plan.unmanaged.includes('erp-v1'));
      assert.deepEqual(plan.changes[0]?.fields.find((f) => f.path === '/config/webhookSecret'), { path: '/config/webhookSecret', after: '********', secret: true });
      const applied = await json<Schemas['ConfigPlan']>(await t.call('POST', '/v1/config/apply', { key: t.keys.admin, body: { document, planDigest: plan.digest } }), 200);
      assert.deepEqual([applied.applied, applied.digest], [true, plan.digest]);
      assert.equal((await json<Schemas['ConnectorInstance']>(await t.call('GET', '/v1/instances/code-v2', { key: t.keys.read }), 200)).state, 'disabled');
      const again = await json<Schemas['ConfigPlan']>(await t.call('POST', '/v1/config/apply', { key: t.keys.admin, body: { document } }), 200);
      assert.deepEqual([again.changes, again.summary.unchanged], [[], 2]);
      await contractProblem(await t.call('POST', '/v1/config/apply', { key: t.keys.admin, body: { document: { ...document, instances: [{ ...document.instances[0], config: { baseUrl: 'https://elsewhere.example' } }] }, planDigest: plan.digest } }), 409, 'conflict');

      const invalid = await contractProblem(
        await t.call('POST', '/v1/config/plan', { key: t.keys.admin, body: { document: { apiVersion: 'omnihub.dev/v1', instances: [{ id: 'x1', connector: 'http', version: '9.0.0' }, { id: 'x2', connector: 'http', config: { baseUrl: 'nope' }, mappings: { request: '{ "method": ' } }] } } }),
        422,
        'validation-failed',
      );
      assert.deepEqual(invalid.errors?.map((e) => e.path), ['/document/instances/0/version', '/document/instances/1/config/baseUrl', '/document/instances/1/config/baseUrl', '/document/instances/1/mappings/request']);
      const shape = await contractProblem(await t.call('POST', '/v1/config/plan', { key: t.keys.admin, body: { document: { apiVersion: 'v9', instances: [] } } }), 422, 'validation-failed');
      assert.deepEqual(shape.errors?.map((e) => `${e.path} ${e.message}`), ['/document/apiVersion must be omnihub.dev/v1, got "v9"']);

      // Out of contract: the declarations left sound are still checked against their connectors, in the same answer.
      const mixed = {
        apiVersion: 'omnihub.dev/v1',
        instances: [
          { id: 'mix-typo', connector: 'http', colour: 'red', config: { baseUrl: vendorUrl } },
          { id: 'mix-type', connector: 'http', enabled: 'yes' },
          { id: 'mix-config', connector: 'http', config: { baseUrl: 'nope' } },
        ],
      };
      for (const path of ['/v1/config/plan', '/v1/config/apply']) {
        const all = await contractProblem(await t.call('POST', path, { key: t.keys.admin, body: { document: mixed } }), 422, 'validation-failed');
        assert.deepEqual(
          all.errors?.map((e) => `${e.path} ${e.message}`),
          ['/document/instances/0/colour must NOT have additional properties', '/document/instances/1/enabled must be boolean', '/document/instances/2/config/baseUrl must match pattern "^https?://"', '/document/instances/2/config/baseUrl must match format "uri"'],
          path,
        );
      }
      await contractProblem(await t.call('GET', '/v1/instances/mix-typo', { key: t.keys.read }), 404, 'not-found');
      const outside = await contractProblem(await t.call('POST', '/v1/config/plan', { key: t.keys.admin, body: { document: mixed, prune: 'yes' } }), 422, 'validation-failed');
      assert.equal(outside.detail, 'the request body does not match the contract');
      for (const document of [null, [], 'omnihub.yaml', { apiVersion: 'omnihub.dev/v1', instances: 'none' }, { apiVersion: 'omnihub.dev/v1', instances: [null, 5, { id: 'ok-shape', connector: 'nope' }] }]) {
        const refused = await contractProblem(await t.call('POST', '/v1/config/plan', { key: t.keys.admin, body: { document } }), 422, 'validation-failed');
        assert.ok((refused.errors ?? []).length > 0, JSON.stringify(document));
        if (Array.isArray((document as { instances?: unknown } | null)?.instances)) {
          assert.deepEqual(refused.errors?.map((e) => `${e.path} ${e.message}`), ['/document/instances/0 must be object', '/document/instances/1 must be object', '/document/instances/2/connector no connector "nope" is installed']);
        }
      }
    });

    it('exports the config to a read key with secrets as environment references or masked', async () => {
      const exported = await t.call('GET', '/v1/config', { key: t.keys.read });
      const text = await exported.text();
      assert.equal(exported.status, 200, text);
      assert.doesNotMatch(text, /whsec_instances|vendor-token|enc:v1/);
      const body = JSON.parse(text) as Schemas['ConfigExport'];
      assert.deepEqual(body.document.instances.find((i) => i.id === 'code-v1')?.config, { baseUrl: vendorUrl, webhookSecret: '${CODE_V1_WEBHOOK_SECRET}' });
      assert.ok(body.secrets.some((s) => s.env === 'ERP_V1_AUTHORIZATION'));
      const masked = await json<Schemas['ConfigExport']>(await t.call('GET', '/v1/config?secrets=masked', { key: t.keys.read }), 200);
      assert.equal(masked.document.instances.find((i) => i.id === 'code-v1')?.config?.['webhookSecret'], '********');
      const noChange = await json<Schemas['ConfigPlan']>(await t.call('POST', '/v1/config/plan', { key: t.keys.admin, body: { document: masked.document } }), 200);
      assert.deepEqual(noChange.changes, []);
    });

    it('deletes an instance (204), then knows it no more (404)', async () => {
      const deleted = await t.call('DELETE', '/v1/instances/locked', { key: t.keys.admin });
      assert.equal(deleted.status, 204);
      await contractProblem(await t.call('GET', '/v1/instances/locked', { key: t.keys.read }), 404, 'not-found');
      await contractProblem(await t.call('DELETE', '/v1/instances/locked', { key: t.keys.admin }), 404, 'not-found');
    });
  });
}
