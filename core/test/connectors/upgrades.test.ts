import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { defineConnector, type ConnectorManifest } from '@omnihub/connector-sdk';
import { HubError, SchemaRegistry } from '@omnihub/core';
import { STORE_FACTORIES, type TestStore } from '@omnihub/core/testing';
import { MappingCatalog } from '../../src/mappings/index.ts';
import { breakingChangesBetween, checkMappings, ConnectorRegistry, InstanceStore, InstanceUpgrades, loadConnectorPackage, loadDefinition, SECRET_MASK, SecretBox, type LoadedConnector } from '../../src/connectors/index.ts';
import { shopConnector } from './fixtures/shop-connector.ts';
import { SHOP_MAPPINGS_DIR, TEST_KEY } from './support.ts';

const HTTP_1 = fileURLToPath(new URL('../../../connectors/http/', import.meta.url));
const HTTP_2 = fileURLToPath(new URL('../../../connectors/http/versions/2.0.0/', import.meta.url));

/** "relay": a connector whose 2.0.0 requires a config field that was optional in 1.0.0. */
function relay(version: '1.0.0' | '2.0.0') {
  const manifest: ConnectorManifest = {
    id: 'relay',
    version,
    name: 'Relay',
    kind: 'generic',
    vendorApiVersion: `relay-${version.slice(0, 1)}`,
    capabilities: { actions: [{ name: 'send', consumes: ['order.created@1'], vendorPayload: 'relay.Order' }] },
    configSchema: {
      type: 'object',
      additionalProperties: false,
      required: version === '1.0.0' ? ['endpoint', 'token'] : ['endpoint', 'token', 'region'],
      properties: {
        endpoint: { type: 'string', format: 'uri' },
        token: { type: 'string', minLength: 8, 'x-omnihub-secret': true },
        region: { enum: ['eu', 'us'] },
      },
    },
    allowedHosts: [],
    allowedHostsFromConfig: ['endpoint'],
    compatibility: { sdk: '^0.1.0', canonical: { 'order.created': '^1' } },
    ...(version === '2.0.0' ? { breakingChanges: { '2': ['region is required: the relay routes by data residency'] } } : {}),
  };
  return defineConnector({ manifest, actions: { send: { execute: () => Promise.resolve({}) } } });
}

/** "shelf": a shop-like connector naming a mapping the hub does not have. */
function shelf() {
  const base = shopConnector('3.0.0');
  return defineConnector({
    ...base,
    manifest: { ...base.manifest, id: 'shelf', capabilities: { actions: [{ name: 'push-level', consumes: ['inventory.level.changed@1'], vendorPayload: 'shop.LevelUpdate', mapping: 'shelf.no-such-mapping' }] } },
    webhooks: {},
    pollers: {},
  });
}

/** Asserts `promise` rejects with a HubError of `code`, pointers `paths`, message matching `detail`. */
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

const HTTP_CONFIG = { baseUrl: 'https://erp.example.com/api', authorization: 'Bearer erp-token-123', webhookSecret: 'whsec_upgrade_0123456789' };

describe('breaking changes between versions', () => {
  it('lists the majors crossed either way, from the newer manifest first', async () => {
    const schemas = await SchemaRegistry.load();
    const one = loadDefinition(relay('1.0.0'), { schemas }).manifest;
    const two = loadDefinition(relay('2.0.0'), { schemas }).manifest;
    assert.deepEqual(breakingChangesBetween(one, two), [{ major: 2, changes: ['region is required: the relay routes by data residency'] }]);
    assert.deepEqual(breakingChangesBetween(two, one), [{ major: 2, changes: ['region is required: the relay routes by data residency'] }], 'a downgrade undoes the same changes');
    assert.deepEqual(breakingChangesBetween(undefined, two, '1.4.0'), [{ major: 2, changes: ['region is required: the relay routes by data residency'] }]);
    assert.deepEqual(breakingChangesBetween(one, { ...one, version: '1.1.0' }), [], 'a minor crosses no major');
  });
});

for (const factory of STORE_FACTORIES) {
  describe(`instance upgrades on ${factory.name}`, () => {
    let t: TestStore;
    let instances: InstanceStore;
    let upgrades: InstanceUpgrades;

    before(async () => {
      t = await factory.open();
      const schemas = await SchemaRegistry.load();
      const loaded: LoadedConnector[] = [
        await loadConnectorPackage(HTTP_1, { schemas }),
        await loadConnectorPackage(HTTP_2, { schemas, origin: 'plugin' }),
        loadDefinition(relay('1.0.0'), { schemas }),
        loadDefinition(relay('2.0.0'), { schemas }),
        loadDefinition(shopConnector('1.0.0'), { schemas }),
        loadDefinition(shopConnector('2.0.0'), { schemas }),
        loadDefinition(shelf(), { schemas }),
      ];
      const connectors = new ConnectorRegistry(loaded);
      instances = new InstanceStore({ store: t.store, connectors, secretKey: TEST_KEY });
      upgrades = new InstanceUpgrades({ store: t.store, connectors, secretKey: TEST_KEY, mappings: await MappingCatalog.load(SHOP_MAPPINGS_DIR) });
      await instances.create({ id: 'erp-v1', connectorId: 'http', version: '1.0.0', config: HTTP_CONFIG });
      await instances.create({ id: 'erp-v2', connectorId: 'http', version: '2.0.0', config: HTTP_CONFIG });
    });
    after(async () => {
      await t.dispose();
    });

    it('keeps two versions of http side by side, one instance pinned to each', async () => {
      assert.equal((await instances.require('erp-v1')).version, '1.0.0');
      assert.equal((await instances.require('erp-v2')).version, '2.0.0');
    });

    it('plans an upgrade without switching: config checked, breaking change listed', async () => {
      const { plan, applied, instance } = await upgrades.upgrade('erp-v1', '2.0.0', { dryRun: true });
      assert.equal(applied, false);
      assert.equal(instance.version, '1.0.0');
      assert.equal(instance.config['webhookSecret'], SECRET_MASK);
      assert.deepEqual({ from: plan.from, to: plan.to, direction: plan.direction, ready: plan.ready, configErrors: plan.configErrors, mappingChecks: plan.mappingChecks }, { from: '1.0.0', to: '2.0.0', direction: 'upgrade', ready: true, configErrors: [], mappingChecks: [] });
      assert.equal(plan.breakingChanges.length, 1);
      assert.equal(plan.breakingChanges[0]?.major, 2);
      assert.match(plan.breakingChanges[0]?.changes[0] ?? '', /omnihub-signature: t=<unix seconds>,v1=<hex>/);
      assert.deepEqual(plan.capabilities, { added: [], removed: [] });
      assert.equal((await instances.require('erp-v1')).version, '1.0.0');
    });

    it('upgrades, then rolls back, keeping the config and its secrets; a second rollback re-applies the upgrade', async () => {
      const upgraded = await upgrades.upgrade('erp-v1', '2.0.0');
      assert.equal(upgraded.applied, true);
      assert.equal(upgraded.instance.version, '2.0.0');
      assert.equal(upgraded.instance.previousVersion, '1.0.0');
      assert.equal(upgraded.instance.config['authorization'], SECRET_MASK);
      const stored = await instances.require('erp-v1');
      assert.ok(SecretBox.isEncrypted(stored.config['webhookSecret']));
      assert.deepEqual(await instances.decryptedConfig(stored), HTTP_CONFIG);

      const rolledBack = await upgrades.rollback('erp-v1');
      assert.equal(rolledBack.plan.direction, 'downgrade');
      assert.equal(rolledBack.plan.breakingChanges[0]?.major, 2, 'a rollback names the changes it undoes');
      assert.deepEqual({ version: rolledBack.instance.version, previous: rolledBack.instance.previousVersion }, { version: '1.0.0', previous: '2.0.0' });
      assert.deepEqual(await instances.decryptedConfig(await instances.require('erp-v1')), HTTP_CONFIG);

      const again = await upgrades.rollback('erp-v1', { dryRun: true });
      assert.deepEqual({ to: again.plan.to, applied: again.applied }, { to: '2.0.0', applied: false });
    });

    it('refuses what cannot be: unknown instance, same version, a version not installed, no previous version', async () => {
      await rejectsWith(upgrades.upgrade('nope', '2.0.0'), 'not-found', [], /no connector instance "nope"/);
      await rejectsWith(upgrades.upgrade('erp-v2', '2.0.0'), 'conflict', [], /already pins http@2\.0\.0/);
      await rejectsWith(upgrades.upgrade('erp-v2', '3.0.0'), 'validation-failed', ['/to'], /http@3\.0\.0 is not installed \(installed: 2\.0\.0, 1\.0\.0\)/);
      await rejectsWith(upgrades.rollback('erp-v2'), 'conflict', [], /"erp-v2" has no previous version to return to/);
    });

    it('refuses an upgrade whose config the new version refuses, naming the field; the dry run shows it', async () => {
      await instances.create({ id: 'relay-eu', connectorId: 'relay', version: '1.0.0', config: { endpoint: 'https://relay.example', token: 'tok_relay_123456' } });
      const { plan } = await upgrades.upgrade('relay-eu', '2.0.0', { dryRun: true });
      assert.equal(plan.ready, false);
      assert.deepEqual(plan.configErrors.map((e) => e.path), ['/config/region']);
      assert.deepEqual(plan.breakingChanges, [{ major: 2, changes: ['region is required: the relay routes by data residency'] }]);
      await rejectsWith(upgrades.upgrade('relay-eu', '2.0.0'), 'validation-failed', ['/config/region'], /upgrade of "relay-eu" to relay@2\.0\.0 is refused/);
      assert.equal((await instances.require('relay-eu')).version, '1.0.0');
      // Once the config has the field, the upgrade goes through.
      await instances.update('relay-eu', { config: { endpoint: 'https://relay.example', token: SECRET_MASK, region: 'eu' } });
      assert.equal((await upgrades.upgrade('relay-eu', '2.0.0')).instance.version, '2.0.0');
      assert.equal((await upgrades.rollback('relay-eu')).instance.version, '1.0.0');
    });

    it("runs the new version's mapping fixtures and the instance's overrides on them", async () => {
      await instances.create({ id: 'shop-eu', connectorId: 'shop', version: '1.0.0', config: { baseUrl: 'https://shop.example', apiToken: 'tok_live_123456', webhookSecret: 'whsec_12345678' } });
      const clean = await upgrades.upgrade('shop-eu', '2.0.0', { dryRun: true });
      assert.equal(clean.plan.ready, true);
      assert.deepEqual(
        clean.plan.mappingChecks.map((c) => [c.capability, c.kind, c.mapping, c.passed, c.cases]),
        [
          ['stock-moves', 'fixtures', 'shop.stock-move@1.0.0', true, 1],
          ['stock-feed', 'fixtures', 'shop.stock-move@1.0.0', true, 1],
          ['push-level', 'fixtures', 'shop.level-update@1.0.0', true, 1],
        ],
      );
      await instances.update('shop-eu', { mappingOverrides: { 'push-level': '{ "sku": level.sku }' } });
      const broken = await upgrades.upgrade('shop-eu', '2.0.0', { dryRun: true });
      assert.equal(broken.plan.ready, false);
      const override = broken.plan.mappingChecks.find((c) => c.kind === 'override');
      assert.equal(override?.passed, false);
      assert.match(override?.failures[0] ?? '', /level: .*location/);
      await rejectsWith(upgrades.upgrade('shop-eu', '2.0.0'), 'validation-failed', ['/mappings/push-level'], /the instance override fails on shop@2\.0\.0/);
    });

    it('fails the check of a mapping the hub does not have', async () => {
      const checks = await checkMappings(await MappingCatalog.load(SHOP_MAPPINGS_DIR), loadDefinition(shelf(), { schemas: await SchemaRegistry.load() }).manifest, {});
      assert.deepEqual(checks, [{ capability: 'push-level', kind: 'fixtures', mapping: 'shelf.no-such-mapping', passed: false, cases: 0, failures: ['the hub has no mapping shelf.no-such-mapping'] }]);
    });
  });
}
