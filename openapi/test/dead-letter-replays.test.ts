import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApiKey, createEvent, Events, readAudit, type CloudEvent, type PayloadOf } from '@omnihub/core';
import { STORE_FACTORIES, waitFor } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { ok } from './responses.ts';
import { startTestHub, subscribeRefusing, uniqueName, validFixtures, type TestHub } from './support.ts';

type Schemas = components['schemas'];
type OrderCreatedData = PayloadOf<typeof Events.OrderCreated>;

function order(sku: string): CloudEvent<OrderCreatedData> {
  const data = structuredClone(validFixtures('order.created')[0] as OrderCreatedData);
  for (const line of data.order.lines.slice(0, 1)) line.sku = sku;
  return createEvent(Events.OrderCreated, data, { source: '/tests/dead-letter-replays' });
}

/** Members Object.prototype should never hold. */
function pollution(): string[] {
  const probe: Record<string, unknown> = {};
  return ['polluted', 'x'].filter((name) => name in probe);
}

for (const factory of STORE_FACTORIES) {
  describe(`dead-letter replays on ${factory.name}`, () => {
    let t: TestHub;
    let ops: string;

    async function letterOf(name: string, sku: string): Promise<{ event: CloudEvent<OrderCreatedData>; id: string; handled: string[] }> {
      const handled = await subscribeRefusing(t.hub, name, sku);
      const event = order(sku);
      const published = await t.call('POST', '/v1/events', { key: t.keys.write, body: event });
      assert.equal(published.status, 202, await published.text());
      let id = '';
      await waitFor(async () => {
        const page = await ok<Schemas['DeadLetterPage']>(await t.call('GET', `/v1/dead-letters?subscriber=${name}`, { key: ops }));
        id = page.items[0]?.id ?? '';
        return id !== '';
      }, { message: `the dead letter of ${name}` });
      return { event, id, handled };
    }

    async function replay(body: object): Promise<Schemas['ReplayReport']> {
      return ok<Schemas['ReplayReport']>(await t.call('POST', '/v1/dead-letters/replay', { key: ops, body }));
    }

    async function show(id: string): Promise<Schemas['DeadLetter']> {
      return ok<Schemas['DeadLetter']>(await t.call('GET', `/v1/dead-letters/${id}`, { key: ops }));
    }

    before(async () => {
      t = await startTestHub(factory);
      ops = (await createApiKey(t.hub.store, 'ops-carol', ['ops'])).key;
    });
    after(async () => {
      await t.close();
    });

    it('reports a patch through __proto__, constructor or an inherited member invalid, changes nothing and keeps running', async () => {
      const name = uniqueName('proto');
      const { id, handled } = await letterOf(name, 'T-BAD-PROTO');
      const before = await show(id);
      const attacks = [
        [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }],
        [{ op: 'add', path: '/order/__proto__/polluted', value: 'yes' }],
        [{ op: 'add', path: '/constructor/prototype/polluted', value: 'yes' }],
        [{ op: 'add', path: '/__proto__', value: { polluted: 'yes' } }],
        [{ op: 'remove', path: '/hasOwnProperty' }],
        [{ op: 'copy', from: '/constructor', path: '/x' }],
      ];
      for (const patch of attacks) {
        for (const dryRun of [true, false]) {
          const report = await replay({ ids: [id], patch, dryRun, reason: 'attack' });
          assert.deepEqual(report.items.map((i) => i.status), ['invalid'], JSON.stringify(patch));
          assert.match(report.items[0]?.detail ?? '', /does not exist/);
          assert.equal(report.failed, 1);
          assert.deepEqual(pollution(), [], `Object.prototype after ${JSON.stringify(patch)}`);
        }
      }
      const afterwards = await show(id);
      assert.deepEqual(afterwards.envelope, before.envelope);
      assert.equal(afterwards.replayCount, 0);
      assert.deepEqual(afterwards.audit, []);
      assert.deepEqual(handled, []);
      assert.equal((await t.call('GET', '/v1/dead-letters?limit=1', { key: ops })).status, 200, 'the hub still answers');
      assert.equal((await t.call('GET', '/metrics')).status, 200, 'and its metrics still render');
    });

    it('keeps every replay and every failure of concurrent replays in the attempt history', async () => {
      const name = uniqueName('concurrent');
      const { id } = await letterOf(name, 'T-BAD-CONCURRENT');
      const reports = await Promise.all([1, 2, 3].map((n) => replay({ ids: [id], reason: `attempt ${n}` })));
      assert.deepEqual(reports.map((r) => r.replayed), [1, 1, 1]);
      await waitFor(async () => {
        const letter = await show(id);
        return letter.status === 'open' && letter.attemptHistory.length >= 7;
      }, { message: 'three replays and three failures' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const letter = await show(id);
      assert.equal(letter.replayCount, 3);
      assert.equal(letter.audit.length, 3);
      const kinds = letter.attemptHistory.map((h) => h.kind);
      assert.equal(kinds.length, 7, JSON.stringify(letter.attemptHistory));
      assert.equal(kinds.filter((k) => k === 'replay').length, 3);
      assert.equal(kinds.filter((k) => k === 'permanent').length, 4);
      assert.deepEqual(letter.attemptHistory.filter((h) => h.kind === 'replay').map((h) => h.message).sort(), ['attempt 1', 'attempt 2', 'attempt 3']);
    });

    it('tests objects as stored, whatever the order of their members', async () => {
      const name = uniqueName('test-op');
      const { event, id } = await letterOf(name, 'T-BAD-TESTOP');
      const price = event.data.order.lines[0]?.unitPrice;
      assert.ok(price);
      const reordered = Object.fromEntries(Object.entries(price).reverse());
      const report = await replay({ ids: [id], dryRun: true, patch: [{ op: 'test', path: '/order/lines/0/unitPrice', value: reordered }], reason: 'check' });
      assert.deepEqual(report.items.map((i) => i.status), ['would-replay'], JSON.stringify(report.items));
      const wrong = await replay({ ids: [id], dryRun: true, patch: [{ op: 'test', path: '/order/lines/0/unitPrice', value: { ...reordered, amount: '0.01' } }], reason: 'check' });
      assert.deepEqual(wrong.items.map((i) => i.status), ['invalid']);
    });

    it('refuses to replay a dead letter its subscriber has already handled, patch or not, dry run or not', async () => {
      const name = uniqueName('handled');
      const { event, id, handled } = await letterOf(name, 'T-BAD-HANDLED');
      const fix = [{ op: 'replace', path: '/order/lines/0/sku', value: 'T-GOOD-HANDLED' }];
      assert.equal((await replay({ ids: [id], patch: fix, reason: 'fixed' })).replayed, 1);
      await waitFor(async () => (await t.hub.store.query('select 1 from inbox where subscriber = $1 and event_id = $2', [name, event.id])).rowCount === 1, { message: 'the replay handled' });
      assert.deepEqual(handled, [`${event.id} T-GOOD-HANDLED`]);
      const before = await show(id);

      const edit = [{ op: 'replace', path: '/order/lines/0/sku', value: 'T-OTHER-HANDLED' }];
      for (const body of [{ patch: edit, dryRun: true }, { patch: edit }, {}]) {
        const report = await replay({ ids: [id], reason: 'edit again', ...body });
        assert.equal(report.matched, 1);
        assert.equal(report.replayed, 0);
        assert.equal(report.failed, 1);
        assert.deepEqual(report.items.map((i) => [i.id, i.eventId, i.subscriber, i.status]), [[id, event.id, name, 'already-handled']], JSON.stringify(body));
        assert.match(report.items[0]?.detail ?? '', /already handled/);
      }
      const filtered = await replay({ filter: { subscriber: name }, patch: edit, reason: 'edit again' });
      assert.deepEqual(filtered.items.map((i) => i.status), ['already-handled']);

      await new Promise((resolve) => setTimeout(resolve, 200));
      const afterwards = await show(id);
      assert.deepEqual(afterwards.envelope, before.envelope, 'the stored event keeps the data that was handled');
      assert.equal(afterwards.replayCount, 1);
      assert.deepEqual(afterwards.audit.map((a) => a.action), ['edit-and-replay'], 'only the replay that took effect is audited');
      assert.deepEqual(handled, [`${event.id} T-GOOD-HANDLED`]);
      assert.equal((await readAudit(t.hub.store, `dead-letter:${id}`)).length, 1);
    });

    it('reports each requested id that matches no dead letter as not-found', async () => {
      const name = uniqueName('unknown');
      const { event, id } = await letterOf(name, 'T-BAD-UNKNOWN');
      const unknown = ['00000000-0000-4000-8000-000000000000', randomUUID()];
      const alone = await replay({ ids: [unknown[0]], reason: 'x' });
      assert.deepEqual(alone, { dryRun: false, matched: 0, replayed: 0, failed: 1, items: [{ id: unknown[0], status: 'not-found', detail: 'no such dead letter' }] });
      const mixed = await replay({ ids: [unknown[0], id, unknown[1]], dryRun: true, reason: 'x' });
      assert.equal(mixed.matched, 1);
      assert.equal(mixed.failed, 2);
      assert.deepEqual(mixed.items.map((i) => [i.id, i.eventId, i.status]), [[id, event.id, 'would-replay'], [unknown[0], undefined, 'not-found'], [unknown[1], undefined, 'not-found']]);
    });
  });
}
