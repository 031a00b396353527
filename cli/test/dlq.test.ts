import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiKey, createEvent, Events, listDeadLetters, readAudit, type CloudEvent, type PayloadOf } from '@omnihub/core';
import { freshName, pgliteFactory, waitFor } from '@omnihub/core/testing';
import { startTestHub, subscribeRefusing, validFixtures, type TestHub } from '../../openapi/test/support.ts';
import { omnihub, type CliRun } from './run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'omnihub-dlq-'));

type OrderCreatedData = PayloadOf<typeof Events.OrderCreated>;

function order(sku: string): CloudEvent<OrderCreatedData> {
  const data = structuredClone(validFixtures('order.created')[0] as OrderCreatedData);
  for (const line of data.order.lines.slice(0, 1)) line.sku = sku;
  return createEvent(Events.OrderCreated, data, { source: '/tests/cli-dlq' });
}

function writeJson(name: string, value: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('omnihub dlq and trace', () => {
  let t: TestHub;
  let env: Record<string, string>;

  /** A subscriber refusing orders whose first SKU is `bad`; returns the SKUs it handled. */
  async function refusing(bad: string): Promise<{ name: string; handled: string[] }> {
    const name = freshName('cli').replaceAll('_', '-');
    return { name, handled: await subscribeRefusing(t.hub, name, bad) };
  }

  /** Publishes `count` refused orders and waits for their dead letters. */
  async function deadLetters(name: string, sku: string, count: number): Promise<CloudEvent<OrderCreatedData>[]> {
    const events = Array.from({ length: count }, () => order(sku));
    for (const event of events) {
      const response = await t.call('POST', '/v1/events', { key: t.keys.write, body: event });
      assert.equal(response.status, 202, await response.text());
    }
    await waitFor(async () => (await listDeadLetters(t.hub.store, { subscriber: name }, { limit: count + 1 })).items.length === count, { message: `${count} dead letters`, timeoutMs: 30_000 });
    return events;
  }

  before(async () => {
    t = await startTestHub(pgliteFactory);
    const ops = await createApiKey(t.hub.store, 'ops-bob', ['ops']);
    env = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: ops.key };
  });
  after(async () => {
    await t.close();
  });

  it('lists dead letters as a table, as JSON, one page or all', async () => {
    const { name } = await refusing('T-BAD-LIST');
    await deadLetters(name, 'T-BAD-LIST', 3);
    const listed = await omnihub(['dlq', 'list', '--subscriber', name], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /^ID\s+CREATED\s+SUBSCRIBER\s+TYPE\s+CODE\s+ATTEMPTS\s+STATUS\s+MESSAGE$/m);
    const rows = listed.stdout.split('\n').filter((line) => line.includes(name));
    assert.equal(rows.length, 3);
    assert.match(rows[0] ?? '', /order\.created\s+vendor\.sku-unknown\s+1\s+open\s+SKU T-BAD-LIST is unknown at the vendor/);
    const page = await omnihub(['dlq', 'list', '--subscriber', name, '--limit', '2', '--json'], env);
    assert.equal(page.code, 0, page.stderr);
    const first = JSON.parse(page.stdout) as { items: { id: string }[]; nextCursor?: string };
    assert.equal(first.items.length, 2);
    assert.ok(first.nextCursor);
    const hinted = await omnihub(['dlq', 'list', '--subscriber', name, '--limit', '1'], env);
    assert.match(hinted.stderr, /more dead letters match: pass --all/);
    const all = await omnihub(['--json', 'dlq', 'list', '--subscriber', name, '--limit', '1', '--all'], env);
    const everything = JSON.parse(all.stdout) as { items: { id: string }[]; nextCursor?: string };
    assert.equal(new Set(everything.items.map((item) => item.id)).size, 3);
    assert.equal(everything.nextCursor, undefined);
    const none = await omnihub(['dlq', 'list', '--subscriber', name, '--status', 'replayed', '--from', '2020-01-01'], env);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /no dead letters match/);
    assert.equal((await omnihub(['dlq', 'list', '--status', 'closed'], env)).code, 2);
    assert.equal((await omnihub(['dlq', 'list', '--from', 'yesterday'], env)).code, 2);
    assert.equal((await omnihub(['dlq', 'list', '--limit', '0'], env)).code, 2);
  });

  it('shows a dead letter for people and as JSON; an unknown id exits 1', async () => {
    const { name } = await refusing('T-BAD-SHOW');
    const [event] = await deadLetters(name, 'T-BAD-SHOW', 1);
    const [letter] = (await listDeadLetters(t.hub.store, { subscriber: name }, { limit: 1 })).items;
    assert.ok(letter && event);
    const shown = await omnihub(['dlq', 'show', letter.id], env);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Error\s+permanent vendor\.sku-unknown: SKU T-BAD-SHOW is unknown at the vendor/);
    assert.match(shown.stdout, new RegExp(`Correlation\\s+${event.correlationid ?? ''} \\(omnihub trace`));
    assert.match(shown.stdout, /Attempts:\nATTEMPT\s+AT\s+KIND\s+CODE\s+MESSAGE/);
    assert.match(shown.stdout, /^1\s+\S+\s+permanent\s+vendor\.sku-unknown/m);
    assert.match(shown.stdout, /Audit:\n {2}\(none\)/);
    assert.match(shown.stdout, /Stack:\n {2}PermanentFailure/);
    assert.match(shown.stdout, /"sku": "T-BAD-SHOW"/);
    const raw = await omnihub(['--json', 'dlq', 'show', letter.id], env);
    const document = JSON.parse(raw.stdout) as { id: string; envelope: { id: string }; audit: unknown[] };
    assert.equal(document.id, letter.id);
    assert.equal(document.envelope.id, event.id);
    const missing = await omnihub(['dlq', 'show', randomUUID()], env);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /^error: no dead letter .* \[404 not-found\]$/m);
  });

  it('refuses a replay without a target, without --reason, or unconfirmed without a terminal (exit 2)', async () => {
    const noTarget = await omnihub(['dlq', 'replay', '--reason', 'why'], env);
    assert.equal(noTarget.code, 2);
    assert.match(noTarget.stderr, /say what to replay: --id/);
    const noReason = await omnihub(['dlq', 'replay', '--subscriber', 'flow.x'], env);
    assert.equal(noReason.code, 2);
    assert.match(noReason.stderr, /--reason/);
    const both = await omnihub(['dlq', 'replay', '--id', randomUUID(), '--subscriber', 'flow.x', '--reason', 'why'], env);
    assert.equal(both.code, 2);
    assert.equal((await omnihub(['dlq', 'replay', '--subscriber', 'flow.x', '--reason', 'why', '--rate', '0'], env)).code, 2);
    const { name } = await refusing('T-BAD-ASK');
    await deadLetters(name, 'T-BAD-ASK', 1);
    const unconfirmed = await omnihub(['dlq', 'replay', '--subscriber', name, '--reason', 'why'], env);
    assert.equal(unconfirmed.code, 2);
    assert.match(unconfirmed.stderr, /1 dead letter match/);
    assert.match(unconfirmed.stderr, /pass --yes/);
    assert.equal((await listDeadLetters(t.hub.store, { subscriber: name, status: 'open' }, { limit: 5 })).items.length, 1, 'nothing replayed');
  });

  it('replays by filter with a patch file in chunks, with progress on stderr and a summary', async () => {
    const { name, handled } = await refusing('T-BAD-BULK');
    const count = 55; // more than one chunk of 50
    const events = await deadLetters(name, 'T-BAD-BULK', count);
    const fix = writeJson('fix.json', [
      { op: 'test', path: '/order/lines/0/sku', value: 'T-BAD-BULK' },
      { op: 'replace', path: '/order/lines/0/sku', value: 'T-GOOD-BULK' },
    ]);
    const breaks = writeJson('breaks.json', [{ op: 'replace', path: '/order/lines/0/quantity', value: 0 }]);

    const dry = await omnihub(['dlq', 'replay', '--subscriber', name, '--reason', 'check', '--patch', fix, '--dry-run'], env);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^would-replay\s+55$/m);
    assert.match(dry.stdout, /Dry run: would replay 55 of 55 dead letters/);

    const invalid = await omnihub(['dlq', 'replay', '--subscriber', name, '--error-code', 'vendor.sku-unknown', '--reason', 'oops', '--patch', breaks, '--yes'], env);
    assert.equal(invalid.code, 1);
    assert.match(invalid.stdout, /^invalid\s+55$/m);
    assert.match(invalid.stdout, /\/data\/order\/lines\/0\/quantity must be >= 1/);
    assert.match(invalid.stderr, /^error: 55 of 55 dead letters could not be replayed$/m);
    assert.deepEqual(handled, []);

    const done = await omnihub(['dlq', 'replay', '--subscriber', name, '--reason', 'SKU renamed', '--patch', fix, '--yes'], env);
    assert.equal(done.code, 0, done.stderr);
    assert.match(done.stderr, /^55 dead letters match$/m);
    assert.match(done.stderr, /^replaying \[\.+\] 0\/55$/m);
    assert.match(done.stderr, /^replaying \[#+\.+\] 50\/55$/m);
    assert.match(done.stderr, /^replaying \[#+\] 55\/55$/m);
    assert.match(done.stdout, /^STATUS\s+COUNT\n-+\s+-+\nreplayed\s+55$/m);
    assert.match(done.stdout, /replayed 55 of 55 dead letters/);
    await waitFor(() => handled.length === count, { message: 'every replay handled', timeoutMs: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.deepEqual(handled.sort(), events.map((e) => `${e.id} T-GOOD-BULK`).sort(), 'each delivered once, patched');
    const [letter] = (await listDeadLetters(t.hub.store, { subscriber: name }, { limit: 1 })).items;
    const [line] = await readAudit(t.hub.store, `dead-letter:${letter?.id ?? ''}`);
    assert.equal(line?.actor, 'ops-bob');
    assert.equal(line.action, 'edit-and-replay');
    assert.equal(line.reason, 'SKU renamed');
  });

  it('replays by id, and exits 1 when an id is unknown or the patch file is not a patch', async () => {
    const { name, handled } = await refusing('T-BAD-IDS');
    await deadLetters(name, 'T-BAD-IDS', 1);
    const [letter] = (await listDeadLetters(t.hub.store, { subscriber: name }, { limit: 1 })).items;
    assert.ok(letter);
    const unknown = randomUUID();
    const run = await omnihub(['--json', 'dlq', 'replay', '--id', letter.id, unknown, '--reason', 'retry after the vendor fix', '--rate', '5'], env);
    assert.equal(run.code, 1);
    const report = JSON.parse(run.stdout) as { replayed: number; notFound: string[] };
    assert.equal(report.replayed, 1);
    assert.deepEqual(report.notFound, [unknown]);
    assert.match(run.stderr, /1 of 2 dead letters could not be replayed/);
    const [line] = await readAudit(t.hub.store, `dead-letter:${letter.id}`);
    assert.equal(line?.action, 'replay');
    assert.equal(line.reason, 'retry after the vendor fix');
    // the subscriber still refuses it: it comes back to dead letters, replay included in its history
    await waitFor(async () => (await listDeadLetters(t.hub.store, { subscriber: name }, { limit: 1 })).items[0]?.attemptHistory.length === 3, { message: 'the reopened dead letter' });
    assert.deepEqual(handled, []);
    const notPatch = await omnihub(['dlq', 'replay', '--id', letter.id, '--reason', 'x', '--patch', writeJson('object.json', { op: 'remove' })], env);
    assert.equal(notPatch.code, 1);
    assert.match(notPatch.stderr, /must hold a JSON Patch/);
  });

  it('purges with --yes and an audited reason; refuses without a terminal; exits 1 on an absent id', async () => {
    const { name } = await refusing('T-BAD-PURGE');
    await deadLetters(name, 'T-BAD-PURGE', 2);
    const ids = (await listDeadLetters(t.hub.store, { subscriber: name }, { limit: 2 })).items.map((l) => l.id);
    const unconfirmed = await omnihub(['dlq', 'purge', ...ids], env);
    assert.equal(unconfirmed.code, 2);
    assert.match(unconfirmed.stderr, /pass --yes/);
    const purged = await omnihub(['dlq', 'purge', ...ids, '--reason', 'test orders', '--yes'], env);
    assert.equal(purged.code, 0, purged.stderr);
    for (const id of ids) assert.match(purged.stdout, new RegExp(`^purged ${id}$`, 'm'));
    assert.equal((await listDeadLetters(t.hub.store, { subscriber: name }, { limit: 2 })).items.length, 0);
    const [line] = await readAudit(t.hub.store, `dead-letter:${ids[0] ?? ''}`);
    assert.equal(line?.action, 'purge');
    assert.equal(line.actor, 'ops-bob');
    assert.equal(line.reason, 'test orders');
    const again = await omnihub(['dlq', 'purge', ids[0] ?? '', '--yes'], env);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /not purged .*404 not-found/);
  });

  it('traces a correlation id as a table and as JSON; unknown ids and foreign scopes exit 1', async () => {
    const { handled } = await refusing('T-NEVER');
    const correlationId = `cli-${randomUUID()}`;
    const event = order('T-TRACE');
    delete event.correlationid;
    const response = await t.call('POST', '/v1/events', { key: t.keys.write, body: event, headers: { 'x-correlation-id': correlationId } });
    assert.equal(response.status, 202);
    await waitFor(() => handled.length === 1, { message: 'the delivery' });
    let run: CliRun | undefined;
    await waitFor(async () => {
      run = await omnihub(['trace', correlationId], env);
      return /\spublished\s/.test(run.stdout) && /\shandled\s/.test(run.stdout);
    }, { message: 'published and handled in the trace' });
    assert.ok(run);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^AT\s+EVENT\s+TYPE\s+SUBSCRIBER\s+OUTCOME\s+ATTEMPT\s+DETAIL$/m);
    assert.match(run.stdout, new RegExp(`${event.id}\\s+order\\.created\\s+\\*\\s+published`));
    const json = await omnihub(['trace', correlationId, '--json'], env);
    const trace = JSON.parse(json.stdout) as { correlationId: string; events: { eventId: string }[] };
    assert.equal(trace.correlationId, correlationId);
    assert.equal(trace.events[0]?.eventId, event.id);
    const unknown = await omnihub(['trace', `nothing-${randomUUID()}`], env);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /nothing is logged for correlation id/);
    const reader = await omnihub(['dlq', 'list'], { ...env, OMNIHUB_API_KEY: t.keys.read });
    assert.equal(reader.code, 1);
    assert.match(reader.stderr, /needs the "ops" scope.*\[403 forbidden\]/);
  });
});
