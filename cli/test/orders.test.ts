import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createEvent, Events } from '@omnihub/core';
import { pgliteFactory, waitFor } from '@omnihub/core/testing';
import type { components } from '@omnihub/openapi';
import { NETWORK, order, seedStock, SHIP_PROFILE } from '../../core/test/routing/support.ts';
import { startTestHub, type TestHub } from '../../openapi/test/support.ts';
import { runCli } from '../src/program.ts';

type OrderView = components['schemas']['OrderView'];


const dir = mkdtempSync(path.join(tmpdir(), 'omnihub-routing-cli-'));

function file(name: string, text: string): string {
  const target = path.join(dir, name);
  writeFileSync(target, text);
  return target;
}

/** One CLI run in this process: exit code and what it printed. */
async function omnihub(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (text) => out.push(text), err: (text) => err.push(text) }, env);
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('omnihub orders, locations and routing', () => {
  let t: TestHub;
  let admin: Record<string, string>;
  let reader: Record<string, string>;

  before(async () => {
    // A body limit that takes 1,000 orders in one simulation request, as the hub's default does.
    t = await startTestHub(pgliteFactory, { OMNIHUB_MAX_BODY_BYTES: String(1024 * 1024) });
    admin = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.admin };
    reader = { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: t.keys.read };
  });
  after(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('applies a locations file: plan first, then apply, then nothing left to do', async () => {
    // JSON is YAML too: the network as a flow mapping.
    const locations = file('locations.yaml', `# kept in git\nlocations:\n${NETWORK.map((l) => `  - ${JSON.stringify(l)}`).join('\n')}\n`);
    const plan = await omnihub(['locations', 'apply', locations, '--dry-run'], admin);
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /create\s+dc-hamburg/);
    assert.match(plan.stdout, /Plan: 4 to create, 0 to update, 0 to close, 0 unchanged \(dry run: nothing changed\)/);
    const applied = await omnihub(['locations', 'apply', locations], admin);
    assert.match(applied.stdout, /Applied: 4 created, 0 updated, 0 closed, 0 unchanged/);
    const again = await omnihub(['locations', 'apply', locations], admin);
    assert.match(again.stdout, /Applied: 0 created, 0 updated, 0 closed, 4 unchanged/);

    const list = await omnihub(['locations', 'list', '--type', 'store'], reader);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /store-berlin\s+Store Berlin\s+store\s+open\s+pickup,ship-from-store\s+50/);
    assert.doesNotMatch(list.stdout, /dc-hamburg/);
    const shown = await omnihub(['--json', 'locations', 'show', 'wh-munich'], reader);
    assert.equal((JSON.parse(shown.stdout) as { location: { type: string } }).location.type, 'warehouse');

    const broken = await omnihub(['locations', 'apply', file('broken.yaml', 'locations:\n  - id: x\n    name: X\n    type: moon-base\n    status: open\n    capabilities: []\n')], admin);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /nothing was applied/);
    assert.match(broken.stderr, /\/locations\/0\/type/);
    assert.equal((await omnihub(['locations', 'show', 'nowhere'], reader)).code, 1);
  });

  it('creates, shows, activates and deactivates profile versions', async () => {
    const profileFile = file(
      'profile.yaml',
      [
        'id: cli-ship',
        'comment: stock first',
        'definition:',
        '  priority: 10',
        '  conditions:',
        '    match: all',
        '    rules:',
        '      - { path: deliveryMethod, operator: in, value: [ship, pickup, ship-from-store] }',
        '  criteria:',
        '    - type: stock',
        '    - type: daily-capacity',
        '    - type: distance',
        '  split:',
        '    maxShipments: 3',
        '  acceptanceMinutes: 30',
        '',
      ].join('\n'),
    );
    const created = await omnihub(['routing', 'profiles', 'create', profileFile], admin);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stdout, /created cli-ship@1 \(draft\)/);
    const single = file('profile-2.json', JSON.stringify({ id: 'cli-ship', comment: 'one shipment', definition: { ...SHIP_PROFILE, split: { maxShipments: 1 } } }));
    assert.match((await omnihub(['routing', 'profiles', 'create', single], admin)).stdout, /created cli-ship@2/);
    assert.match((await omnihub(['routing', 'profiles', 'activate', 'cli-ship@1'], admin)).stdout, /cli-ship@1 is active/);

    const list = await omnihub(['routing', 'profiles', 'list'], reader);
    assert.match(list.stdout, /cli-ship@2\s+draft\s+10\s+stock > daily-capacity > distance\s+1\s+one shipment/);
    assert.match(list.stdout, /cli-ship@1\s+active/);
    assert.match(list.stdout, /default@1\s+active/);
    const shown = await omnihub(['routing', 'profiles', 'show', 'cli-ship@1'], reader);
    assert.match(shown.stdout, /Profile\s+cli-ship@1 \(active\), priority 10: stock first/);
    assert.match(shown.stdout, /"maxShipments": 3/);
    assert.match((await omnihub(['routing', 'profiles', 'show', 'cli-ship'], reader)).stdout, /2\s+draft/);

    const bad = await omnihub(['routing', 'profiles', 'create', file('bad-profile.yaml', 'id: cli-bad\ndefinition:\n  priority: 1\n  criteria: []\n  split: { maxShipments: 1 }\n')], admin);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /\/definition\/criteria/);
    assert.equal((await omnihub(['routing', 'profiles', 'activate', 'cli-ship'], admin)).code, 2, 'a version is needed');
    assert.equal((await omnihub(['routing', 'profiles', 'activate', 'cli-ship@2'], reader)).code, 1, 'a read key cannot activate');
  });

  it('shows an order and explains why each candidate won or lost, across a re-routing', async () => {
    await seedStock(t.hub.store, t.hub.registry, { 'store-berlin': { TSH: 2, SCK: 1 }, 'dc-hamburg': { JKT: 9, SCK: 4 }, 'wh-munich': { TSH: 9 } });
    const response = await t.call('POST', '/v1/orders', { key: t.keys.write, body: order('cli-o1', { TSH: 1, JKT: 1 }) });
    assert.equal(response.status, 201, await response.text());

    const shown = await omnihub(['orders', 'show', 'cli-o1'], reader);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Status\s+routed \(customer sees OrderProcessing\), ship/);
    assert.match(shown.stdout, /Fulfillments:/);
    assert.match(shown.stdout, /received/);

    const explained = await omnihub(['routing', 'explain', 'cli-o1'], reader);
    assert.equal(explained.code, 0, explained.stderr);
    assert.match(explained.stdout, /Decision 1: cli-ship@1 at .*; fewest-split, 2 locations/);
    assert.match(explained.stdout, /RANK\s+LOCATION\s+TOTAL\s+STOCK\s+DAILY-CAPACITY\s+DISTANCE\s+RESULT/);
    assert.match(explained.stdout, /store-berlin\s+[\d.]+\s+0\.50\s+.*won: ln-1×1/);
    assert.match(explained.stdout, /dc-hamburg\s+[\d.]+\s+.*won: ln-2×1/);
    assert.match(explained.stdout, /store-potsdam\s+-\s+x\s+.*excluded: insufficient-stock:TSH, insufficient-stock:JKT/);
    assert.match(explained.stdout, /Why:\n {2}store-berlin\n {4}stock\s+0\.50 {2}1 of 2 units available; short of JKT/);

    const view = (await (await t.call('GET', '/v1/orders/cli-o1', { key: t.keys.read })).json()) as OrderView;
    const berlin = view.fulfillments.find((f) => f.locationId === 'store-berlin');
    assert.ok(berlin);
    const { acceptBy: _deadline, ...fulfillment } = berlin;
    const rejected = createEvent(Events.FulfillmentRejected, { fulfillment: { ...fulfillment, status: 'rejected' }, reason: 'out-of-stock', lineIds: ['ln-1'] }, { source: '/tests/cli' });
    assert.equal((await t.call('POST', '/v1/events', { key: t.keys.write, body: rejected })).status, 202);
    await waitFor(async () => ((await (await t.call('GET', '/v1/orders/cli-o1', { key: t.keys.read })).json()) as OrderView).decisions.length === 2, { message: 're-routing', timeoutMs: 60_000 });
    const again = await omnihub(['routing', 'explain', 'cli-o1'], reader);
    assert.match(again.stdout, /Decision 2: cli-ship@1/);
    assert.match(again.stdout, /wh-munich\s+[\d.]+\s+.*won: ln-1×1/);
    assert.match(again.stdout, /store-berlin\s+-\s+.*excluded: rejected:out-of-stock/);

    const cancelled = await omnihub(['orders', 'cancel', 'cli-o1', '--reason', 'customer-request'], { ...reader, OMNIHUB_API_KEY: t.keys.write });
    assert.equal(cancelled.code, 0, cancelled.stderr);
    assert.match(cancelled.stdout, /order cli-o1 is cancelled/);
    const missing = await omnihub(['routing', 'explain', 'cli-none'], reader);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /no order cli-none \[404 not-found\]/);
  });

  it('simulates 1,000 orders against two profile versions and prints both reports side by side', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => {
      const o = order(`cli-sim-${i}`, i % 3 === 0 ? { TSH: 1, JKT: 1 } : { JKT: 1 });
      // A mix of the shapes a replay file may hold: orders, order.created data and events.
      return JSON.stringify(i % 10 === 0 ? { order: o } : i % 10 === 1 ? { specversion: '1.0', type: 'order.created', id: `e-${i}`, source: '/x', data: { order: o } } : o);
    });
    const orders = file('orders.jsonl', `${lines.join('\n')}\n`);
    const run = await omnihub(['routing', 'simulate', '--profile', 'cli-ship@1', '--orders', orders, '--compare', 'cli-ship@2'], reader);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /METRIC\s+cli-ship@1\s+cli-ship@2/);
    assert.match(run.stdout, /orders\s+1000\s+1000/);
    assert.match(run.stdout, /split rate\s+[\d.]+%\s+0\.0%/);
    assert.match(run.stdout, /partially assigned\s+\d+\s+\d+/);
    assert.match(run.stdout, /shipped from stores/);
    assert.match(run.stdout, /capacity breaches/);
    assert.match(run.stderr, /simulating \[#+\] 1000\/1000/);
    const json = await omnihub(['--json', 'routing', 'simulate', '--profile', 'cli-ship@1', '--orders', orders], reader);
    const reports = (JSON.parse(json.stdout) as { reports: { orders: number; splitRate: number }[] }).reports;
    assert.equal(reports[0]?.orders, 1000);
    assert.ok((reports[0]?.splitRate ?? 0) > 0, 'one order in three needs two locations');
    // Within the hub's limits the file goes in one request: exactly the hub's answer for the same 1,000 orders.
    assert.doesNotMatch(json.stderr, /batches/);
    const same = lines.map((_, i) => order(`cli-sim-${i}`, i % 3 === 0 ? { TSH: 1, JKT: 1 } : { JKT: 1 }));
    const direct = await t.call('POST', '/v1/routing/simulate', { key: t.keys.read, body: { profiles: ['cli-ship@1'], orders: same } });
    assert.equal(direct.status, 200);
    assert.deepEqual(JSON.parse(json.stdout), { reports: ((await direct.json()) as { reports: unknown[] }).reports });
    // More than the hub takes at once: batches, and stderr says each starts from the current stock.
    const bigger = await omnihub(['routing', 'simulate', '--orders', file('orders-1001.jsonl', `${lines.join('\n')}\n${JSON.stringify(order('cli-sim-extra', { JKT: 1 }))}\n`)], reader);
    assert.equal(bigger.code, 0, bigger.stderr);
    assert.match(bigger.stderr, /1001 orders go in batches of up to 1000; each batch is simulated from the current stock and capacity/);
    const { rows } = await t.hub.store.query<{ n: number }>("select count(*)::int as n from orders where id like 'cli-sim-%'");
    assert.equal(rows[0]?.n, 0, 'a simulation stores nothing');

    assert.equal((await omnihub(['routing', 'simulate', '--orders', orders, '--compare', 'cli-ship@2'], reader)).code, 2);
    assert.equal((await omnihub(['routing', 'simulate', '--orders', orders, '--profile', 'cli-ship'], reader)).code, 2);
    const bad = await omnihub(['routing', 'simulate', '--orders', file('bad.jsonl', `${lines[5] ?? ''}\n{"id": "x"}\n`)], reader);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /order 2\/lines|order 2: /);
    const notJson = await omnihub(['routing', 'simulate', '--orders', file('not.jsonl', 'nope\n')], reader);
    assert.match(notJson.stderr, /not\.jsonl:1 is not JSON/);
  });
});
