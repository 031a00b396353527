import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey, createEvent, Events, readAudit, type PayloadOf } from '@omnihub/core';
import { pgliteFactory, waitFor } from '@omnihub/core/testing';
import { startTestHub, subscribeUnconfigured, uniqueName, validFixtures, type TestHub } from '../../openapi/test/support.ts';
import { omnihub } from './run-cli.ts';

type OrderCreatedData = PayloadOf<typeof Events.OrderCreated>;

describe('omnihub keys and subscribers', () => {
  let t: TestHub;
  let admin: Record<string, string>;
  let ops: Record<string, string>;
  let reader: Record<string, string>;

  before(async () => {
    t = await startTestHub(pgliteFactory);
    const adminKey = await createApiKey(t.hub.store, 'admin-carla', ['admin']);
    const opsKey = await createApiKey(t.hub.store, 'ops-bob', ['ops']);
    admin = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: adminKey.key };
    ops = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: opsKey.key };
    reader = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.read };
  });
  after(async () => {
    await t.close();
  });

  it('creates a key, printing it once with a warning; lists keys as a table and as JSON, without their text', async () => {
    const name = uniqueName('backend');
    const created = await omnihub(['keys', 'create', name, '--scope', 'read,write', 'read'], admin);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /Store this key now .*shown only once/);
    const [title, key, ...rest] = created.stdout.trimEnd().split('\n');
    assert.match(title ?? '', new RegExp(`^Issued key [a-z0-9]{10} "${name}" with scopes read, write:$`));
    assert.match(key ?? '', /^ohk_[a-z0-9]{10}_[A-Za-z0-9_-]{20,}$/);
    assert.deepEqual(rest, []);
    const id = key?.split('_')[1] ?? '';
    // the key works at once, within its scopes
    assert.equal((await omnihub(['subscribers', 'list'], { ...admin, OMNIHUB_API_KEY: key ?? '' })).code, 0);

    const listed = await omnihub(['keys', 'list'], admin);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^ID\s+NAME\s+SCOPES\s+CREATED\s+REVOKED$/m);
    assert.match(listed.stdout, new RegExp(`^${id}\\s+${name}\\s+read,write\\s+\\S+Z$`, 'm'));
    assert.ok(!listed.stdout.includes(key ?? '-'), 'the key text is never listed');

    const asJson = await omnihub(['--json', 'keys', 'list'], admin);
    const items = JSON.parse(asJson.stdout) as { id: string; name: string; scopes: string[]; revokedAt: string | null }[];
    assert.deepEqual(items.find((item) => item.id === id)?.scopes, ['read', 'write']);

    const scripted = await omnihub(['--json', 'keys', 'create', uniqueName('script'), '--scope', 'ops'], admin);
    assert.equal(scripted.code, 0, scripted.stderr);
    const issued = JSON.parse(scripted.stdout) as { id: string; key: string; scopes: string[] };
    assert.deepEqual(issued.scopes, ['ops']);
    assert.ok(issued.key.startsWith(`ohk_${issued.id}_`));
    assert.match(scripted.stderr, /Store this key now/);
  });

  it('exits 1 on a taken name or a missing admin scope, 2 on an unknown or missing scope', async () => {
    const name = uniqueName('taken');
    assert.equal((await omnihub(['keys', 'create', name, '--scope', 'read'], admin)).code, 0);
    const taken = await omnihub(['keys', 'create', name, '--scope', 'read'], admin);
    assert.equal(taken.code, 1);
    assert.match(taken.stderr, new RegExp(`^error: a key named ${name} already exists .*\\[409 conflict\\]$`, 'm'));
    const unknown = await omnihub(['keys', 'create', uniqueName('bad'), '--scope', 'root'], admin);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /unknown scope "root": scopes are read, write, ops, admin/);
    assert.equal((await omnihub(['keys', 'create', uniqueName('none')], admin)).code, 2);
    const forbidden = await omnihub(['keys', 'list'], reader);
    assert.equal(forbidden.code, 1);
    assert.match(forbidden.stderr, /needs the "admin" scope.*\[403 forbidden\]/);
  });

  it('revokes a key with an audited reason; the key is refused at once; a second revoke exits 1', async () => {
    const name = uniqueName('laptop');
    const created = JSON.parse((await omnihub(['--json', 'keys', 'create', name, '--scope', 'read'], admin)).stdout) as { id: string; key: string };
    const revoked = await omnihub(['keys', 'revoke', created.id, '--reason', 'laptop lost'], admin);
    assert.equal(revoked.code, 0, revoked.stderr);
    assert.equal(revoked.stdout.trim(), `revoked key ${created.id} "${name}": its next request gets 401`);
    const refused = await omnihub(['subscribers', 'list'], { ...admin, OMNIHUB_API_KEY: created.key });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /unknown or revoked \[401 unauthorized\]/);
    const listed = JSON.parse((await omnihub(['--json', 'keys', 'list'], admin)).stdout) as { id: string; revokedAt: string | null }[];
    assert.notEqual(listed.find((key) => key.id === created.id)?.revokedAt ?? null, null);
    const [line] = await readAudit(t.hub.store, `api-key:${created.id}`);
    assert.equal(line?.actor, 'admin-carla');
    assert.equal(line.action, 'revoke-api-key');
    assert.equal(line.reason, 'laptop lost');
    const again = await omnihub(['keys', 'revoke', created.id], admin);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already revoked at .*\[404 not-found\]/);
  });

  it('lists a paused subscriber with its reason and resumes it, after which it handles its waiting message', async () => {
    const name = uniqueName('cli-pause');
    const { handled, configure } = await subscribeUnconfigured(t.hub, name, 'missing credentials for store berlin-1');
    const event = createEvent(Events.OrderCreated, validFixtures('order.created')[0] as OrderCreatedData, { source: '/tests/cli-admin' });
    assert.equal((await t.call('POST', '/v1/events', { key: t.keys.write, body: event })).status, 202);
    await waitFor(async () => new RegExp(`^${name}\\s+yes\\s+yes`, 'm').test((await omnihub(['subscribers', 'list'], reader)).stdout), { message: 'the pause', timeoutMs: 60_000 });
    const listed = await omnihub(['subscribers', 'list'], reader);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^NAME\s+PAUSED\s+RUNNING\s+UPDATED\s+REASON$/m);
    assert.match(listed.stdout, new RegExp(`^${name}\\s+yes\\s+yes\\s+\\S+Z\\s+\\S+: missing credentials for store berlin-1$`, 'm'));
    assert.match(listed.stderr, /paused: fix the cause .*omnihub subscribers resume <name>/);
    const asJson = JSON.parse((await omnihub(['--json', 'subscribers', 'list'], reader)).stdout) as { name: string; paused: boolean; running: boolean }[];
    assert.deepEqual(asJson.filter((s) => s.name === name).map((s) => [s.paused, s.running]), [[true, true]]);

    const notOps = await omnihub(['subscribers', 'resume', name], reader);
    assert.equal(notOps.code, 1);
    assert.match(notOps.stderr, /needs the "ops" scope.*\[403 forbidden\]/);
    configure();
    const resumed = await omnihub(['subscribers', 'resume', name, '--reason', 'credentials added'], ops);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(resumed.stdout.trim(), `resumed ${name}: it consumes its waiting messages again`);
    await waitFor(() => handled.length === 1, { message: 'the delivery after the resume', timeoutMs: 60_000 });
    assert.deepEqual(handled, [event.id]);
    const [line] = await readAudit(t.hub.store, `subscriber:${name}`);
    assert.equal(line?.actor, 'ops-bob');
    assert.equal(line.reason, 'credentials added');
  });

  it('resumes a subscriber running elsewhere, as JSON; an unknown subscriber exits 1', async () => {
    const name = uniqueName('cli-remote');
    await t.hub.store.query("insert into subscriber_state (subscriber, paused, reason) values ($1, true, 'auth.expired: token expired')", [name]);
    const told = await omnihub(['subscribers', 'resume', name], ops);
    assert.equal(told.code, 0, told.stderr);
    assert.equal(told.stdout.trim(), `resumed ${name}: the processes running it resume within about 5 seconds`);
    const again = JSON.parse((await omnihub(['--json', 'subscribers', 'resume', name], ops)).stdout) as { name: string; paused: boolean; reason: string | null; running: boolean };
    assert.deepEqual([again.name, again.paused, again.reason, again.running], [name, false, null, false]);
    const unknown = await omnihub(['subscribers', 'resume', uniqueName('cli-none')], ops);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /^error: no subscriber t-cli-none-\w+; omnihub subscribers list shows them \[404 not-found\]$/m);
  });
});
