import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { Command } from 'commander';
import { pgliteFactory } from '@omnihub/core/testing';
import { startTestHub, type TestHub } from '../../openapi/test/support.ts';
import { CliError, runCli } from '../src/index.ts';
import { confirmApply, registerConfig } from '../src/commands/config.ts';
import { commandContext } from '../src/context.ts';
import { omnihub, type CliRun } from './run-cli.ts';

/** The http connector's 2.0.0 package is a plugin beside the workspace's 1.0.0. */
const PLUGINS = fileURLToPath(new URL('../../connectors/http/versions/', import.meta.url));
const KEY = Buffer.alloc(32, 31);

const ERP_SECRET = 'whsec_cli_config_erp_0123456789';
const SHOP_SECRET = 'whsec_cli_config_shop_0123456789';

/** The config file an integrator keeps in git: secrets are environment references. */
function configFile(options: { erpUrl?: string; erpVersion?: string; shopMapping?: boolean } = {}): string {
  return `apiVersion: omnihub.dev/v1
instances:
  - id: erp-orders
    connector: http
    version: ${options.erpVersion ?? '1.0.0'}
    config:
      baseUrl: ${options.erpUrl ?? 'https://erp.example.com/api'}
      authorization: Bearer \${ERP_TOKEN}
      webhookSecret: \${ERP_WEBHOOK_SECRET}
  - id: shop-events
    connector: http
    version: 2.0.0
    config:
      baseUrl: https://shop.example.com
      webhookSecret: \${SHOP_WEBHOOK_SECRET}
${options.shopMapping === true ? '    mappings:\n      request: \'{ "method": "POST", "path": "/events", "body": $ }\'\n' : ''}`;
}

describe('omnihub apply and export', () => {
  let scratch: string;
  let t: TestHub;
  let admin: Record<string, string>;
  let secrets: Record<string, string>;
  const saved: Record<string, string | undefined> = {};

  /** Runs the CLI in this process, `env` also set in process.env, where `${ENV}` references are read. */
  async function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
    const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    const stdout: string[] = [];
    const stderr: string[] = [];
    try {
      const code = await runCli(args, { out: (text) => stdout.push(text), err: (text) => stderr.push(text) }, env);
      return { code, stdout: stdout.map((text) => `${text}\n`).join(''), stderr: stderr.map((text) => `${text}\n`).join('') };
    } finally {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
    }
  }

  /** Runs `omnihub apply` as on a terminal, answering `answer` to the confirmation. */
  async function interactiveApply(file: string, answer: string, env: Record<string, string>): Promise<{ error: unknown; stdout: string; prompt: string }> {
    const lines: string[] = [];
    const output = { out: (text: string) => lines.push(text), err: (text: string) => lines.push(text) };
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const prompt = new PassThrough();
    let asked = '';
    prompt.on('data', (chunk: Buffer) => (asked += chunk.toString('utf8')));
    input.end(`${answer}\n`);
    const program = new Command('omnihub').exitOverride();
    registerConfig(program, () => commandContext({}, output, env), { input, output: prompt });
    const previous = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
    Object.assign(process.env, env);
    try {
      await program.parseAsync(['apply', '-f', file], { from: 'user' });
      return { error: undefined, stdout: lines.join('\n'), prompt: asked };
    } catch (error: unknown) {
      return { error, stdout: lines.join('\n'), prompt: asked };
    } finally {
      for (const [name, value] of Object.entries(previous)) {
        if (value === undefined) Reflect.deleteProperty(process.env, name);
        else process.env[name] = value;
      }
    }
  }

  async function instance(id: string): Promise<{ version: string; previousVersion: string | null; config: Record<string, unknown>; mappingOverrides: Record<string, string> } | undefined> {
    const response = await t.call('GET', `/v1/instances/${id}`, { key: t.keys.read });
    if (response.status === 404) return undefined;
    return (await response.json()) as { version: string; previousVersion: string | null; config: Record<string, unknown>; mappingOverrides: Record<string, string> };
  }

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'omnihub-cli-config-'));
    for (const [name, value] of Object.entries({ OMNIHUB_PLUGINS_DIR: PLUGINS, OMNIHUB_SECRET_KEY: KEY.toString('base64') })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    t = await startTestHub(pgliteFactory);
    admin = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.admin };
    secrets = { ERP_TOKEN: 'erp-token-42', ERP_WEBHOOK_SECRET: ERP_SECRET, SHOP_WEBHOOK_SECRET: SHOP_SECRET };
    await writeFile(path.join(scratch, 'omnihub.yaml'), configFile());
  });

  after(async () => {
    await t.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
    await rm(scratch, { recursive: true, force: true });
  });

  it('shows the plan but refuses to prompt without a terminal: exit 2, pass --yes, nothing applied (the bin)', async () => {
    const run = await omnihub(['apply', '-f', path.join(scratch, 'omnihub.yaml')], { ...admin, ...secrets });
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stdout, /^ {2}\+ create erp-orders \(http@1\.0\.0\)$/m);
    assert.match(run.stdout, /^ {6}\+ \/config\/baseUrl: "https:\/\/erp\.example\.com\/api"$/m);
    assert.match(run.stdout, /^ {6}\+ \/config\/webhookSecret: "\*{8}" \(secret\)$/m);
    assert.match(run.stdout, /^ {2}\+ create shop-events \(http@2\.0\.0\)$/m);
    assert.match(run.stdout, /^Plan: 2 to create, 0 to update, 0 to delete, 0 unchanged\.$/m);
    assert.doesNotMatch(run.stdout + run.stderr, /whsec_cli|erp-token-42/);
    assert.match(run.stderr, /^error: stdin is not a terminal, so no one can confirm the plan: review it, then run again with --yes to apply it$/m);
    assert.equal(await instance('erp-orders'), undefined);
  });

  it('names every environment variable the file needs that is not set', async () => {
    const run = await cli(['apply', '-f', path.join(scratch, 'omnihub.yaml'), '--yes'], { ...admin, ERP_TOKEN: 'x' });
    assert.equal(run.code, 1);
    assert.match(run.stderr, /refers to environment variables that are not set: ERP_WEBHOOK_SECRET, SHOP_WEBHOOK_SECRET$/m);
    assert.match(run.stderr, /omnihub\.yaml#\/instances\/1\/config\/webhookSecret: \$\{SHOP_WEBHOOK_SECRET\} is not set$/m);
  });

  it('applies with --yes, each instance pinned to its version; the same file again changes nothing', async () => {
    const file = path.join(scratch, 'omnihub.yaml');
    const first = await cli(['apply', '-f', file, '--yes'], { ...admin, ...secrets });
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^Applied: 2 created, 0 updated, 0 deleted\.$/m);
    assert.deepEqual([(await instance('erp-orders'))?.version, (await instance('shop-events'))?.version], ['1.0.0', '2.0.0']);
    const second = await cli(['apply', '-f', file, '--yes'], { ...admin, ...secrets });
    assert.equal(second.code, 0, second.stderr);
    assert.equal(second.stdout.trim(), `No changes: the hub matches ${file}.`);
    const asJson = await cli(['--json', 'apply', '-f', file], { ...admin, ...secrets });
    assert.equal(asJson.code, 0, asJson.stderr);
    const plan = JSON.parse(asJson.stdout) as { changes: unknown[]; unchanged: string[] };
    assert.deepEqual([plan.changes, plan.unchanged], [[], ['erp-orders', 'shop-events']]);
  });

  it('asks on a terminal: anything but yes cancels, yes applies the changes shown field by field', async () => {
    const file = path.join(scratch, 'edited.yaml');
    await writeFile(file, configFile({ erpUrl: 'https://erp2.example.com/api', shopMapping: true }));
    const rotated = { ...admin, ...secrets, ERP_WEBHOOK_SECRET: 'whsec_cli_config_rotated_000000' };
    const cancelled = await interactiveApply(file, 'y', rotated);
    assert.ok(cancelled.error instanceof CliError);
    assert.equal(cancelled.error.message, 'apply cancelled: nothing was changed');
    assert.match(cancelled.prompt, /Apply these 2 changes\? Only 'yes' applies: /);
    assert.match(cancelled.stdout, /^ {6}~ \/config\/baseUrl: "https:\/\/erp\.example\.com\/api" -> "https:\/\/erp2\.example\.com\/api"$/m);
    assert.match(cancelled.stdout, /^ {6}~ \/config\/webhookSecret: "\*{8}" -> "\*{8}" \(secret changed\)$/m);
    assert.match(cancelled.stdout, /^ {6}\+ \/mappings\/request: "\{ \\"method\\": \\"POST\\"/m);
    assert.equal((await instance('erp-orders'))?.config['baseUrl'], 'https://erp.example.com/api');

    const confirmed = await interactiveApply(file, 'yes', rotated);
    assert.equal(confirmed.error, undefined, String(confirmed.error));
    assert.match(confirmed.stdout, /^Applied: 0 created, 2 updated, 0 deleted\.$/m);
    assert.equal((await instance('erp-orders'))?.config['baseUrl'], 'https://erp2.example.com/api');
    assert.deepEqual(Object.keys((await instance('shop-events'))?.mappingOverrides ?? {}), ['request']);
    assert.match((await cli(['apply', '-f', file], rotated)).stdout, /^No changes/);
  });

  it('shows a version change with its breaking change, and leaves undeclared instances alone unless --prune', async () => {
    const file = path.join(scratch, 'v2.yaml');
    await writeFile(file, configFile({ erpVersion: '2.0.0' }));
    const created = await t.call('POST', '/v1/instances', { key: t.keys.admin, body: { id: 'by-hand', connectorId: 'http', config: { baseUrl: 'https://hand.example' } } });
    assert.equal(created.status, 201);
    const run = await cli(['apply', '-f', file, '--yes'], { ...admin, ...secrets });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ {6}~ \/version: "1\.0\.0" -> "2\.0\.0"$/m);
    assert.match(run.stdout, /^ {6}! breaking changes of http major 2 \(1\.0\.0 -> 2\.0\.0\):\n {10}- Inbound webhook signatures travel in one header/m);
    assert.match(run.stdout, /left alone \(apply with --prune to delete them\): by-hand$/m);
    assert.deepEqual([(await instance('erp-orders'))?.version, (await instance('erp-orders'))?.previousVersion], ['2.0.0', '1.0.0']);
    const pruned = await cli(['apply', '-f', file, '--yes', '--prune'], { ...admin, ...secrets });
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /^ {2}- delete by-hand \(http@2\.0\.0\)$/m);
    assert.match(pruned.stdout, /^Applied: 0 created, 0 updated, 1 deleted\.$/m);
    assert.equal(await instance('by-hand'), undefined);
  });

  it('points the hub refusal into the file, and reports YAML errors with their line', async () => {
    const file = path.join(scratch, 'bad.yaml');
    await writeFile(file, 'apiVersion: omnihub.dev/v1\ninstances:\n  - id: erp-orders\n    connector: http\n    version: 9.0.0\n');
    const run = await cli(['apply', '-f', file, '--yes'], admin);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /\[422 validation-failed\]/);
    assert.match(run.stderr, new RegExp(`^ {2}${file.replaceAll('.', '\\.')}#/instances/0/version: http@9\\.0\\.0 is not installed \\(installed: 2\\.0\\.0, 1\\.0\\.0\\)$`, 'm'));
    await writeFile(file, 'apiVersion: omnihub.dev/v1\ninstances:\n  - id: [oops\n');
    const yaml = await cli(['apply', '-f', file, '--yes'], admin);
    assert.equal(yaml.code, 1);
    assert.match(yaml.stderr, /is not valid YAML at line \d+, column \d+/);
    const missing = await cli(['apply', '-f', path.join(scratch, 'nope.yaml'), '--yes'], admin);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*nope\.yaml/);
    assert.equal((await cli(['apply'], admin)).code, 2, 'no -f is a usage error');
  });

  it('lists every problem of an invalid file once, unknown keys with the rest, apiVersion with the value expected', async () => {
    const file = path.join(scratch, 'invalid.yaml');
    const at = (pointer: string): string => `^ {2}${file.replaceAll('.', '\\.')}#${pointer}: `;
    await writeFile(file, 'apiVersion: omnihub.dev/v1\ninstances:\n  - id: typo\n    connector: http\n    colour: red\n    config: { baseUrl: "https://typo.example" }\n  - id: enum\n    connector: http\n    config: { events: [bogus@1] }\n');
    const unknown = await cli(['apply', '-f', file, '--yes'], admin);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, new RegExp(`^error: ${file.replaceAll('.', '\\.')} is invalid \\(3 problems\\) \\[422 validation-failed\\]$`, 'm'));
    assert.match(unknown.stderr, new RegExp(`${at('/instances/0/colour')}must NOT have additional properties$`, 'm'));
    assert.match(unknown.stderr, new RegExp(`${at('/instances/1/config/baseUrl')}must have required property 'baseUrl'$`, 'm'));
    assert.match(unknown.stderr, new RegExp(`${at('/instances/1/config/events/0')}must be equal to one of the allowed values: `, 'm'));
    assert.equal(await instance('typo'), undefined);

    await writeFile(file, 'apiVersion: omnihub.dev/v1\ninstances:\n  - id: Bad\n    connector: http\n    version: 9.0.0\n  - id: slow\n    connector: http\n    config: { baseUrl: "https://slow.example", timeoutMs: 5 }\n');
    const hub = await cli(['apply', '-f', file, '--yes'], admin);
    assert.equal(hub.code, 1);
    assert.match(hub.stderr, new RegExp(`^error: ${file.replaceAll('.', '\\.')} is invalid \\(3 problems\\) \\[422 validation-failed\\]$`, 'm'));
    for (const problem of ['must be lower-case letters', 'http@9.0.0 is not installed', 'must be >= 100']) {
      assert.equal(hub.stderr.split(problem).length - 1, 1, `"${problem}" once in ${hub.stderr}`);
    }
    assert.match(hub.stderr, new RegExp(`${at('/instances/1/config/timeoutMs')}must be >= 100$`, 'm'));

    await writeFile(file, 'apiVersion: omnihub/v2\ninstances: []\n');
    const version = await cli(['apply', '-f', file, '--yes'], admin);
    assert.equal(version.code, 1);
    assert.match(version.stderr, new RegExp(`${at('/apiVersion')}must be omnihub\\.dev/v1, got "omnihub/v2"$`, 'm'));
    assert.equal(version.stderr.trimEnd().split('\n').length, 2, version.stderr);
  });

  it('exports a file that applies back to no change, secrets as env references or masked', async () => {
    const out = path.join(scratch, 'exported.yaml');
    const run = await cli(['export', '-o', out], { ...admin });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /wrote 2 instances to .*exported\.yaml/);
    assert.match(run.stderr, /set these environment variables before applying it .*: ERP_ORDERS_AUTHORIZATION, ERP_ORDERS_WEBHOOK_SECRET, SHOP_EVENTS_WEBHOOK_SECRET$/m);
    const text = await readFile(out, 'utf8');
    assert.match(text, /^# omnihub connector instances, exported by `omnihub export`/);
    assert.match(text, /webhookSecret: \$\{ERP_ORDERS_WEBHOOK_SECRET\}/);
    assert.doesNotMatch(text, /whsec_|erp-token|enc:v1/);
    const env = { ...admin, ERP_ORDERS_AUTHORIZATION: `Bearer ${secrets['ERP_TOKEN'] ?? ''}`, ERP_ORDERS_WEBHOOK_SECRET: ERP_SECRET, SHOP_EVENTS_WEBHOOK_SECRET: SHOP_SECRET };
    const again = await cli(['apply', '-f', out, '--yes'], env);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.stdout.trim(), `No changes: the hub matches ${out}.`);

    const masked = await cli(['export', '--secrets', 'masked'], admin);
    assert.equal(masked.code, 0, masked.stderr);
    assert.match(masked.stdout, /webhookSecret: "\*{8}"/);
    await writeFile(out, masked.stdout);
    assert.match((await cli(['apply', '-f', out], admin)).stdout, /^No changes/);
    const bad = await cli(['export', '--secrets', 'plain'], admin);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--secrets takes env or masked, not "plain"/);
  });

  it('confirms only on a terminal', async () => {
    const notTty = Object.assign(new PassThrough(), { isTTY: false });
    await assert.rejects(confirmApply('Apply?', { input: notTty, output: new PassThrough() }), (error: unknown) => error instanceof CliError && error.exitCode === 2);
  });
});
