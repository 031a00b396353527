import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { CONFIG_TABLE_END, CONFIG_TABLE_START, readmeFindings, renderConfigTable, withConfigTable } from '../src/index.ts';
import { acmeManifest } from './samples/acme-connector.ts';

const SCHEMA = {
  type: 'object',
  required: ['baseUrl', 'auth'],
  properties: {
    baseUrl: { type: 'string', format: 'uri', pattern: '^https?://', description: 'API origin | proxy' },
    pageSize: { type: 'integer', minimum: 1, maximum: 100, default: 50, description: 'Rows per page' },
    tags: { type: 'array', items: { enum: ['a', 'b'] }, minItems: 1 },
    auth: {
      type: 'object',
      required: ['method'],
      properties: {
        method: { enum: ['key', 'oauth'] },
        apiKey: { type: 'string', minLength: 8, 'x-omnihub-secret': true },
      },
      allOf: [{ if: { properties: { method: { const: 'key' } } }, then: { required: ['apiKey'] } }],
    },
  },
};

describe('renderConfigTable', () => {
  it('writes one row per property, nested ones dotted, with type, conditions, default, secret and description', () => {
    assert.equal(
      renderConfigTable(SCHEMA),
      [
        '| field | type | required | default | secret | description |',
        '|---|---|---|---|---|---|',
        '| `baseUrl` | string (uri), matching `^https?://` | yes |  |  | API origin \\| proxy |',
        '| `pageSize` | integer, 1–100 | no | `50` |  | Rows per page |',
        '| `tags` | array of one of `a`, `b`, at least 1 item | no |  |  |  |',
        '| `auth` | object | yes |  |  |  |',
        '| `auth.method` | one of `key`, `oauth` | yes |  |  |  |',
        '| `auth.apiKey` | string, at least 8 characters | if `auth.method` is `key` |  | yes |  |',
      ].join('\n'),
    );
  });
});

describe('readmeFindings', () => {
  const manifest: ConnectorManifest = { ...acmeManifest(), configSchema: SCHEMA };
  const capabilities = [...(manifest.capabilities.webhooks ?? []), ...(manifest.capabilities.actions ?? [])].map((c) => `\`${c.name}\``).join(', ');
  const complete = `# acme\n\nVendor API ${manifest.vendorApiVersion}: ${capabilities}.\n\n${CONFIG_TABLE_START}\n${renderConfigTable(SCHEMA)}\n${CONFIG_TABLE_END}\n`;

  it('finds nothing in a complete README', () => {
    assert.deepEqual(readmeFindings(complete, manifest), []);
  });

  it('finds a stale config table, a missing vendor API version and a missing capability', () => {
    const stale = withConfigTable(complete, '| field |').replace(manifest.vendorApiVersion, 'vX').replace(capabilities.split(', ')[0] ?? '', 'x');
    const findings = readmeFindings(stale, manifest);
    assert.equal(findings.length, 3, findings.join('\n'));
    assert.match(findings[0] ?? '', /^the config table differs from the manifest's configSchema: node --conditions=omnihub-source .*update-config-table\.ts/);
    assert.equal(findings[1], `the README does not name the vendor API version "${manifest.vendorApiVersion}"`);
    assert.match(findings[2] ?? '', /^the README does not name the capability `/);
  });

  it('asks for the markers when the README has no config table section', () => {
    assert.match(readmeFindings('# acme', manifest)[0] ?? '', /the README has no config table section: put <!-- config-table:start/);
  });
});
