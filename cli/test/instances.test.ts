import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '@omnihub/core';
import { pgliteFactory } from '@omnihub/core/testing';
import { startTestHub, type TestHub } from '../../openapi/test/support.ts';
import { runCli } from '../src/index.ts';
import { omnihub, type CliRun } from './run-cli.ts';

const HTTP_2 = fileURLToPath(new URL('../../connectors/http/versions/2.0.0/', import.meta.url));
const KEY = Buffer.alloc(32, 21);
const SECRET = 'whsec_cli_instances_0123456789';
const TOKEN = 'Bearer cli-vendor-token-987654';

/** "relay", a vendor plugin in plain JavaScript: 2.0.0 requires `region`, which 1.x only allowed. */
function relaySource(version: string): string {
  const required = version.startsWith('2.') ? "['endpoint', 'region']" : "['endpoint']";
  const breaking = version.startsWith('2.') ? "breakingChanges: { '2': ['region is required: the relay routes by data residency'] }," : '';
  return `
import { defineConnector } from '@omnihub/connector-sdk';
export default defineConnector({
  manifest: {
    id: 'relay', version: '${version}', name: 'Relay', kind: 'generic', vendorApiVersion: 'relay-${version.slice(0, 1)}',
    capabilities: { actions: [{ name: 'send', consumes: ['order.created@1'], vendorPayload: 'relay.Order' }] },
    configSchema: { type: 'object', additionalProperties: false, required: ${required}, properties: { endpoint: { type: 'string', format: 'uri' }, region: { enum: ['eu', 'us'] } } },
    allowedHosts: [], allowedHostsFromConfig: ['endpoint'],
    compatibility: { sdk: '^0.1.0', canonical: { 'order.created': '^1' } },
    ${breaking}
  },
  actions: { send: { execute: () => Promise.resolve({}) } },
});
`;
}

async function plugin(dir: string, name: string, version: string, source: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ name, version, type: 'module', main: 'index.js' }));
  await writeFile(path.join(dir, 'index.js'), source);
}

describe('omnihub instances', () => {
  let scratch: string;
  let t: TestHub;
  let vendor: Server;
  let vendorUrl: string;
  let admin: Record<string, string>;
  let ops: Record<string, string>;
  let reader: Record<string, string>;
  const saved: Record<string, string | undefined> = {};

  /** Runs the CLI in this process (the bin itself runs in the exit-code test). */
  async function cli(args: string[], env: Record<string, string>): Promise<CliRun> {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(args, { out: (text) => stdout.push(text), err: (text) => stderr.push(text) }, env);
    return { code, stdout: stdout.map((text) => `${text}\n`).join(''), stderr: stderr.map((text) => `${text}\n`).join('') };
  }

  async function create(body: Record<string, unknown>): Promise<void> {
    const response = await t.call('POST', '/v1/instances', { key: t.keys.admin, body });
    assert.equal(response.status, 201, await response.text());
  }

  before(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), 'omnihub-cli-instances-'));
    const plugins = path.join(scratch, 'plugins');
    await mkdir(plugins, { recursive: true });
    await symlink(HTTP_2, path.join(plugins, 'http-2'));
    await plugin(path.join(plugins, 'relay-1'), '@acme/omnihub-relay', '1.0.0', relaySource('1.0.0'));
    await plugin(path.join(plugins, 'relay-2'), '@acme/omnihub-relay', '2.0.0', relaySource('2.0.0'));
    for (const [name, value] of Object.entries({ OMNIHUB_PLUGINS_DIR: plugins, OMNIHUB_SECRET_KEY: KEY.toString('base64') })) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
    vendor = createServer((request, response) => {
      response.writeHead(request.url === '/locked' ? 401 : 200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    await new Promise<void>((resolve) => vendor.listen(0, '127.0.0.1', resolve));
    vendorUrl = `http://127.0.0.1:${(vendor.address() as AddressInfo).port}`;
    t = await startTestHub(pgliteFactory);
    admin = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.admin };
    ops = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: (await createApiKey(t.hub.store, 'ops-cli', ['ops'])).key };
    reader = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.read };
    await create({ id: 'erp-v1', connectorId: 'http', version: '1.0.0', config: { baseUrl: vendorUrl, authorization: TOKEN, webhookSecret: SECRET } });
    await create({ id: 'erp-v2', connectorId: 'http', version: '2.0.0', config: { baseUrl: vendorUrl, webhookSecret: SECRET } });
    await create({ id: 'locked', connectorId: 'http', version: '1.0.0', config: { baseUrl: vendorUrl, authorization: TOKEN, healthPath: '/locked' } });
    await create({ id: 'relay-eu', connectorId: 'relay', version: '1.0.0', config: { endpoint: 'https://relay.example' } });
  });

  after(async () => {
    await t.close();
    await new Promise<void>((resolve) => vendor.close(() => resolve()));
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
    await rm(scratch, { recursive: true, force: true });
  });

  it('lists instances with the version each pins, as a table (the bin) and as JSON', async () => {
    const run = await omnihub(['instances', 'list'], reader);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ID\s+CONNECTOR\s+VERSION\s+PREVIOUS\s+STATE\s+REASON$/m);
    assert.match(run.stdout, /^erp-v1\s+http\s+1\.0\.0\s+enabled$/m);
    assert.match(run.stdout, /^erp-v2\s+http\s+2\.0\.0\s+enabled$/m);
    const asJson = await cli(['--json', 'instances', 'list'], reader);
    const items = JSON.parse(asJson.stdout) as { id: string; config: Record<string, unknown> }[];
    assert.deepEqual(items.map((i) => i.id), ['erp-v1', 'erp-v2', 'locked', 'relay-eu']);
    assert.doesNotMatch(run.stdout + asJson.stdout, /whsec_cli|cli-vendor-token/);
  });

  it('shows one instance with its secrets masked; an unknown one exits 1 with the 404', async () => {
    const run = await cli(['instances', 'show', 'erp-v1'], reader);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^erp-v1: http@1\.0\.0, enabled$/m);
    assert.match(run.stdout, /^previous version: none$/m);
    assert.match(run.stdout, /^ {2}webhookSecret: "\*{8}"$/m);
    assert.match(run.stdout, /^ {2}authorization: "\*{8}"$/m);
    assert.doesNotMatch(run.stdout, /whsec_cli|cli-vendor-token/);
    const missing = await cli(['instances', 'show', 'nope'], reader);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: no connector instance "nope" \[404 not-found\]$/m);
  });

  it('tests the connection: 0 when the vendor answers, 1 with the classified reason when it refuses', async () => {
    const ok = await cli(['instances', 'test', 'erp-v2'], ops);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^ok: erp-v2 reached its vendor$/m);
    const refused = await cli(['instances', 'test', 'locked'], ops);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /^error: connection check of locked failed: authentication .*401/m);
    assert.doesNotMatch(refused.stderr, /cli-vendor-token/);
    const forbidden = await cli(['instances', 'test', 'erp-v2'], reader);
    assert.equal(forbidden.code, 1);
    assert.match(forbidden.stderr, /needs the "ops" scope.*\[403 forbidden\]/);
  });

  it('pauses with a reason and resumes', async () => {
    const paused = await cli(['instances', 'pause', 'erp-v2', '--reason', 'vendor maintenance'], ops);
    assert.equal(paused.code, 0, paused.stderr);
    assert.match(paused.stdout, /^paused erp-v2: vendor maintenance$/m);
    const listed = await cli(['instances', 'list'], reader);
    assert.match(listed.stdout, /^erp-v2\s+http\s+2\.0\.0\s+paused\s+vendor maintenance$/m);
    assert.match(listed.stderr, /1 paused: fix the cause/);
    const resumed = await cli(['instances', 'resume', 'erp-v2'], ops);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.match(resumed.stdout, /^resumed erp-v2: it runs again \(http@2\.0\.0\)$/m);
  });

  it('prints an upgrade plan with --dry-run, with the breaking change, and changes nothing', async () => {
    const run = await cli(['instances', 'upgrade', 'erp-v1', '--to', '2.0.0', '--dry-run'], admin);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Upgrade plan for erp-v1: http 1\.0\.0 -> 2\.0\.0$/m);
    assert.match(run.stdout, /^ {2}config: valid for http@2\.0\.0$/m);
    assert.match(run.stdout, /^ {2}mappings: http@2\.0\.0 names none and the instance overrides none$/m);
    assert.match(run.stdout, /^ {2}breaking changes \(taken on\):\n {4}major 2:\n {6}- Inbound webhook signatures travel in one header, omnihub-signature/m);
    assert.match(run.stdout, /^dry run: nothing was changed$/m);
    const shown = JSON.parse((await cli(['--json', 'instances', 'show', 'erp-v1'], reader)).stdout) as { version: string };
    assert.equal(shown.version, '1.0.0');
  });

  it('upgrades, then rolls back to the previous version', async () => {
    const up = await cli(['instances', 'upgrade', 'erp-v1', '--to', '2.0.0'], admin);
    assert.equal(up.code, 0, up.stderr);
    assert.match(up.stdout, /^switched erp-v1 from http@1\.0\.0 to http@2\.0\.0 \(undo with `omnihub instances rollback erp-v1`\)$/m);
    assert.match((await cli(['instances', 'list'], reader)).stdout, /^erp-v1\s+http\s+2\.0\.0\s+1\.0\.0\s+enabled$/m);
    const back = await cli(['instances', 'rollback', 'erp-v1'], admin);
    assert.equal(back.code, 0, back.stderr);
    assert.match(back.stdout, /^Downgrade plan for erp-v1: http 2\.0\.0 -> 1\.0\.0$/m);
    assert.match(back.stdout, /^ {2}breaking changes \(undone\):$/m);
    assert.match(back.stdout, /^switched erp-v1 from http@2\.0\.0 to http@1\.0\.0$/m);
    assert.match((await cli(['instances', 'list'], reader)).stdout, /^erp-v1\s+http\s+1\.0\.0\s+2\.0\.0\s+enabled$/m);
  });

  it('exits 1 on a refused move, printing the plan and what failed; 2 on a missing --to', async () => {
    const refused = await cli(['instances', 'upgrade', 'relay-eu', '--to', '2.0.0'], admin);
    assert.equal(refused.code, 1);
    assert.match(refused.stdout, /^ {2}config: refused by relay@2\.0\.0\n {4}\/config\/region: must have required property 'region'$/m);
    assert.match(refused.stdout, /^ {6}- region is required: the relay routes by data residency$/m);
    assert.match(refused.stdout, /^nothing was changed$/m);
    assert.match(refused.stderr, /^error: the upgrade of relay-eu to relay@2\.0\.0 would be refused: fix what failed above first$/m);
    const notInstalled = await cli(['instances', 'upgrade', 'erp-v2', '--to', '9.9.9'], admin);
    assert.equal(notInstalled.code, 1);
    assert.match(notInstalled.stderr, /http@9\.9\.9 is not installed \(installed: 2\.0\.0, 1\.0\.0\) \[422 validation-failed\]\n {2}\/to: /);
    const never = await cli(['instances', 'rollback', 'erp-v2'], admin);
    assert.equal(never.code, 1);
    assert.match(never.stderr, /"erp-v2" has no previous version to return to.*\[409 conflict\]/);
    const noTo = await cli(['instances', 'upgrade', 'erp-v1'], admin);
    assert.equal(noTo.code, 2);
    assert.match(noTo.stderr, /required option '--to <version>' not specified/);
    const forbidden = await cli(['instances', 'upgrade', 'erp-v1', '--to', '2.0.0', '--dry-run'], ops);
    assert.equal(forbidden.code, 1);
    assert.match(forbidden.stderr, /needs the "admin" scope/);
  });
});
