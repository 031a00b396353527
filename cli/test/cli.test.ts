import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pgliteFactory } from '@omnihub/core/testing';
import { startTestHub, validFixtures, type TestHub } from '../../openapi/test/support.ts';
import { omnihub } from './run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'omnihub-cli-'));

describe('omnihub CLI', () => {
  let t: TestHub;
  let env: Record<string, string>;
  before(async () => {
    t = await startTestHub(pgliteFactory);
    env = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.read };
  });
  after(async () => {
    await t.close();
  });

  it('validates a good document offline and exits 0', async () => {
    const file = path.join(dir, 'good-order.json');
    writeFileSync(file, JSON.stringify(validFixtures('order')[0]));
    const run = await omnihub(['schemas', 'validate', file, '--schema', 'order@1']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /is a valid order@1/);
  });

  it('exits 1 and names the failing JSON path of a bad document', async () => {
    const order = structuredClone(validFixtures('order')[0]) as { lines: { quantity: number }[] };
    const line = order.lines[0];
    assert.ok(line);
    line.quantity = -2;
    const file = path.join(dir, 'bad-order.json');
    writeFileSync(file, JSON.stringify(order));
    const run = await omnihub(['schemas', 'validate', file, '--schema', 'order@1']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /not a valid order@1/);
    assert.match(run.stderr, /\/lines\/0\/quantity: must be >= 1 \(minimum\)/);
  });

  it('exits 1 on a file that is not JSON, 2 on a malformed schema reference or command', async () => {
    const file = path.join(dir, 'not-json.json');
    writeFileSync(file, '{ nope');
    assert.equal((await omnihub(['schemas', 'validate', file, '--schema', 'order@1'])).code, 1);
    const usage = await omnihub(['schemas', 'validate', file, '--schema', 'order@one']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /positive integer/);
    assert.equal((await omnihub(['schemas', 'frobnicate'])).code, 2);
    assert.equal((await omnihub(['schemas', 'validate', file])).code, 2);
  });

  it('lists schemas as a table and as JSON', async () => {
    const table = await omnihub(['schemas', 'list'], env);
    assert.equal(table.code, 0, table.stderr);
    assert.match(table.stdout, /^NAME\s+VERSION\s+KIND/m);
    assert.match(table.stdout, /^order\s+2\s+entity\s+yes/m);
    const json = await omnihub(['--json', 'schemas', 'list', '--kind', 'event'], env);
    const items = JSON.parse(json.stdout) as { kind: string }[];
    assert.ok(items.length > 10 && items.every((item) => item.kind === 'event'));
  });

  it('shows a schema, the newest version when none is given', async () => {
    const run = await omnihub(['schemas', 'show', 'order'], env);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(run.stdout) as { $id: string }).$id, 'https://schemas.omnihub.dev/order/v2.schema.json');
    const missing = await omnihub(['schemas', 'show', 'order@7'], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /schema-not-found/);
  });

  it('reports status, and a clear reason without a key or without a hub', async () => {
    const status = await omnihub(['status'], env);
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /ready/);
    assert.match(status.stdout, /database\s+up/);
    const noKey = await omnihub(['schemas', 'list'], { OMNIHUB_URL: t.hub.url });
    assert.equal(noKey.code, 1);
    assert.match(noKey.stderr, /OMNIHUB_API_KEY/);
    const noHub = await omnihub(['status', '--url', 'http://127.0.0.1:9']);
    assert.equal(noHub.code, 1);
    assert.match(noHub.stderr, /cannot reach the hub/);
  });
});
