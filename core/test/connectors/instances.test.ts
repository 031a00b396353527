import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HubError, SchemaRegistry } from '@omnihub/core';
import { STORE_FACTORIES, type TestStore } from '@omnihub/core/testing';
import { InstanceStore, SECRET_MASK, SecretBox } from '../../src/connectors/index.ts';
import { shopConfig, shopRegistry, TEST_KEY } from './support.ts';

/** Asserts `promise` rejects with a HubError of `code` whose field errors include `paths`. */
async function rejectsWith(promise: Promise<unknown>, code: string, paths: string[] = [], detail?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof HubError, String(error));
    assert.equal(error.code, code, error.message);
    for (const path of paths) assert.ok(error.errors.some((e) => e.path === path), `${path} in ${JSON.stringify(error.errors)}`);
    if (detail !== undefined) assert.match(error.message, detail);
    return true;
  });
}

for (const factory of STORE_FACTORIES) {
  describe(`connector instances on ${factory.name}`, () => {
    let t: TestStore;
    let instances: InstanceStore;
    before(async () => {
      t = await factory.open();
      instances = new InstanceStore({ store: t.store, connectors: shopRegistry(await SchemaRegistry.load()), secretKey: TEST_KEY });
    });
    after(async () => {
      await t.dispose();
    });

    it('creates an instance pinned to the newest release, with its secrets encrypted in the table', async () => {
      const created = await instances.create({ id: 'shop-eu', connectorId: 'shop', config: shopConfig('https://shop.example'), mappingOverrides: { 'push-level': '{ "sku": level.sku }' }, pollIntervals: { 'stock-feed': 5 } });
      assert.equal(created.version, '2.0.0');
      assert.equal(created.previousVersion, null);
      assert.equal(created.state, 'enabled');
      assert.deepEqual(created.pollIntervals, { 'stock-feed': 5 });
      const { rows } = await t.store.query<{ config: Record<string, unknown> }>("select config from connector_instances where id = 'shop-eu'");
      const stored = rows[0]?.config ?? {};
      const text = JSON.stringify(stored);
      assert.doesNotMatch(text, /tok_live_ABCDEF123456|whsec_0123456789abcdef|cs_live_SECRET987/);
      assert.ok(SecretBox.isEncrypted(stored['apiToken']));
      assert.ok(SecretBox.isEncrypted(stored['webhookSecret']));
      assert.ok(SecretBox.isEncrypted((stored['auth'] as Record<string, unknown>)['clientSecret']));
      assert.equal(stored['baseUrl'], 'https://shop.example');
      assert.equal((stored['auth'] as Record<string, unknown>)['clientId'], 'client-1');
      assert.deepEqual(instances.secretFields(created), ['/apiToken', '/auth/clientSecret', '/webhookSecret']);
    });

    it('shows secrets masked and decrypts them only for a connector context', async () => {
      const instance = await instances.require('shop-eu');
      const masked = instances.masked(instance);
      assert.equal(masked.config['apiToken'], SECRET_MASK);
      assert.equal((masked.config['auth'] as Record<string, unknown>)['clientSecret'], SECRET_MASK);
      assert.equal(masked.config['baseUrl'], 'https://shop.example');
      assert.deepEqual(await instances.decryptedConfig(instance), shopConfig('https://shop.example'));
    });

    it('refuses an invalid instance with JSON pointers to every broken rule', async () => {
      await rejectsWith(instances.create({ id: 'Shop EU', connectorId: 'shop', config: shopConfig('https://x.example') }), 'validation-failed', ['/id']);
      await rejectsWith(instances.create({ id: 'shop-x', connectorId: 'shop', config: { baseUrl: 'not a url', apiToken: 'short', extra: 1 } }), 'validation-failed', ['/config/baseUrl', '/config/apiToken', '/config/webhookSecret', '/config/extra']);
      await rejectsWith(instances.create({ id: 'shop-x', connectorId: 'shop', version: '9.0.0', config: {} }), 'validation-failed', ['/version'], /shop@9\.0\.0 is not installed \(installed: 2\.0\.0, 1\.0\.0\)/);
      await rejectsWith(instances.create({ id: 'shop-x', connectorId: 'nope', config: {} }), 'validation-failed', ['/connectorId'], /no connector "nope" is installed/);
      await rejectsWith(
        instances.create({ id: 'shop-x', connectorId: 'shop', config: shopConfig('https://x.example'), mappingOverrides: { teleport: 'x' }, pollIntervals: { 'stock-moves': 5, 'stock-feed': 0 } }),
        'validation-failed',
        ['/mappingOverrides/teleport', '/pollIntervals/stock-moves', '/pollIntervals/stock-feed'],
      );
      await rejectsWith(instances.create({ id: 'shop-eu', connectorId: 'shop', config: shopConfig('https://x.example') }), 'conflict', [], /instance "shop-eu" already exists/);
      assert.deepEqual((await instances.list()).map((i) => i.id), ['shop-eu']);
    });

    it('updates the config, keeping a secret sent back masked and re-encrypting a new one', async () => {
      const before = await instances.require('shop-eu');
      const masked = instances.masked(before).config;
      const updated = await instances.update('shop-eu', { config: { ...masked, baseUrl: 'https://shop2.example', apiToken: 'tok_live_NEWNEWNEW' } });
      const config = await instances.decryptedConfig(updated);
      assert.equal(config['baseUrl'], 'https://shop2.example');
      assert.equal(config['apiToken'], 'tok_live_NEWNEWNEW');
      assert.equal(config['webhookSecret'], 'whsec_0123456789abcdef', 'masked secret kept');
      assert.equal((config['auth'] as Record<string, unknown>)['clientSecret'], 'cs_live_SECRET987', 'nested masked secret kept');
      assert.notEqual(updated.config['webhookSecret'], undefined);
      assert.ok(Date.parse(updated.updatedAt) >= Date.parse(before.updatedAt));
      await rejectsWith(instances.update('shop-eu', { config: { ...masked, auth: { clientSecret: SECRET_MASK }, extra: SECRET_MASK } }), 'validation-failed', ['/config/extra']);
      const withoutAuth = await instances.update('shop-eu', { config: { baseUrl: 'https://shop2.example', apiToken: SECRET_MASK, webhookSecret: SECRET_MASK } });
      assert.equal((await instances.decryptedConfig(withoutAuth))['auth'], undefined);
      await rejectsWith(instances.update('shop-eu', { config: { baseUrl: 'https://shop2.example', apiToken: SECRET_MASK, webhookSecret: SECRET_MASK, auth: { clientSecret: SECRET_MASK } } }), 'validation-failed', ['/config/auth/clientSecret'], /is masked \(\*{8}\) but no secret is stored there to keep/);
    });

    it('records the previous version on an upgrade or downgrade, for rollback', async () => {
      const down = await instances.update('shop-eu', { version: '1.0.0' });
      assert.equal(down.version, '1.0.0');
      assert.equal(down.previousVersion, '2.0.0');
      assert.equal((await instances.decryptedConfig(down))['apiToken'], 'tok_live_NEWNEWNEW', 'the config is carried over');
      const back = await instances.update('shop-eu', { version: down.previousVersion ?? '' });
      assert.equal(back.version, '2.0.0');
      assert.equal(back.previousVersion, '1.0.0');
      const same = await instances.update('shop-eu', { pollIntervals: {} });
      assert.equal(same.previousVersion, '1.0.0', 'a change without a new version keeps the rollback target');
    });

    it('sets states with reasons, and deletes an instance with its cursors', async () => {
      const paused = await instances.setState('shop-eu', 'paused', 'authentication: token revoked');
      assert.equal(paused.state, 'paused');
      assert.equal(paused.stateReason, 'authentication: token revoked');
      const resumed = await instances.setState('shop-eu', 'enabled', 'ignored');
      assert.equal(resumed.stateReason, null);
      await t.store.query("insert into connector_cursors (instance_id, key, value) values ('shop-eu', 'poll:stock-feed', '42')");
      assert.equal(await instances.delete('shop-eu'), true);
      assert.equal(await instances.delete('shop-eu'), false);
      assert.equal(await instances.get('shop-eu'), undefined);
      assert.equal((await t.store.query("select 1 from connector_cursors where instance_id = 'shop-eu'")).rowCount, 0);
      await rejectsWith(instances.setState('shop-eu', 'paused', 'x'), 'not-found');
      await rejectsWith(instances.require('shop-eu'), 'not-found', [], /no connector instance "shop-eu"/);
    });

    it('cannot read secrets written with another key', async () => {
      await instances.create({ id: 'shop-keyed', connectorId: 'shop', config: shopConfig('https://shop.example') });
      const other = new InstanceStore({ store: t.store, connectors: shopRegistry(await SchemaRegistry.load()), secretKey: () => Promise.resolve(Buffer.alloc(32, 9)) });
      await assert.rejects(other.decryptedConfig(await other.require('shop-keyed')), /instance shop-keyed \/apiToken was encrypted with another key/);
      const failing = new InstanceStore({ store: t.store, connectors: shopRegistry(await SchemaRegistry.load()), secretKey: () => Promise.reject(new Error('OMNIHUB_SECRET_KEY is required')) });
      await assert.rejects(failing.create({ id: 'shop-nokey', connectorId: 'shop', config: shopConfig('https://shop.example') }), /OMNIHUB_SECRET_KEY is required/);
      assert.equal(await instances.get('shop-nokey'), undefined);
      await instances.delete('shop-keyed');
    });
  });
}
