import assert from 'node:assert/strict';
import { mkdtemp, mkdir, cp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { SchemaRegistry } from '@omnihub/core';
import { defaultDiscoveryDirs, discoverConnectors, installedSdkVersion, loadConnectorPackage } from '../../src/connectors/index.ts';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (...parts: string[]): string => path.join(FIXTURES, ...parts);

describe('connector discovery', () => {
  let schemas: SchemaRegistry;
  let scratch: string;
  before(async () => {
    schemas = await SchemaRegistry.load();
    scratch = await mkdtemp(path.join(tmpdir(), 'omnihub-discovery-'));
  });
  after(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('loads two versions of one connector side by side from the plugins folder', async () => {
    const { registry, problems } = await discoverConnectors({ schemas, pluginsDir: fixture('plugins') });
    assert.deepEqual(problems, []);
    assert.deepEqual(registry.list().map((c) => c.key), ['shop@2.0.0', 'shop@1.0.0']);
    assert.deepEqual(registry.versions('shop'), ['2.0.0', '1.0.0']);
    const v1 = registry.get('shop', '1.0.0');
    const v2 = registry.get('shop', '2.0.0');
    assert.equal(v1?.origin, 'plugin');
    assert.equal(v1?.packageName, '@fixtures/omnihub-shop');
    assert.equal(v1?.manifest.vendorApiVersion, '2024-07');
    assert.equal(v2?.manifest.vendorApiVersion, '2025-01');
    assert.deepEqual(v2?.manifest.breakingChanges, { '2': ['speaks the 2025-01 shop API'] });
    assert.notEqual(v1?.definition, v2?.definition);
  });

  it('finds workspace connectors (not sdk or testkit), keyword-tagged installed packages and plugins together', async () => {
    const { registry, problems } = await discoverConnectors({
      schemas,
      workspaceDir: fixture('workspace'),
      nodeModulesDir: fixture('installed'),
      pluginsDir: fixture('plugins'),
    });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      registry.list().map((c) => `${c.key} ${c.origin}`),
      ['noop@0.3.0 installed', 'shop@3.0.0-beta.1 workspace', 'shop@2.0.0 plugin', 'shop@1.0.0 plugin'],
    );
    // The newest release wins over a newer prerelease when an instance does not name a version.
    assert.equal(registry.latest('shop')?.manifest.version, '2.0.0');
    assert.deepEqual(registry.get('noop', '0.3.0')?.manifest.allowedHosts, ['api.noop.example', '*.noop.example']);
  });

  it('reports a broken package with a precise reason and still loads the others', async () => {
    const plugins = path.join(scratch, 'mixed');
    await mkdir(plugins, { recursive: true });
    // Plugins are package folders of any name; these are copies outside the repository, without node_modules.
    await cp(fixture('broken-plugins'), plugins, { recursive: true });
    await cp(fixture('installed', '@acme', 'omnihub-noop'), path.join(plugins, 'noop'), { recursive: true });
    await mkdir(path.join(plugins, 'empty-folder'));
    const { registry, problems } = await discoverConnectors({ schemas, pluginsDir: plugins });
    assert.deepEqual(registry.list().map((c) => c.key), ['noop@0.3.0']);
    const reasons = problems.map((p) => `${path.basename(p.packageDir)}: ${p.message}`).sort();
    assert.equal(reasons.length, 3);
    assert.equal(reasons[0], 'bad-consumes: manifest of @fixtures/omnihub-bad-consumes: /capabilities/actions/0/consumes/1 must match type@version');
    assert.match(reasons[1] ?? '', /^empty-folder: .*has no package\.json: a connector is an npm package$/);
    assert.match(reasons[2] ?? '', /^no-export: package @fixtures\/omnihub-no-export exports no connector: export the result of defineConnector\(\) as default or as "connector"$/);
  });

  it('refuses the same connector version from two places, keeping the first', async () => {
    const plugins = path.join(scratch, 'twice');
    await cp(fixture('plugins', 'shop-1'), path.join(plugins, 'a'), { recursive: true });
    await cp(fixture('plugins', 'shop-1'), path.join(plugins, 'b'), { recursive: true });
    // The copies import the shared implementation by a relative path: point them back at it.
    for (const copy of ['a', 'b']) await writeFile(path.join(plugins, copy, 'index.ts'), `import { shopConnector } from ${JSON.stringify(fixture('shop-connector.ts'))};\nexport default shopConnector('1.0.0');\n`);
    const { registry, problems } = await discoverConnectors({ schemas, pluginsDir: plugins });
    assert.deepEqual(registry.list().map((c) => c.packageDir), [path.join(plugins, 'a')]);
    assert.equal(problems.length, 1);
    assert.match(problems[0]?.message ?? '', /connector shop@1\.0\.0 from .*\/b is already loaded from .*\/a/);
  });

  it('refuses a package whose package.json version differs from its manifest', async () => {
    const dir = path.join(scratch, 'mismatch');
    await cp(fixture('plugins', 'shop-2'), dir, { recursive: true });
    await writeFile(path.join(dir, 'index.ts'), `import { shopConnector } from ${JSON.stringify(fixture('shop-connector.ts'))};\nexport default shopConnector('1.0.0');\n`);
    await assert.rejects(loadConnectorPackage(dir, { schemas }), /package @fixtures\/omnihub-shop: package\.json version 2\.0\.0 differs from the manifest's version 1\.0\.0/);
  });

  it('checks manifests against the installed SDK version', async () => {
    assert.equal(installedSdkVersion(), '0.1.0');
    const { registry, problems } = await discoverConnectors({ schemas, pluginsDir: fixture('plugins'), sdkVersion: '1.4.0' });
    assert.equal(registry.list().length, 0);
    assert.equal(problems.length, 2);
    for (const problem of problems) assert.match(problem.message, /\/compatibility\/sdk "\^0\.1\.0" is not satisfied by the installed @omnihub\/connector-sdk 1\.4\.0/);
  });

  it('defaults to the workspace root above the working folder and a plugins folder in the data folder', async () => {
    const repo = fileURLToPath(new URL('../../../', import.meta.url));
    const dirs = await defaultDiscoveryDirs({ dataDir: '/var/lib/omnihub', cwd: path.join(repo, 'core', 'src'), env: {} });
    assert.equal(dirs.workspaceDir, path.resolve(repo));
    assert.equal(dirs.nodeModulesDir, path.join(path.resolve(repo), 'node_modules'));
    assert.equal(dirs.pluginsDir, '/var/lib/omnihub/plugins');
    const custom = await defaultDiscoveryDirs({ dataDir: '/var/lib/omnihub', cwd: scratch, env: { OMNIHUB_PLUGINS_DIR: '/opt/omnihub-plugins' } });
    assert.equal(custom.pluginsDir, '/opt/omnihub-plugins');
    assert.equal(custom.workspaceDir, undefined);
  });
});
