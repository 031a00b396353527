import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { pgliteFactory } from '@omnihub/core/testing';
import { startTestHub, type TestHub } from '../../openapi/test/support.ts';
import { runCli } from '../src/index.ts';
import { omnihub, type CliRun } from './run-cli.ts';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
/** Scaffolds live inside the repository so they resolve the workspace's SDK and kit. */
const SCRATCH = path.join(REPO, `.tmp-scaffold-${randomUUID().slice(0, 8)}`);

/** Runs the CLI in this process (faster than the bin; the first tests run the bin itself). */
async function cli(args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli(args, { out: (text) => stdout.push(text), err: (text) => stderr.push(text) }, env);
  return { code, stdout: stdout.map((text) => `${text}\n`).join(''), stderr: stderr.map((text) => `${text}\n`).join('') };
}

function scaffold(name: string, dir: string): Promise<CliRun> {
  return cli(['connectors', 'new', name, '--dir', dir]);
}

/** Replaces `from` by `to` in a scaffolded file, failing when `from` is not there. */
function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${file} has no ${from}`);
  writeFileSync(file, text.replace(from, to));
}

/** Runs a command, resolving with its exit code and output. */
function run(command: string, args: string[], cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd }, (error, stdout, stderr) => resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }));
  });
}

function checkRow(stdout: string, check: string): string {
  const row = stdout.split('\n').find((line) => line.startsWith(`${check} `));
  assert.ok(row, `no row for ${check} in:\n${stdout}`);
  return row;
}

describe('omnihub connectors', () => {
  before(() => mkdirSync(SCRATCH, { recursive: true }));
  after(() => rmSync(SCRATCH, { recursive: true, force: true }));

  it('scaffolds a package that passes the conformance kit out of the box', async () => {
    const dir = path.join(SCRATCH, 'acme-erp');
    const created = await omnihub(['connectors', 'new', 'acme-erp', '--dir', dir]);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /created omnihub-connector-acme-erp in /);
    for (const file of ['package.json', 'conformance.config.ts', 'src/index.ts', 'src/manifest.ts', 'test/connector.test.ts', 'README.md']) {
      assert.ok(existsSync(path.join(dir, file)), file);
    }
    assert.match(readFileSync(path.join(dir, 'src/manifest.ts'), 'utf8'), /id: 'acme-erp',[\s\S]*name: 'Acme Erp'/);
    // The scaffold compiles under its own strict settings, and its own test runs the kit.
    const tsc = await run(process.execPath, [path.join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--noEmit', '--customConditions', 'omnihub-source'], dir);
    assert.equal(tsc.code, 0, tsc.stdout);
    const own = await run(process.execPath, ['--conditions=omnihub-source', '--test', 'test/connector.test.ts'], dir);
    assert.equal(own.code, 0, own.stdout);

    const tested = await omnihub(['connectors', 'test', dir]);
    assert.equal(tested.code, 0, `${tested.stdout}\n${tested.stderr}`);
    assert.match(tested.stdout, /^conformance of acme-erp@0\.1\.0 \(/);
    assert.match(tested.stdout, /^CHECK\s+STATUS\s+RESULT$/m);
    for (const check of ['manifest', 'config-refused', 'webhook-signature', 'webhook-freshness', 'action-idempotency', 'http-classification', 'secrets-not-logged', 'mapping-fixtures']) {
      assert.match(checkRow(tested.stdout, check), new RegExp(`^${check}\\s+pass\\s+`));
    }
    assert.match(tested.stdout, /passed: 8 checks$/m);

    const json = await omnihub(['--json', 'connectors', 'test', dir]);
    assert.equal(json.code, 0, json.stderr);
    const report = JSON.parse(json.stdout) as { passed: boolean; packageDir: string; results: { check: string; status: string }[] };
    assert.equal(report.passed, true);
    assert.equal(report.results.length, 8);
  });

  it('fails a connector that accepts forged webhooks, logs a secret or takes a 429 as permanent, naming each check', async () => {
    const dir = path.join(SCRATCH, 'broken');
    assert.equal((await scaffold('broken', dir)).code, 0);
    edit(path.join(dir, 'src/events-webhook.ts'), 'verify: (request, ctx) => verifyWebhook(request, ctx.config.webhookSecret, ctx.clock.now()),', "verify: () => ({ ok: true }),");
    edit(path.join(dir, 'src/push-action.ts'), "ctx.logger.info({ eventId: input.event.id, status: response.status }, 'record pushed');", "ctx.logger.info({ eventId: input.event.id, key: ctx.config.apiKey }, 'record pushed');");
    edit(
      path.join(dir, 'src/push-action.ts'),
      '      idempotent: true,\n    });',
      "      idempotent: true,\n    }).catch((error: unknown) => {\n      throw (error as { kind?: string }).kind === 'rate-limited' ? new PermanentFailure('the vendor refused the record') : error;\n    });",
    );
    edit(path.join(dir, 'src/push-action.ts'), "import type { ActionHandler } from '@omnihub/connector-sdk';", "import { PermanentFailure, type ActionHandler } from '@omnihub/connector-sdk';");

    const run = await omnihub(['connectors', 'test', dir]);
    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stderr, /^error: 4 of 8 checks failed: webhook-signature, webhook-freshness, http-classification, secrets-not-logged$/m);
    assert.match(checkRow(run.stdout, 'webhook-signature'), /fail\s+webhook "events" accepted a request whose body was altered after signing/);
    assert.match(checkRow(run.stdout, 'http-classification'), /fail\s+action "push": vendor 429 with Retry-After: 7 must be a rate-limited/);
    assert.match(run.stdout, /^http-classification:\n {2}- action "push": vendor 429 with Retry-After: 7 must be a rate-limited failure, got a permanent failure$/m);
    assert.match(checkRow(run.stdout, 'secrets-not-logged'), /fail\s+the secret at configSchema\/apiKey appears in an info log line/);
    assert.match(checkRow(run.stdout, 'action-idempotency'), /pass/);
    assert.match(run.stdout, /^webhook-signature:\n {2}- webhook "events" accepted a request whose body was altered after signing$/m);
    assert.doesNotMatch(run.stdout + run.stderr, /conformance-api-key-1/);
  });

  it('tests installed packages by name and by path, showing waivers with their reasons', async () => {
    const http = await cli(['connectors', 'test', '@omnihub/connector-http']);
    assert.equal(http.code, 0, `${http.stdout}\n${http.stderr}`);
    assert.match(http.stdout, /^conformance of http@1\.0\.0 /);
    const v2 = await cli(['connectors', 'test', path.join(REPO, 'connectors/http/versions/2.0.0')]);
    assert.equal(v2.code, 0, `${v2.stdout}\n${v2.stderr}`);
    assert.match(v2.stdout, /^conformance of http@2\.0\.0 /);
    const fileDrop = await cli(['connectors', 'test', path.join(REPO, 'connectors/file-drop')]);
    assert.equal(fileDrop.code, 0, `${fileDrop.stdout}\n${fileDrop.stderr}`);
    assert.match(checkRow(fileDrop.stdout, 'webhook-signature'), /waived\s+waived: file-drop takes files from a watched folder; it has no webhooks to sign/);
    assert.match(fileDrop.stdout, /passed: 4 checks, 4 waived with a reason$/m);
  });

  it('runs the fixtures of a mapping the connector names through the hub mapping engine', async () => {
    const dir = path.join(SCRATCH, 'with-mapping');
    assert.equal((await scaffold('with-mapping', dir)).code, 0);
    edit(path.join(dir, 'src/manifest.ts'), "emits: ['order.created@1'], description", "emits: ['order.created@1'], mapping: 'shopify.order-to-canonical', description");
    const passing = await cli(['connectors', 'test', dir]);
    assert.equal(passing.code, 0, `${passing.stdout}\n${passing.stderr}`);
    assert.match(checkRow(passing.stdout, 'mapping-fixtures'), /pass\s+1 mapping pass their \d+ fixture pairs/);

    // A second package: this process has the first one's modules loaded already.
    const other = path.join(SCRATCH, 'with-missing-mapping');
    assert.equal((await scaffold('with-missing-mapping', other)).code, 0);
    edit(path.join(other, 'src/manifest.ts'), "emits: ['order.created@1'], description", "emits: ['order.created@1'], mapping: 'acme.no-such-mapping', description");
    const missing = await cli(['connectors', 'test', other]);
    assert.equal(missing.code, 1);
    assert.match(checkRow(missing.stdout, 'mapping-fixtures'), /fail\s+mapping acme\.no-such-mapping: .*no mapping acme\.no-such-mapping/);
  });

  it('adds the hub manifest rules: an event type the canonical registry does not know fails manifest', async () => {
    const dir = path.join(SCRATCH, 'unknown-event');
    assert.equal((await scaffold('unknown-event', dir)).code, 0);
    edit(path.join(dir, 'src/manifest.ts'), "emits: ['order.created@1']", "emits: ['order.teleported@1']");
    const run = await cli(['connectors', 'test', dir]);
    assert.equal(run.code, 1);
    assert.match(checkRow(run.stdout, 'manifest'), /fail\s+manifest\/capabilities\/webhooks\/0\/emits\/0 names order\.teleported@1/);
    assert.match(run.stdout, /^manifest:\n {2}- manifest\/capabilities\/webhooks\/0\/emits\/0 names order\.teleported@1, which is not a canonical event type$/m);
  });

  it('explains what is missing: no package, no connector export, no conformance config', async () => {
    const nowhere = await cli(['connectors', 'test', path.join(SCRATCH, 'nowhere')]);
    assert.equal(nowhere.code, 1);
    assert.match(nowhere.stderr, /error: no connector package at .*nowhere: give the path of its folder, or the name of an installed package/);

    const dir = path.join(SCRATCH, 'no-kit');
    assert.equal((await scaffold('no-kit', dir)).code, 0);
    rmSync(path.join(dir, 'conformance.config.ts'));
    const noConfig = await cli(['connectors', 'test', dir]);
    assert.equal(noConfig.code, 1);
    assert.match(noConfig.stderr, /has no conformance config: add conformance\.config\.ts exporting defineConformance/);

    const bare = path.join(SCRATCH, 'no-export');
    assert.equal((await scaffold('no-export', bare)).code, 0);
    writeFileSync(path.join(bare, 'src/index.ts'), 'export const nothing = 1;\n');
    const noConnector = await cli(['connectors', 'test', bare]);
    assert.equal(noConnector.code, 1);
    assert.match(noConnector.stderr, /exports no connector: export the result of defineConnector\(\) as default/);
  });

  it('refuses a bad connector name, an unknown kind and a non-empty folder', async () => {
    const badName = await cli(['connectors', 'new', 'Acme_ERP', '--dir', path.join(SCRATCH, 'x')]);
    assert.equal(badName.code, 2);
    assert.match(badName.stderr, /"Acme_ERP" is not a connector id/);
    const badKind = await cli(['connectors', 'new', 'acme', '--kind', 'warehouse', '--dir', path.join(SCRATCH, 'y')]);
    assert.equal(badKind.code, 2);
    assert.match(badKind.stderr, /--kind takes one of pos, ecommerce, oms, erp, inventory, crm, ccaas, generic/);
    const taken = path.join(SCRATCH, 'taken');
    mkdirSync(taken, { recursive: true });
    writeFileSync(path.join(taken, 'keep.txt'), 'x');
    const occupied = await cli(['connectors', 'new', 'acme', '--dir', taken]);
    assert.equal(occupied.code, 1);
    assert.match(occupied.stderr, /exists and is not empty/);
  });

  describe('list', () => {
    let hub: TestHub;
    let plugins: string;
    const saved: Record<string, string | undefined> = {};

    before(async () => {
      // A plugins folder with http 2.0.0 (beside the workspace's 1.0.0) and a package whose manifest is broken.
      plugins = mkdtempSync(path.join(tmpdir(), 'omnihub-cli-plugins-'));
      symlinkSync(path.join(REPO, 'connectors/http/versions/2.0.0'), path.join(plugins, 'http-2'));
      mkdirSync(path.join(plugins, 'broken'));
      writeFileSync(path.join(plugins, 'broken', 'package.json'), JSON.stringify({ name: '@acme/broken', version: '1.0.0', type: 'module', main: 'index.js' }));
      writeFileSync(path.join(plugins, 'broken', 'index.js'), "export default { manifest: { id: 'Broken!', version: '1.0.0' } };\n");
      saved['OMNIHUB_PLUGINS_DIR'] = process.env['OMNIHUB_PLUGINS_DIR'];
      process.env['OMNIHUB_PLUGINS_DIR'] = plugins;
      hub = await startTestHub(pgliteFactory);
    });
    after(async () => {
      await hub.close();
      if (saved['OMNIHUB_PLUGINS_DIR'] === undefined) Reflect.deleteProperty(process.env, 'OMNIHUB_PLUGINS_DIR');
      else process.env['OMNIHUB_PLUGINS_DIR'] = saved['OMNIHUB_PLUGINS_DIR'];
      rmSync(plugins, { recursive: true, force: true });
    });

    it('prints installed connectors, both versions side by side, and packages that failed to load', async () => {
      const env = { OMNIHUB_URL: hub.hub.url, OMNIHUB_API_KEY: hub.keys.read };
      const run = await cli(['connectors', 'list'], env);
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^ID\s+VERSION\s+KIND\s+NAME\s+VENDOR API\s+ORIGIN\s+CAPABILITIES$/m);
      assert.match(run.stdout, /^http\s+2\.0\.0\s+generic\s+Generic HTTP\s+omnihub-http-2\s+plugin\s+webhooks events; actions request$/m);
      assert.match(run.stdout, /^http\s+1\.0\.0\s+generic\s+Generic HTTP\s+omnihub-http-1\s+workspace\s+webhooks events; actions request$/m);
      assert.match(run.stderr, /^not loaded: .*\/broken: manifest of @acme\/broken: /m);
      const asJson = await cli(['--json', 'connectors', 'list'], env);
      const listing = JSON.parse(asJson.stdout) as { items: { id: string; version: string; origin: string; packageName: string }[]; problems: { packageDir: string; message: string }[] };
      assert.deepEqual(
        listing.items.filter((item) => item.id === 'http').map((item) => [item.version, item.origin, item.packageName]),
        [
          ['2.0.0', 'plugin', '@omnihub/connector-http'],
          ['1.0.0', 'workspace', '@omnihub/connector-http'],
        ],
      );
      assert.ok(listing.problems.some((problem) => problem.packageDir.endsWith('/broken') && problem.message.startsWith('manifest of @acme/broken: ')), JSON.stringify(listing.problems));
    });

    it('exits non-zero with the hub refusal', async () => {
      const run = await cli(['connectors', 'list'], { OMNIHUB_URL: hub.hub.url });
      assert.equal(run.code, 1);
      assert.match(run.stderr, /error: send an API key as "Authorization: Bearer <key>" \[401 unauthorized\] \(set OMNIHUB_API_KEY or --api-key\)/);
    });
  });
});
