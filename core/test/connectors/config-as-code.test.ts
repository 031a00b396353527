import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { HubError, SchemaRegistry } from '@omnihub/core';
import { STORE_FACTORIES, type TestStore } from '@omnihub/core/testing';
import {
  CONFIG_API_VERSION,
  ConfigAsCode,
  configDocumentErrors,
  ConnectorRegistry,
  exportConfig,
  InstanceStore,
  loadConnectorPackage,
  loadDefinition,
  parseConfigYaml,
  resolveEnvReferences,
  secretEnvName,
  SECRET_MASK,
  SecretBox,
  stringifyConfigYaml,
  type ConfigDocument,
  type ConfigPlan,
  type InstanceDeclaration,
} from '../../src/connectors/index.ts';
import { MappingCatalog } from '../../src/mappings/index.ts';
import { shopConnector } from './fixtures/shop-connector.ts';
import { SHOP_MAPPINGS_DIR, TEST_KEY } from './support.ts';

const HTTP_1 = fileURLToPath(new URL('../../../connectors/http/', import.meta.url));
const HTTP_2 = fileURLToPath(new URL('../../../connectors/http/versions/2.0.0/', import.meta.url));
const FILE_DROP = fileURLToPath(new URL('../../../connectors/file-drop/', import.meta.url));

const ERP_SECRET = 'whsec_erp_0123456789abcdef';
const SHOP_SECRET = 'whsec_shop_0123456789abcdef';

function document(instances: InstanceDeclaration[]): ConfigDocument {
  return { apiVersion: CONFIG_API_VERSION, instances };
}

/** Two http instances, one pinned to each installed major. */
function twoInstances(): InstanceDeclaration[] {
  return [
    { id: 'erp-orders', connector: 'http', version: '1.0.0', config: { baseUrl: 'https://erp.example.com/api', authorization: 'Bearer erp-token-1', webhookSecret: ERP_SECRET } },
    { id: 'shop-events', connector: 'http', version: '2.0.0', config: { baseUrl: 'https://shop.example.com', webhookSecret: SHOP_SECRET }, mappings: { request: '{ "method": "POST", "path": "/events", "body": $ }' } },
  ];
}

async function rejectsWith(promise: Promise<unknown>, code: string, paths: string[] = [], detail?: RegExp): Promise<HubError> {
  let caught: HubError | undefined;
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof HubError, String(error));
    assert.equal(error.code, code, error.message);
    for (const path of paths) assert.ok(error.errors.some((e) => e.path === path), `${path} in ${JSON.stringify(error.errors)}`);
    if (detail !== undefined) assert.match(error.message, detail);
    caught = error;
    return true;
  });
  assert.ok(caught);
  return caught;
}

function change(plan: ConfigPlan, id: string) {
  const found = plan.changes.find((c) => c.id === id);
  assert.ok(found, `no change for ${id} in ${JSON.stringify(plan.changes)}`);
  return found;
}

describe('config files', () => {
  it('resolves ${ENV} references in configs only, reports missing ones by pointer, and reads $${ as a literal', () => {
    const doc = document([
      { id: 'erp', connector: 'http', config: { authorization: 'Bearer ${ERP_TOKEN}', headers: { 'x-note': 'costs $${PRICE}' }, list: ['${ERP_TOKEN}'] }, mappings: { request: '${NOT_ME}' } },
      { id: 'shop', connector: 'http', config: { webhookSecret: '${SHOP_SECRET}', other: '${ALSO_MISSING}' } },
    ]);
    const { document: resolved, missing, used } = resolveEnvReferences(doc, { ERP_TOKEN: 't0k' });
    assert.deepEqual(resolved.instances[0]?.config, { authorization: 'Bearer t0k', headers: { 'x-note': 'costs ${PRICE}' }, list: ['t0k'] });
    assert.deepEqual(resolved.instances[0]?.mappings, { request: '${NOT_ME}' }, 'mapping expressions are not touched');
    assert.deepEqual(missing, [
      { path: '/instances/1/config/webhookSecret', name: 'SHOP_SECRET' },
      { path: '/instances/1/config/other', name: 'ALSO_MISSING' },
    ]);
    assert.deepEqual(used, ['ERP_TOKEN']);
    assert.equal(doc.instances[0]?.config?.['authorization'], 'Bearer ${ERP_TOKEN}', 'the input is left as it was');
  });

  it('exports a literal ${ so that it reads back as itself', () => {
    const stored = { id: 'notes', connectorId: 'http', version: '1.0.0', previousVersion: null, config: { baseUrl: 'https://x.example', headers: { 'x-note': 'costs ${PRICE}' } }, mappingOverrides: {}, pollIntervals: {}, state: 'enabled' as const, stateReason: null, createdAt: '', updatedAt: '' };
    const { document: exported } = exportConfig([stored], { secrets: 'env' });
    assert.deepEqual(exported.instances[0]?.config?.['headers'], { 'x-note': 'costs $${PRICE}' });
    assert.deepEqual(resolveEnvReferences(exported, {}).document.instances[0]?.config, stored.config);
  });

  it('names environment variables after the instance and the field', () => {
    assert.equal(secretEnvName('erp-orders', '/webhookSecret'), 'ERP_ORDERS_WEBHOOK_SECRET');
    assert.equal(secretEnvName('shop-eu', '/auth/clientSecret'), 'SHOP_EU_AUTH_CLIENT_SECRET');
    assert.equal(secretEnvName('x1', '/keys/0'), 'X1_KEYS_0');
  });

  it('names the apiVersion expected and the one given', () => {
    assert.deepEqual(configDocumentErrors({ apiVersion: 'omnihub/v2', instances: [] }), [{ path: '/apiVersion', message: `must be ${CONFIG_API_VERSION}, got "omnihub/v2"`, keyword: 'const' }]);
    assert.deepEqual(configDocumentErrors({ apiVersion: 2, instances: [] }).map((e) => e.message), [`must be ${CONFIG_API_VERSION}, got 2`]);
    assert.deepEqual(configDocumentErrors({ apiVersion: CONFIG_API_VERSION, instances: [] }), []);
  });

  it('parses YAML with the line of a syntax error, and writes it back', () => {
    const text = stringifyConfigYaml(document(twoInstances()));
    assert.deepEqual(parseConfigYaml(text), document(twoInstances()));
    assert.throws(() => parseConfigYaml('apiVersion: omnihub.dev/v1\ninstances:\n  - id: [unclosed\n', 'omnihub.yaml'), /^Error: omnihub\.yaml is not valid YAML at line \d+, column \d+: /);
    assert.throws(() => parseConfigYaml('a: 1\na: 2\n', 'dup.yaml'), /dup\.yaml is not valid YAML .*unique/i);
  });
});

for (const factory of STORE_FACTORIES) {
  describe(`config as code on ${factory.name}`, () => {
    let t: TestStore;
    let instances: InstanceStore;
    let code: ConfigAsCode;

    before(async () => {
      t = await factory.open();
      const schemas = await SchemaRegistry.load();
      const connectors = new ConnectorRegistry([
        await loadConnectorPackage(HTTP_1, { schemas }),
        await loadConnectorPackage(HTTP_2, { schemas, origin: 'plugin' }),
        await loadConnectorPackage(FILE_DROP, { schemas }),
        loadDefinition(shopConnector('1.0.0'), { schemas }),
        loadDefinition(shopConnector('2.0.0'), { schemas }),
      ]);
      instances = new InstanceStore({ store: t.store, connectors, secretKey: TEST_KEY });
      code = new ConfigAsCode({ store: t.store, connectors, secretKey: TEST_KEY, mappings: await MappingCatalog.load(SHOP_MAPPINGS_DIR) });
    });
    after(async () => {
      await t.dispose();
    });

    it('plans the creation of two instances field by field, secrets masked, and changes nothing', async () => {
      const plan = await code.plan(document(twoInstances()));
      assert.deepEqual(plan.summary, { create: 2, update: 0, delete: 0, unchanged: 0 });
      assert.equal(plan.applied, false);
      assert.match(plan.digest, /^[0-9a-f]{64}$/);
      const erp = change(plan, 'erp-orders');
      assert.deepEqual({ action: erp.action, connector: erp.connector, version: erp.version }, { action: 'create', connector: 'http', version: '1.0.0' });
      assert.deepEqual(erp.fields, [
        { path: '/version', after: '1.0.0' },
        { path: '/enabled', after: true },
        { path: '/config/baseUrl', after: 'https://erp.example.com/api' },
        { path: '/config/authorization', after: SECRET_MASK, secret: true },
        { path: '/config/webhookSecret', after: SECRET_MASK, secret: true },
      ]);
      assert.deepEqual(change(plan, 'shop-events').fields.at(-1), { path: '/mappings/request', after: '{ "method": "POST", "path": "/events", "body": $ }' });
      assert.doesNotMatch(JSON.stringify(plan), /erp-token-1|whsec_/);
      assert.deepEqual(await instances.list(), []);
    });

    it('applies in one go, each instance pinned to its version, secrets encrypted', async () => {
      const plan = await code.apply(document(twoInstances()));
      assert.equal(plan.applied, true);
      assert.deepEqual(plan.summary, { create: 2, update: 0, delete: 0, unchanged: 0 });
      const erp = await instances.require('erp-orders');
      const shop = await instances.require('shop-events');
      assert.deepEqual([erp.version, shop.version], ['1.0.0', '2.0.0']);
      assert.ok(SecretBox.isEncrypted(erp.config['webhookSecret']));
      assert.equal((await instances.decryptedConfig(erp))['authorization'], 'Bearer erp-token-1');
      assert.deepEqual(shop.mappingOverrides, { request: '{ "method": "POST", "path": "/events", "body": $ }' });
    });

    it('applying the same file again changes nothing: the plan is empty and no row is written', async () => {
      const before = await instances.list();
      const plan = await code.plan(document(twoInstances()));
      assert.deepEqual(plan.changes, []);
      assert.deepEqual(plan.unchanged, ['erp-orders', 'shop-events']);
      const applied = await code.apply(document(twoInstances()));
      assert.deepEqual({ changes: applied.changes, applied: applied.applied }, { changes: [], applied: true });
      assert.deepEqual(await instances.list(), before);
    });

    it('plans updates field by field: a changed URL, a changed secret (masked), overrides, and switching off', async () => {
      const [erp, shop] = twoInstances();
      assert.ok(erp && shop);
      const edited = document([
        { ...erp, enabled: false, config: { ...erp.config, baseUrl: 'https://erp2.example.com/api', webhookSecret: 'whsec_erp_rotated_000000' } },
        { ...shop, mappings: {}, pollIntervals: {} },
      ]);
      const plan = await code.plan(edited);
      assert.deepEqual(plan.summary, { create: 0, update: 2, delete: 0, unchanged: 0 });
      assert.deepEqual(change(plan, 'erp-orders').fields, [
        { path: '/enabled', before: true, after: false },
        { path: '/config/baseUrl', before: 'https://erp.example.com/api', after: 'https://erp2.example.com/api' },
        { path: '/config/webhookSecret', before: SECRET_MASK, after: SECRET_MASK, secret: true },
      ]);
      assert.deepEqual(change(plan, 'shop-events').fields, [{ path: '/mappings/request', before: '{ "method": "POST", "path": "/events", "body": $ }' }]);
      await code.apply(edited);
      const stored = await instances.require('erp-orders');
      assert.equal(stored.state, 'disabled');
      assert.equal((await instances.decryptedConfig(stored))['webhookSecret'], 'whsec_erp_rotated_000000');
      assert.deepEqual((await instances.require('shop-events')).mappingOverrides, {});
      assert.deepEqual((await code.plan(edited)).changes, []);
      await code.apply(document(twoInstances()));
    });

    it('reads ******** as "keep the stored secret", and refuses it where no secret is stored', async () => {
      const [erp, shop] = twoInstances();
      assert.ok(erp && shop);
      const masked = document([{ ...erp, config: { ...erp.config, authorization: SECRET_MASK, webhookSecret: SECRET_MASK } }, shop]);
      assert.deepEqual((await code.plan(masked)).changes, []);
      await rejectsWith(code.plan(document([...twoInstances(), { id: 'new-one', connector: 'http', config: { baseUrl: 'https://x.example', webhookSecret: SECRET_MASK } }])), 'validation-failed', ['/instances/2/config/webhookSecret'], /no secret is stored there to keep/);
    });

    it('plans a version change with the breaking changes it crosses, and applies it with the old version kept for rollback', async () => {
      const [erp, shop] = twoInstances();
      assert.ok(erp && shop);
      const upgraded = document([{ ...erp, version: '2.0.0' }, shop]);
      const plan = await code.plan(upgraded);
      const entry = change(plan, 'erp-orders');
      assert.deepEqual(entry.fields, [{ path: '/version', before: '1.0.0', after: '2.0.0' }]);
      assert.equal(entry.fromVersion, '1.0.0');
      assert.equal(entry.breakingChanges?.[0]?.major, 2);
      assert.match(entry.breakingChanges?.[0]?.changes[0] ?? '', /omnihub-signature/);
      await code.apply(upgraded);
      const stored = await instances.require('erp-orders');
      assert.deepEqual([stored.version, stored.previousVersion], ['2.0.0', '1.0.0']);
      assert.equal((await instances.decryptedConfig(stored))['webhookSecret'], ERP_SECRET);
      await code.apply(document(twoInstances()));
      assert.equal((await instances.require('erp-orders')).version, '1.0.0');
    });

    it("runs the new version's mapping checks on a version change, and refuses the file when one fails", async () => {
      const shop: InstanceDeclaration = { id: 'shop-eu', connector: 'shop', version: '1.0.0', config: { baseUrl: 'https://shop.example', apiToken: 'tok_live_123456', webhookSecret: 'whsec_12345678' }, mappings: { 'push-level': '{ "sku": level.sku }' } };
      await code.apply(document([...twoInstances(), shop]));
      const upgraded = document([...twoInstances(), { ...shop, version: '2.0.0' }]);
      const planned = change(await code.plan(upgraded), 'shop-eu');
      assert.deepEqual(planned.mappingChecks?.map((c) => [c.capability, c.kind, c.passed]), [
        ['stock-moves', 'fixtures', true],
        ['stock-feed', 'fixtures', true],
        ['push-level', 'fixtures', true],
        ['push-level', 'override', false],
      ]);
      await rejectsWith(code.apply(upgraded), 'validation-failed', ['/instances/2/version'], /the override of push-level fails on shop@2\.0\.0/);
      assert.equal((await instances.require('shop-eu')).version, '1.0.0');
      const fixed = document([...twoInstances(), { ...shop, version: '2.0.0', mappings: {} }]);
      assert.ok(change(await code.plan(fixed), 'shop-eu').mappingChecks?.every((c) => c.passed));
      await code.apply(fixed);
      assert.equal((await instances.require('shop-eu')).version, '2.0.0');
      await code.apply(document(twoInstances()), { prune: true });
    });

    it('leaves instances the file does not declare alone, unless pruning, which deletes them', async () => {
      await instances.create({ id: 'by-hand', connectorId: 'http', config: { baseUrl: 'https://hand.example' } });
      const kept = await code.plan(document(twoInstances()));
      assert.deepEqual({ changes: kept.changes, unmanaged: kept.unmanaged, prune: kept.prune }, { changes: [], unmanaged: ['by-hand'], prune: false });
      const pruning = await code.plan(document(twoInstances()), { prune: true });
      assert.deepEqual(pruning.changes, [{ id: 'by-hand', action: 'delete', connector: 'http', version: '2.0.0', fields: [] }]);
      assert.deepEqual(pruning.unmanaged, []);
      await code.apply(document(twoInstances()), { prune: true });
      assert.equal(await instances.get('by-hand'), undefined);
    });

    it('refuses an apply whose plan changed since it was shown, changing nothing', async () => {
      const [erp, shop] = twoInstances();
      assert.ok(erp && shop);
      const edited = document([{ ...erp, config: { ...erp.config, baseUrl: 'https://erp3.example.com' } }, shop]);
      const shown = await code.plan(edited);
      await instances.update('erp-orders', { config: { ...instances.masked(await instances.require('erp-orders')).config, baseUrl: 'https://elsewhere.example' } });
      await rejectsWith(code.apply(edited, { planDigest: shown.digest }), 'conflict', [], /the instances changed since the plan was made/);
      assert.equal((await instances.decryptedConfig(await instances.require('erp-orders')))['baseUrl'], 'https://elsewhere.example');
      const fresh = await code.plan(edited);
      assert.equal((await code.apply(edited, { planDigest: fresh.digest })).applied, true);
      await code.apply(document(twoInstances()));
    });

    it('validates the whole file first, every problem by pointer, and applies nothing of an invalid file', async () => {
      await rejectsWith(code.plan({ apiVersion: 'v0', instances: [{ id: 'x', connector: 'http', colour: 'red' }] }), 'validation-failed', ['/apiVersion', '/instances/0/colour']);
      const error = await rejectsWith(
        code.apply(
          document([
            { id: 'Bad Id', connector: 'http', config: { baseUrl: 'https://x.example' } },
            { id: 'ghost', connector: 'teleport' },
            { id: 'too-new', connector: 'http', version: '9.0.0' },
            { id: 'broken', connector: 'http', config: { baseUrl: 'not a url', webhookSecret: 'short', extra: 1 }, mappings: { teleport: '$' }, pollIntervals: { events: 5 } },
            { id: 'erp-orders', connector: 'file-drop', config: {} },
            { id: 'fine', connector: 'http', config: { baseUrl: 'https://fine.example' } },
            { id: 'fine', connector: 'http', config: { baseUrl: 'https://fine.example' } },
          ]),
        ),
        'validation-failed',
        [
          '/instances/0/id',
          '/instances/1/connector',
          '/instances/2/version',
          '/instances/3/config/baseUrl',
          '/instances/3/config/webhookSecret',
          '/instances/3/config/extra',
          '/instances/3/mappings/teleport',
          '/instances/3/pollIntervals/events',
          '/instances/4/connector',
          '/instances/6/id',
        ],
      );
      assert.match(error.message, /http@9\.0\.0 is not installed \(installed: 2\.0\.0, 1\.0\.0\)/);
      assert.match(error.message, /instance "erp-orders" is a http instance and cannot become file-drop/);
      assert.match(error.message, /"fine" is declared twice \(first at \/instances\/5\)/);
      assert.equal(await instances.get('fine'), undefined);
    });

    it('reports unknown keys together with every other problem of the file', async () => {
      const error = await rejectsWith(
        code.plan({
          apiVersion: 'omnihub/v2',
          colour: 'red',
          instances: [
            { id: 'typo', connector: 'http', conector: 'http', config: { baseUrl: 'https://typo.example', timeoutMs: 5 } },
            { id: 'enum', connector: 'http', config: { events: ['bogus@1'] } },
            { id: 'shape', connector: 'http', enabled: 'maybe', config: 'not an object' },
          ],
        }),
        'validation-failed',
        ['/apiVersion', '/colour', '/instances/0/conector', '/instances/0/config/timeoutMs', '/instances/1/config/baseUrl', '/instances/1/config/events/0', '/instances/2/enabled', '/instances/2/config'],
      );
      assert.match(error.message, new RegExp(`/apiVersion must be ${CONFIG_API_VERSION.replaceAll('.', '\\.')}, got "omnihub/v2" \\(const\\)`));
      assert.equal(error.errors.filter((e) => e.path.startsWith('/instances/2/')).length, 2, 'a declaration of the wrong shape is not checked against its connector');
      assert.equal(new Set(error.errors.map((e) => `${e.path} ${e.message}`)).size, error.errors.length, 'each problem once');
    });

    it('exports the instances as a file that applies back to no change, secrets as env references or masked', async () => {
      await instances.setState('shop-events', 'paused', 'authentication: key revoked');
      const { document: exported, secrets } = await code.export({ secrets: 'env' });
      assert.equal(exported.apiVersion, CONFIG_API_VERSION);
      assert.deepEqual(exported.instances.map((i) => [i.id, i.connector, i.version, i.enabled]), [
        ['erp-orders', 'http', '1.0.0', true],
        ['shop-events', 'http', '2.0.0', true],
      ]);
      assert.deepEqual(exported.instances[0]?.config, { baseUrl: 'https://erp.example.com/api', authorization: '${ERP_ORDERS_AUTHORIZATION}', webhookSecret: '${ERP_ORDERS_WEBHOOK_SECRET}' });
      assert.deepEqual(secrets.map((s) => s.env), ['ERP_ORDERS_AUTHORIZATION', 'ERP_ORDERS_WEBHOOK_SECRET', 'SHOP_EVENTS_WEBHOOK_SECRET']);
      assert.doesNotMatch(stringifyConfigYaml(exported), /enc:v1|whsec_|erp-token/);
      const env = { ERP_ORDERS_AUTHORIZATION: 'Bearer erp-token-1', ERP_ORDERS_WEBHOOK_SECRET: ERP_SECRET, SHOP_EVENTS_WEBHOOK_SECRET: SHOP_SECRET };
      const roundTrip = resolveEnvReferences(parseConfigYaml(stringifyConfigYaml(exported)), env);
      assert.deepEqual(roundTrip.missing, []);
      assert.deepEqual((await code.plan(roundTrip.document)).changes, [], 'a paused instance stays paused: enabled: true leaves it alone');

      const masked = await code.export({ secrets: 'masked' });
      assert.deepEqual(masked.secrets, []);
      assert.equal(masked.document.instances[1]?.config?.['webhookSecret'], SECRET_MASK);
      assert.deepEqual((await code.plan(masked.document)).changes, []);
      assert.equal((await instances.require('shop-events')).state, 'paused');
    });
  });
}
