import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { SchemaRegistry } from '@omnihub/core';
import { ManifestError, validateManifest } from '../../src/connectors/index.ts';
import { shopConnector } from './fixtures/shop-connector.ts';

let schemas: SchemaRegistry;

/** The shop manifest with one change applied. */
function variant(change: (m: ConnectorManifest & Record<string, unknown>) => void, version = '1.0.0'): ConnectorManifest {
  const manifest = structuredClone(shopConnector(version).manifest) as ConnectorManifest & Record<string, unknown>;
  change(manifest);
  return manifest;
}

/** The message of the ManifestError `manifest` raises. */
function refusal(manifest: unknown, sdkVersion = '0.1.0'): string {
  try {
    validateManifest(manifest, { packageName: '@acme/omnihub-shop', sdkVersion, schemas });
  } catch (error: unknown) {
    assert.ok(error instanceof ManifestError, String(error));
    assert.equal(error.packageName, '@acme/omnihub-shop');
    return error.message;
  }
  assert.fail('the manifest was accepted');
}

describe('manifest validation', () => {
  before(async () => {
    schemas = await SchemaRegistry.load();
  });

  it('accepts a complete manifest and returns it', () => {
    const manifest = shopConnector('2.0.0').manifest;
    assert.equal(validateManifest(manifest, { packageName: 'shop', sdkVersion: '0.1.0', schemas }), manifest);
  });

  it('names the offending element by JSON pointer and the rule in words', () => {
    const message = refusal(variant((m) => m.capabilities.actions?.[0]?.consumes.push('order.created')));
    assert.equal(message, 'manifest of @acme/omnihub-shop: /capabilities/actions/0/consumes/1 must match type@version');
  });

  const shapes: [string, (m: ConnectorManifest & Record<string, unknown>) => void, RegExp][] = [
    ['an id with capitals', (m) => (m.id = 'Shop'), /\/id must match lower-case letters, digits and dashes/],
    ['a version that is not semver', (m) => (m.version = '1.0'), /\/version must match a semantic version/],
    ['an unknown kind', (m) => ((m as Record<string, unknown>)['kind'] = 'mall'), /\/kind must be equal to one of the allowed values: pos, ecommerce/],
    ['a host with a scheme', (m) => (m.allowedHosts = ['https://api.shop.example']), /\/allowedHosts\/0 must match a host name or a \*\.suffix wildcard/],
    ['a bare wildcard host', (m) => (m.allowedHosts = ['*']), /\/allowedHosts\/0 must match a host name/],
    ['a polling interval of zero', (m) => m.capabilities.polling?.[0] !== undefined && (m.capabilities.polling[0].intervalSeconds = 0), /\/capabilities\/polling\/0\/intervalSeconds must be >= 1/],
    ['an unknown top-level field', (m) => (m['homepage'] = 'x'), /\/homepage must NOT have additional properties/],
    ['a breaking-change key that is not a major', (m) => (m.breakingChanges = { v2: ['x'] }), /\/breakingChanges must match a major version number/],
  ];
  for (const [what, change, expected] of shapes) {
    it(`refuses ${what}`, () => assert.match(refusal(variant(change)), expected));
  }

  it('refuses capability names used twice, across kinds', () => {
    const message = refusal(variant((m) => m.capabilities.polling?.[0] !== undefined && (m.capabilities.polling[0].name = 'stock-moves')));
    assert.match(message, /\/capabilities\/polling\/0\/name "stock-moves" is already the name of \/capabilities\/webhooks\/0\/name/);
  });

  it('refuses events that are not canonical, or versions that do not exist', () => {
    assert.match(refusal(variant((m) => m.capabilities.webhooks?.[0]?.emits.splice(0, 1, 'order.teleported@1'))), /\/capabilities\/webhooks\/0\/emits\/0 names order\.teleported@1, which is not a canonical event type/);
    assert.match(refusal(variant((m) => m.capabilities.webhooks?.[0]?.emits.splice(0, 1, 'order.created@9'))), /emits\/0 names order\.created@9, but order\.created has versions 1 to \d+ only/);
    assert.match(refusal(variant((m) => m.capabilities.actions?.[0]?.consumes.splice(0, 1, 'order@1'))), /consumes\/0 names order@1, which is not a canonical event type/);
  });

  it('refuses a config schema ajv cannot compile, or that is not an object', () => {
    assert.match(refusal(variant((m) => (m.configSchema = { type: 'object', properties: { a: { type: 'strin' } } }))), /\/configSchema is not a valid JSON Schema/);
    assert.match(refusal(variant((m) => (m.configSchema = { type: 'object', requried: ['a'] }))), /\/configSchema is not a valid JSON Schema: strict mode: unknown keyword: "requried"/);
    assert.match(refusal(variant((m) => (m.configSchema = { type: 'array' }))), /\/configSchema\/type must be "object"/);
  });

  it('refuses credentials that are not marked secret, and misplaced marks', () => {
    const unmarked = refusal(variant((m) => (m.configSchema = { type: 'object', properties: { auth: { type: 'object', properties: { password: { type: 'string' } } } } })));
    assert.match(unmarked, /\/configSchema\/properties\/auth\/properties\/password looks like a credential \("password"\): mark it "x-omnihub-secret": true/);
    assert.match(refusal(variant((m) => (m.configSchema = { type: 'object', properties: { apiToken: { type: 'string', 'x-omnihub-secret': 'yes' } } }))), /x-omnihub-secret must be boolean|x-omnihub-secret must be true/);
    assert.match(refusal(variant((m) => (m.configSchema = { type: 'object', properties: { pin: { type: 'integer', 'x-omnihub-secret': true } } }))), /\/configSchema\/properties\/pin is marked x-omnihub-secret but is not of type "string"/);
  });

  it('refuses host fields that are not string fields of the config', () => {
    assert.match(refusal(variant((m) => (m.allowedHostsFromConfig = ['endpoint']))), /\/allowedHostsFromConfig\/0 names "endpoint", which is not a string field of configSchema/);
    const nested = variant((m) => (m.allowedHostsFromConfig = ['auth.clientId']));
    assert.equal(validateManifest(nested, { packageName: 'shop', sdkVersion: '0.1.0', schemas }), nested);
  });

  it('refuses an SDK range the installed SDK does not satisfy', () => {
    assert.match(refusal(variant((m) => (m.compatibility.sdk = '^2.0.0'))), /\/compatibility\/sdk "\^2\.0\.0" is not satisfied by the installed @omnihub\/connector-sdk 0\.1\.0/);
    assert.match(refusal(variant((m) => (m.compatibility.sdk = 'latest'))), /\/compatibility\/sdk "latest" is not a version range/);
    assert.match(refusal(shopConnector('1.0.0').manifest, '1.0.0'), /is not satisfied by the installed @omnihub\/connector-sdk 1\.0\.0/);
  });

  it('refuses canonical ranges that name unknown schemas or admit no installed version', () => {
    assert.match(refusal(variant((m) => (m.compatibility.canonical = { orders: '^1' }))), /\/compatibility\/canonical\/orders names no canonical schema "orders"/);
    assert.match(refusal(variant((m) => (m.compatibility.canonical = { order: '>=7' }))), /\/compatibility\/canonical\/order ">=7" admits none of the installed versions of order/);
    const outside = refusal(variant((m) => (m.compatibility.canonical = { 'inventory.level.changed': '^2' })));
    assert.match(outside, /\/capabilities\/actions\/0\/consumes\/0 names inventory\.level\.changed@1, outside the manifest's own compatibility range/);
  });

  it('refuses breaking changes recorded for a future major', () => {
    assert.match(refusal(variant((m) => (m.breakingChanges = { '3': ['x'] }), '2.0.0')), /\/breakingChanges\/3 is for major 3, newer than this version 2\.0\.0/);
  });

  it('reports every broken rule at once', () => {
    const message = refusal(variant((m) => {
      m.compatibility.sdk = '^9';
      m.allowedHostsFromConfig = ['nowhere'];
    }));
    assert.match(message, /allowedHostsFromConfig\/0 .*; \/compatibility\/sdk/);
  });
});
