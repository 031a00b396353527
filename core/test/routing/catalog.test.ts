import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { STORE_FACTORIES } from '../../src/testing/stores.ts';
import type { Store } from '../../src/store/store.ts';
import { HubError } from '../../src/errors/hub-error.ts';
import { SchemaRegistry } from '../../src/schema/registry.ts';
import { applyLocations, getLocation, listLocations, parseLocationsFile } from '../../src/locations/index.ts';
import {
  activateProfile,
  activeProfiles,
  assertProfileDefinition,
  createProfileVersion,
  deactivateProfile,
  listProfileVersions,
  parseProfileFile,
  parseProfileRef,
  selectProfile,
  updateDraft,
} from '../../src/routing/index.ts';
import { NETWORK, SHIP_PROFILE } from './support.ts';

const isCode = (code: string) => (error: unknown) => error instanceof HubError && error.code === code;

describe('routing profile definitions and conditions', () => {
  it('validates definitions with paths to the broken rule', () => {
    assert.doesNotThrow(() => assertProfileDefinition(SHIP_PROFILE));
    assert.throws(
      () => assertProfileDefinition({ priority: 1, criteria: [{ type: 'distance', maxKm: -5 }], split: { maxShipments: 0 } }, '/definition'),
      (error: unknown) => {
        assert.ok(error instanceof HubError);
        const paths = error.errors.map((e) => e.path);
        assert.ok(paths.includes('/definition/criteria/0/maxKm'), JSON.stringify(paths));
        assert.ok(paths.includes('/definition/split/maxShipments'));
        return true;
      },
    );
    assert.throws(() => assertProfileDefinition({ priority: 1, criteria: [{ type: 'stock' }, { type: 'stock' }], split: { maxShipments: 1 } }), isCode('validation-failed'));
    assert.throws(() => assertProfileDefinition({ priority: 1, criteria: [{ type: 'warp-speed' }], split: { maxShipments: 1 } }), isCode('validation-failed'));
  });

  it('parses id@version', () => {
    assert.deepEqual(parseProfileRef('de-standard@4'), { id: 'de-standard', version: 4 });
    assert.equal(parseProfileRef('de-standard'), undefined);
    assert.equal(parseProfileRef('de-standard@0'), undefined);
  });

  it('selects the first active profile, by priority, whose conditions hold', () => {
    const profile = (id: string, priority: number, rules: { path: string; operator: 'eq' | 'in' | 'gt' | 'exists' | 'starts-with'; value?: string | number | string[] }[], match: 'all' | 'any' = 'all') => ({
      id,
      version: 1,
      status: 'active' as const,
      createdAt: '2025-01-01T00:00:00Z',
      definition: { ...SHIP_PROFILE, priority, conditions: { match, rules } },
    });
    const profiles = [
      profile('fallback', 100, []),
      profile('vip', 1, [{ path: 'attributes.tier', operator: 'eq', value: 'gold' }, { path: 'totals.grandTotal.amount', operator: 'gt', value: 100 }]),
      profile('marketplace', 5, [{ path: 'channel', operator: 'starts-with', value: 'marketplace:' }, { path: 'deliveryMethod', operator: 'in', value: ['same-day'] }], 'any'),
    ];
    const order = (channel: string, amount: string, attributes: Record<string, string> = {}, deliveryMethod = 'ship') => ({ channel, deliveryMethod, totals: { grandTotal: { amount } }, attributes });
    assert.equal(selectProfile(profiles, order('web', '150.00', { tier: 'gold' }))?.id, 'vip');
    assert.equal(selectProfile(profiles, order('web', '50.00', { tier: 'gold' }))?.id, 'fallback');
    assert.equal(selectProfile(profiles, order('marketplace:amazon-de', '50.00'))?.id, 'marketplace');
    assert.equal(selectProfile(profiles, order('web', '50.00', {}, 'same-day'))?.id, 'marketplace');
    assert.equal(selectProfile(profiles.slice(1), order('web', '5.00')), undefined);
  });

  it('reads profile and location files', () => {
    const profile = parseProfileFile('id: de-standard\ncomment: first cut\ndefinition:\n  priority: 10\n  criteria: [{ type: stock }]\n  split: { maxShipments: 2 }\n');
    assert.equal(profile.id, 'de-standard');
    assert.deepEqual(profile.definition, { priority: 10, criteria: [{ type: 'stock' }], split: { maxShipments: 2 } });
    assert.throws(() => parseProfileFile('definition: {}'), /needs an "id"/);
    assert.equal(parseLocationsFile('locations:\n  - id: a\n  - id: b\n').length, 2);
    assert.equal(parseLocationsFile('- id: a\n').length, 1);
    assert.throws(() => parseLocationsFile('name: x'), /list of locations/);
    assert.throws(() => parseLocationsFile('locations: [oops'), /not valid YAML/);
  });
});

for (const factory of STORE_FACTORIES) {
  describe(`locations and profiles on ${factory.name}`, () => {
    let store: Store;
    let dispose: () => Promise<void>;
    let registry: SchemaRegistry;

    before(async () => {
      ({ store, dispose } = await factory.open());
      registry = await SchemaRegistry.load();
    });
    after(async () => {
      await dispose();
    });

    it('applies locations as code: plans, creates, updates, leaves alone and closes', async () => {
      const dryRun = await store.transaction((tx) => applyLocations(tx, registry, NETWORK, { dryRun: true }));
      assert.deepEqual(dryRun.summary, { create: 4, update: 0, unchanged: 0, close: 0 });
      assert.equal((await listLocations(store)).length, 0, 'a dry run changes nothing');
      await store.transaction((tx) => applyLocations(tx, registry, NETWORK));
      assert.equal((await listLocations(store)).length, 4);

      const changed = NETWORK.slice(0, 3).map((l) => (l.id === 'store-berlin' ? { ...l, status: 'paused' as const, dailyCapacity: 10 } : l));
      const plan = await store.transaction((tx) => applyLocations(tx, registry, changed, { prune: true }));
      assert.deepEqual(plan.summary, { create: 0, update: 1, unchanged: 2, close: 1 });
      assert.deepEqual(plan.changes.find((c) => c.id === 'store-berlin')?.fields, ['dailyCapacity', 'status']);
      assert.deepEqual(plan.changes.find((c) => c.action === 'close')?.id, 'wh-munich');
      assert.equal((await getLocation(store, 'wh-munich'))?.location.status, 'closed');
      assert.equal((await getLocation(store, 'store-berlin'))?.revision, 2);
      assert.deepEqual((await listLocations(store, { group: 'berlin', status: 'paused' })).map((l) => l.location.id), ['store-berlin']);

      const again = await store.transaction((tx) => applyLocations(tx, registry, changed, { prune: true }));
      assert.deepEqual(again.summary, { create: 0, update: 0, unchanged: 3, close: 0 });
    });

    it('refuses an invalid or repeated location without applying anything', async () => {
      const before = await listLocations(store);
      await assert.rejects(
        store.transaction((tx) => applyLocations(tx, registry, [{ ...NETWORK[0], id: 'new-one' }, { id: 'bad', name: 'x', type: 'moon-base', status: 'open', capabilities: [] }, NETWORK[0]])),
        (error: unknown) => {
          assert.ok(error instanceof HubError && error.code === 'validation-failed');
          const paths = error.errors.map((e) => e.path);
          assert.ok(paths.includes('/locations/1/type'), JSON.stringify(paths));
          return true;
        },
      );
      await assert.rejects(store.transaction((tx) => applyLocations(tx, registry, [NETWORK[0], NETWORK[0]])), (error: unknown) => error instanceof HubError && error.errors.some((e) => e.path === '/locations/1/id'));
      assert.deepEqual(await listLocations(store), before);
    });

    it('versions profiles: drafts are editable, activation retires the previous version, active versions are immutable', async () => {
      const v1 = await store.transaction((tx) => createProfileVersion(tx, { id: 'de-standard', definition: SHIP_PROFILE, actor: 'tests', comment: 'first' }));
      assert.deepEqual([v1.version, v1.status], [1, 'draft']);
      const edited = await store.transaction((tx) => updateDraft(tx, 'de-standard', 1, { ...SHIP_PROFILE, priority: 20 }, undefined));
      assert.equal(edited.definition.priority, 20);
      await store.transaction((tx) => activateProfile(tx, 'de-standard', 1));
      await assert.rejects(store.transaction((tx) => updateDraft(tx, 'de-standard', 1, SHIP_PROFILE, undefined)), isCode('conflict'));

      const v2 = await store.transaction((tx) => createProfileVersion(tx, { id: 'de-standard', definition: { ...SHIP_PROFILE, split: { maxShipments: 1 } }, actor: 'tests' }));
      assert.equal(v2.version, 2);
      const activation = await store.transaction((tx) => activateProfile(tx, 'de-standard', 2));
      assert.equal(activation.deactivated?.version, 1);
      assert.deepEqual(
        (await listProfileVersions(store, 'de-standard')).map((p) => `${p.version}:${p.status}`),
        ['2:active', '1:inactive'],
      );
      assert.deepEqual((await activeProfiles(store)).map((p) => `${p.id}@${p.version}`), ['de-standard@2', 'default@1']);
      // Rolling back: the inactive version becomes active again, unchanged.
      await store.transaction((tx) => activateProfile(tx, 'de-standard', 1));
      assert.equal((await listProfileVersions(store, 'de-standard'))[1]?.definition.priority, 20);
      await store.transaction((tx) => deactivateProfile(tx, 'de-standard', 1));
      await assert.rejects(store.transaction((tx) => deactivateProfile(tx, 'de-standard', 1)), isCode('conflict'));
      await assert.rejects(store.transaction((tx) => activateProfile(tx, 'de-standard', 9)), isCode('not-found'));
      await assert.rejects(store.transaction((tx) => createProfileVersion(tx, { id: 'Bad Name', definition: SHIP_PROFILE, actor: 'tests' })), isCode('validation-failed'));
      await assert.rejects(store.transaction((tx) => createProfileVersion(tx, { id: 'x', definition: { priority: 1 }, actor: 'tests' })), isCode('validation-failed'));
    });
  });
}
