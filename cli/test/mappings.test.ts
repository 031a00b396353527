import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { MAPPINGS_DIR } from '@omnihub/core';
import { pgliteFactory } from '@omnihub/core/testing';
import { startTestHub, type TestHub } from '../../openapi/test/support.ts';
import { omnihub } from './run-cli.ts';

const SHOPIFY = 'shopify.order-to-canonical';
const HTTP = 'canonical.order-to-http-json';
const CSV = 'generic.csv-stock-row-to-movement';
const ENGINE_MAPPINGS = [HTTP, CSV, SHOPIFY, 'shopify.order-to-http-json'];

const dir = mkdtempSync(path.join(tmpdir(), 'omnihub-cli-mappings-'));

function fixtureFile(id: string, version: string, file: string): string {
  return path.join(MAPPINGS_DIR, id, version, 'fixtures', file);
}

function writeFile(name: string, content: string | object): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

/** A mappings folder with the engine's mappings only, plus `extra` files (path to content). */
function mappingsFolder(name: string, extra: Record<string, string | object> = {}): string {
  const folder = path.join(dir, name);
  for (const id of ENGINE_MAPPINGS) cpSync(path.join(MAPPINGS_DIR, id), path.join(folder, id), { recursive: true });
  for (const [file, content] of Object.entries(extra)) {
    const target = path.join(folder, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, typeof content === 'string' ? content : JSON.stringify(content));
  }
  return folder;
}

after(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('omnihub mappings test and diff (local, no hub)', () => {
  it('runs every fixture of a folder and exits 0 when all pass', async () => {
    const run = await omnihub(['mappings', 'test', '--dir', mappingsFolder('all-good')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^PASS shopify\.order-to-canonical@1\.0\.0 \(compiled\): 5 of 5 cases passed$/m);
    assert.match(run.stdout, /^PASS shopify\.order-to-http-json@1\.0\.0 \(chain\): 1 of 1 case passed$/m);
    assert.match(run.stdout, /^5 mapping versions, 18 cases: 18 passed, 0 failed$/m);
  });

  it('tests one mapping, or one version of it, from the repository mappings by default', async () => {
    const run = await omnihub(['mappings', 'test', HTTP, '--version', '~1.0.0']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^PASS canonical\.order-to-http-json@1\.0\.0/m);
    assert.doesNotMatch(run.stdout, /1\.1\.0/);
    const json = await omnihub(['--json', 'mappings', 'test', SHOPIFY]);
    assert.equal(json.code, 0, json.stderr);
    const reports = JSON.parse(json.stdout) as { mapping: string; passed: number; failed: number }[];
    assert.deepEqual(reports.map((report) => [report.mapping, report.failed]), [[`${SHOPIFY}@1.0.0`, 0]]);
  });

  it('exits 1 with the differences by JSON pointer when a case fails', async () => {
    const expected = JSON.parse(readFileSync(fixtureFile(HTTP, '1.1.0', 'web-order.output.json'), 'utf8')) as { path: string; body: { currency: string } };
    expected.path = '/v1/orders';
    expected.body.currency = 'USD';
    const folder = mappingsFolder('one-bad', { [`${HTTP}/1.1.0/fixtures/web-order.output.json`]: expected });
    const run = await omnihub(['mappings', 'test', HTTP, '--dir', folder]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^PASS canonical\.order-to-http-json@1\.0\.0/m);
    assert.match(run.stdout, /^FAIL canonical\.order-to-http-json@1\.1\.0 \(compiled\): 2 of 3 cases passed$/m);
    assert.match(run.stdout, /^ {2}✗ web-order$/m);
    assert.match(run.stdout, /^ {6}\/path: expected "\/v1\/orders", got "\/orders"$/m);
    assert.match(run.stdout, /^ {6}\/body\/currency: expected "USD", got "EUR"$/m);
    assert.match(run.stderr, /error: 1 fixture case failed/);
  });

  it('exits 1 naming the file when a mapping folder is broken, or the mapping is unknown', async () => {
    const folder = mappingsFolder('broken', { [`${HTTP}/1.2.0/mapping.yaml`]: `id: ${HTTP}\nversion: 1.2.0\ndescription: broken\nsource: { canonical: order.created@1 }\ntarget: { canonical: order.created@1 }\nexpression: '{ "a": '\n` });
    const broken = await omnihub(['mappings', 'test', '--dir', folder]);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /error: the mappings in .*broken have problems:/);
    assert.match(broken.stderr, /canonical\.order-to-http-json\/1\.2\.0\/mapping\.yaml:[0-9:]* .*Expected/);
    const unknown = await omnihub(['mappings', 'test', 'no.such-mapping']);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /error: no mapping no\.such-mapping/);
    const usage = await omnihub(['mappings', 'test', '--version', '1.0.0']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--version needs a mapping id/);
  });

  it('diffs what two versions make of one payload', async () => {
    const input = path.join(MAPPINGS_DIR, HTTP, '1.0.0', 'fixtures', 'web-order.input.json');
    const run = await omnihub(['mappings', 'diff', HTTP, '1.0.0', '1.1.0', '--input', input]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(
      run.stdout.trim(),
      [
        '--- canonical.order-to-http-json@1.0.0',
        '+++ canonical.order-to-http-json@1.1.0',
        '+ /body/items/0/category: "apparel/tops/t-shirts"',
        '+ /body/items/0/finalSale: false',
        '+ /body/items/1/category: "apparel/outerwear/jackets"',
        '+ /body/items/1/finalSale: false',
      ].join('\n'),
    );
    const json = await omnihub(['--json', 'mappings', 'diff', HTTP, '1.0.0', '^1', '--input', input, '--bindings', writeFile('path.json', { path: '/v2/orders' })]);
    assert.equal(json.code, 0, json.stderr);
    const body = JSON.parse(json.stdout) as { from: string; to: string; differences: { path: string; kind: string }[] };
    assert.equal(body.to, `${HTTP}@1.1.0`);
    assert.equal(body.differences.length, 4);
  });

  it('reports a version that fails on the payload, or a missing input file', async () => {
    const row = writeFile('row.json', { sku: 'A', location: 'l', quantity: 'ten' });
    const failed = await omnihub(['mappings', 'diff', CSV, '1.0.0', '1.0.0', '--input', row, '--bindings', writeFile('row-bindings.json', { file: 'f.csv', line: 2 })]);
    assert.equal(failed.code, 1);
    assert.match(failed.stderr, /error: generic\.csv-stock-row-to-movement@1\.0\.0 failed: \$integer: "ten" is not a whole number \[expression line \d+, column \d+ \(\$integer\); input \/quantity\]/);
    const missing = await omnihub(['mappings', 'diff', CSV, '1.0.0', '1.0.0', '--input', path.join(dir, 'nope.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /error: cannot read the input .*nope\.json/);
    const version = await omnihub(['mappings', 'diff', CSV, '1.0.0', '3.x', '--input', row]);
    assert.match(version.stderr, /error: no version of mapping generic\.csv-stock-row-to-movement matches 3\.x/);
  });
});

describe('omnihub mappings list and preview (through the hub)', () => {
  let t: TestHub;
  let env: Record<string, string>;

  before(async () => {
    t = await startTestHub(pgliteFactory);
    env = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.admin };
  });
  after(async () => {
    await t.close();
  });

  it('lists the hub\'s mappings as a table and as JSON', async () => {
    const run = await omnihub(['mappings', 'list'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ID +LATEST +VERSIONS +SOURCE +TARGET +FIXTURES +ENGINE +DESCRIPTION$/m);
    assert.match(run.stdout, /^canonical\.order-to-http-json +1\.1\.0 +1\.0\.0, 1\.1\.0 +order\.created@1 +http\/http\.Request +3 +compiled /m);
    assert.match(run.stdout, /^shopify\.order-to-canonical +1\.0\.0 +1\.0\.0 +shopify\/shopify\.Order@2025-01 +order\.created@1 +5 +compiled /m);
    const json = await omnihub(['--json', 'mappings', 'list'], env);
    const items = JSON.parse(json.stdout) as { id: string }[];
    for (const id of ENGINE_MAPPINGS) assert.ok(items.some((item) => item.id === id), id);
  });

  it('previews a payload with variables and prints the result', async () => {
    const run = await omnihub(['mappings', 'preview', CSV, '--input', fixtureFile(CSV, '1.0.0', 'pos-sale-delta.input.json'), '--bindings', fixtureFile(CSV, '1.0.0', 'pos-sale-delta.bindings.json')], env);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), JSON.parse(readFileSync(fixtureFile(CSV, '1.0.0', 'pos-sale-delta.output.json'), 'utf8')));
    assert.match(run.stderr, /generic\.csv-stock-row-to-movement@1\.0\.0 \(compiled\)/);
    const json = await omnihub(['--json', 'mappings', 'preview', HTTP, '--version', '1.0.0', '--input', fixtureFile(HTTP, '1.0.0', 'minimal-order.input.json')], env);
    assert.equal((JSON.parse(json.stdout) as { mapping: string }).mapping, `${HTTP}@1.0.0`);
  });

  it('previews an override expression from a file', async () => {
    const expression = writeFile('override.jsonata', '{ "method": "PUT", "path": "/orders/" & order.id }');
    const run = await omnihub(['mappings', 'preview', HTTP, '--input', fixtureFile(HTTP, '1.0.0', 'minimal-order.input.json'), '--expression', expression], env);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { method: 'PUT', path: '/orders/ord-2025-100187' });
    assert.match(run.stderr, /\(override, compiled\)/);
  });

  it('exits 1 with the mapping, the place and the schema errors when the mapping fails', async () => {
    const run = await omnihub(['mappings', 'preview', SHOPIFY, '--input', fixtureFile(SHOPIFY, '1.0.0', 'custom-item-without-sku.input.json')], env);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /error: shopify\.order-to-canonical@1\.0\.0 produced an invalid order\.created@1: \/order\/lines\/1\/sku must have required property 'sku' \(required\) \[expression line \d+, column \d+\] \[422 validation-failed\]/);
    const broken = await omnihub(['mappings', 'preview', HTTP, '--input', fixtureFile(HTTP, '1.0.0', 'minimal-order.input.json'), '--expression', writeFile('broken.jsonata', '{ "method": ')], env);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /does not compile/);
    assert.match(broken.stderr, /\/expression: /);
    const unknown = await omnihub(['mappings', 'preview', 'no.such-mapping', '--input', fixtureFile(HTTP, '1.0.0', 'minimal-order.input.json')], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no version of mapping no\.such-mapping|no mapping no\.such-mapping/);
  });

  it('needs a key with the admin scope to preview', async () => {
    const run = await omnihub(['mappings', 'preview', CSV, '--input', fixtureFile(CSV, '1.0.0', 'pos-sale-delta.input.json')], { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.read });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /\[403 forbidden\]/);
  });
});
