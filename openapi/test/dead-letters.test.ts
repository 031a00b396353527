import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { createApiKey, createEvent, encodeEvent, Events, readAudit, type CloudEvent, type PayloadOf } from '@omnihub/core';
import { STORE_FACTORIES, waitFor } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { ok } from './responses.ts';
import { startTestHub, subscribeRefusing, uniqueName, validFixtures, type TestHub } from './support.ts';

type Schemas = components['schemas'];
type OrderCreatedData = PayloadOf<typeof Events.OrderCreated>;

async function problem(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
  assert.equal(response.status, status);
  assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
  const body = (await response.json()) as Record<string, unknown>;
  assert.equal(body['code'], code);
  assert.equal(body['type'], `https://omnihub.dev/problems/${code}`);
  assert.equal(typeof body['correlationId'], 'string');
  return body;
}

/** An order.created event whose first line has `sku`. */
function order(sku: string): CloudEvent<OrderCreatedData> {
  const data = structuredClone(validFixtures('order.created')[0] as OrderCreatedData);
  for (const line of data.order.lines.slice(0, 1)) line.sku = sku;
  return createEvent(Events.OrderCreated, data, { source: '/tests/dead-letters' });
}

for (const factory of STORE_FACTORIES) {
  describe(`dead letters and traces on ${factory.name}`, () => {
    let t: TestHub;
    let ops: string;

    /** Publishes through the facade, as a backend system would. */
    async function publish(event: CloudEvent, headers: Record<string, string> = {}): Promise<void> {
      const response = await t.call('POST', '/v1/events', { key: t.keys.write, body: event, headers });
      assert.equal(response.status, 202, await response.text());
    }

    async function list(query: string): Promise<Schemas['DeadLetterPage']> {
      return ok<Schemas['DeadLetterPage']>(await t.call('GET', `/v1/dead-letters?${query}`, { key: ops }));
    }

    async function waitForLetters(query: string, count: number): Promise<Schemas['DeadLetterSummary'][]> {
      await waitFor(async () => (await list(query)).items.length === count, { message: `${count} dead letter(s) for ${query}` });
      return (await list(query)).items;
    }

    async function replay(body: object, headers: Record<string, string> = {}): Promise<Response> {
      return t.call('POST', '/v1/dead-letters/replay', { key: ops, body, headers });
    }

    const refusing = (name: string, bad: string): Promise<string[]> => subscribeRefusing(t.hub, name, bad);

    before(async () => {
      t = await startTestHub(factory);
      ops = (await createApiKey(t.hub.store, 'ops-alice', ['ops'])).key;
    });
    after(async () => {
      await t.close();
    });

    it('archives a permanent failure and a poison message and lists them with their reason', async () => {
      const name = uniqueName('list');
      await refusing(name, 'T-BAD-LIST');
      const refused = order('T-BAD-LIST');
      await publish(refused);
      const poison = order('T-POISON-LIST');
      (poison.data.order as { currency: string }).currency = 'euro';
      await t.hub.broker.transport.sendToQueue(name, encodeEvent(poison));
      const items = await waitForLetters(`subscriber=${name}`, 2);
      const permanent = items.find((item) => item.eventId === refused.id);
      assert.equal(permanent?.errorKind, 'permanent');
      assert.equal(permanent.errorCode, 'vendor.sku-unknown');
      assert.match(permanent.errorMessage, /SKU T-BAD-LIST is unknown/);
      assert.equal(permanent.eventType, 'order.created');
      assert.equal(permanent.source, '/tests/dead-letters');
      assert.equal(permanent.correlationId, refused.correlationid);
      assert.equal(permanent.status, 'open');
      assert.equal(permanent.attempts, 1);
      assert.equal(permanent.replayCount, 0);
      assert.equal(permanent.connectorVersion, null);
      const invalid = items.find((item) => item.eventId === poison.id);
      assert.equal(invalid?.errorKind, 'invalid');
      assert.equal(invalid.errorCode, 'schema.validation-failed');
      assert.match(invalid.errorMessage, /\/data\/order\/currency/);
      const poisonLetter = await ok<Schemas['DeadLetter']>(await t.call('GET', `/v1/dead-letters/${invalid.id}`, { key: ops }));
      assert.ok(poisonLetter.envelope !== null || poisonLetter.rawMessage?.includes('euro') === true, 'the poison payload is kept');
      for (const item of items) {
        assert.ok(!('envelope' in item) && !('errorStack' in item) && !('attemptHistory' in item), 'summaries leave out data, stack and history');
      }
    });

    it('filters and pages dead letters, and refuses bad query parameters', async () => {
      const name = uniqueName('page');
      await refusing(name, 'T-BAD-PAGE');
      const events = [order('T-BAD-PAGE'), order('T-BAD-PAGE'), order('T-BAD-PAGE')];
      for (const event of events) await publish(event);
      const all = await waitForLetters(`subscriber=${name}`, 3);
      assert.ok(all.every((item, i) => i === 0 || (all[i - 1]?.createdAt ?? '') >= item.createdAt), 'newest first');
      const first = await list(`subscriber=${name}&limit=2`);
      assert.equal(first.items.length, 2);
      assert.ok(first.nextCursor);
      const second = await list(`subscriber=${name}&limit=2&cursor=${first.nextCursor}`);
      assert.equal(second.items.length, 1);
      assert.equal(second.nextCursor, undefined);
      assert.equal(new Set([...first.items, ...second.items].map((item) => item.eventId)).size, 3);
      assert.equal((await list(`subscriber=${name}&errorCode=vendor.sku-unknown&eventType=order.created&status=open&source=%2Ftests%2Fdead-letters`)).items.length, 3);
      assert.equal((await list(`subscriber=${name}&status=replayed`)).items.length, 0);
      assert.equal((await list(`subscriber=${name}&errorCode=other.code`)).items.length, 0);
      const target = events[1]?.id ?? '';
      assert.deepEqual((await list(`subscriber=${name}&q=${target}`)).items.map((item) => item.eventId), [target]);
      const hourAgo = new Date(Date.now() - 3_600_000).toISOString();
      const inAnHour = new Date(Date.now() + 3_600_000).toISOString();
      assert.equal((await list(`subscriber=${name}&from=${hourAgo}&to=${inAnHour}`)).items.length, 3);
      assert.equal((await list(`subscriber=${name}&from=${inAnHour}`)).items.length, 0);
      await problem(await t.call('GET', '/v1/dead-letters?limit=0', { key: ops }), 400, 'bad-request');
      await problem(await t.call('GET', '/v1/dead-letters?limit=201', { key: ops }), 400, 'bad-request');
      await problem(await t.call('GET', '/v1/dead-letters?status=closed', { key: ops }), 400, 'bad-request');
      await problem(await t.call('GET', '/v1/dead-letters?from=yesterday', { key: ops }), 400, 'bad-request');
      const mangled = await problem(await t.call('GET', '/v1/dead-letters?cursor=bm90LWEtY3Vyc29y', { key: ops }), 400, 'bad-request');
      assert.match(String(mangled['detail']), /cursor/);
    });

    it('shows one dead letter whole, with its attempt history and audit, and 404s an unknown one', async () => {
      const name = uniqueName('show');
      await refusing(name, 'T-BAD-SHOW');
      const event = order('T-BAD-SHOW');
      await publish(event);
      const [summary] = await waitForLetters(`subscriber=${name}`, 1);
      assert.ok(summary);
      const letter = await ok<Schemas['DeadLetter']>(await t.call('GET', `/v1/dead-letters/${summary.id}`, { key: ops }));
      assert.equal(letter.id, summary.id);
      assert.equal(letter.envelope?.id, event.id);
      assert.deepEqual(letter.envelope.data, event.data);
      assert.equal(letter.rawMessage, null);
      assert.match(letter.errorStack ?? '', /PermanentFailure/);
      assert.deepEqual(letter.attemptHistory.map((h) => [h.attempt, h.kind, h.code]), [[1, 'permanent', 'vendor.sku-unknown']]);
      assert.deepEqual(letter.audit, []);
      const missing = await problem(await t.call('GET', `/v1/dead-letters/${randomUUID()}`, { key: ops }), 404, 'not-found');
      assert.match(String(missing['detail']), /no dead letter/);
      await problem(await t.call('GET', '/v1/dead-letters/not-a-uuid', { key: ops }), 400, 'bad-request');
    });

    it('replays by filter with a JSON Patch: dry run, invalid patch, then a re-validated delivery, audited', async () => {
      const name = uniqueName('replay');
      const handled = await refusing(name, 'T-BAD-REPLAY');
      const events = [order('T-BAD-REPLAY'), order('T-BAD-REPLAY')];
      for (const event of events) await publish(event);
      await waitForLetters(`subscriber=${name}`, 2);
      const filter = { subscriber: name, errorCode: 'vendor.sku-unknown', status: 'open' };
      const fix = [
        { op: 'test', path: '/order/lines/0/sku', value: 'T-BAD-REPLAY' },
        { op: 'replace', path: '/order/lines/0/sku', value: 'T-GOOD-REPLAY' },
      ];

      const dry = await ok<Schemas['ReplayReport']>(await replay({ filter, patch: fix, dryRun: true, reason: 'check the fix' }));
      assert.equal(dry.dryRun, true);
      assert.equal(dry.matched, 2);
      assert.equal(dry.replayed, 0);
      assert.deepEqual(dry.items.map((i) => i.status), ['would-replay', 'would-replay']);
      assert.deepEqual(dry.items.map((i) => i.eventId), events.map((e) => e.id), 'oldest first');

      const broken = await ok<Schemas['ReplayReport']>(await replay({ filter, patch: [...fix, { op: 'replace', path: '/order/lines/0/quantity', value: -1 }], reason: 'wrong fix' }));
      assert.equal(broken.replayed, 0);
      assert.equal(broken.failed, 2);
      for (const item of broken.items) {
        assert.equal(item.status, 'invalid');
        assert.deepEqual((item.errors ?? []).map((e) => e.path), ['/data/order/lines/0/quantity']);
      }
      const missingPath = await ok<Schemas['ReplayReport']>(await replay({ filter, patch: [{ op: 'remove', path: '/order/nothing-here' }], reason: 'wrong path' }));
      assert.ok(missingPath.items.every((i) => i.status === 'invalid' && /\/order\/nothing-here/.test(i.detail ?? '')), JSON.stringify(missingPath.items));

      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(handled, [], 'the dry run and the failed patches delivered nothing');
      const untouched = (await list(`subscriber=${name}`)).items;
      assert.ok(untouched.every((item) => item.status === 'open' && item.replayCount === 0));
      assert.deepEqual(await readAudit(t.hub.store, `dead-letter:${untouched[0]?.id ?? ''}`), [], 'nothing audited');

      const idempotencyKey = randomUUID();
      const body = { filter, patch: fix, ratePerSecond: 50, reason: 'SKU renamed in the catalog' };
      const done = await ok<Schemas['ReplayReport']>(await replay(body, { 'idempotency-key': idempotencyKey }));
      assert.equal(done.replayed, 2);
      assert.equal(done.failed, 0);
      await waitFor(() => handled.length === 2, { message: 'two replayed deliveries' });
      const again = await replay(body, { 'idempotency-key': idempotencyKey });
      assert.equal(again.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await ok<Schemas['ReplayReport']>(again), done);
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(handled.sort(), events.map((e) => `${e.id} T-GOOD-REPLAY`).sort(), 'each delivered once, patched');

      const item = done.items[0];
      assert.ok(item);
      const letter = await ok<Schemas['DeadLetter']>(await t.call('GET', `/v1/dead-letters/${item.id}`, { key: ops }));
      assert.equal(letter.status, 'replayed');
      assert.equal(letter.replayCount, 1);
      assert.equal((letter.envelope?.data as OrderCreatedData).order.lines[0]?.sku, 'T-GOOD-REPLAY');
      const [line] = letter.audit;
      assert.equal(line?.action, 'edit-and-replay');
      assert.equal(line.actor, 'ops-alice');
      assert.equal(line.reason, 'SKU renamed in the catalog');
      assert.match(line.beforeHash ?? '', /^[0-9a-f]{64}$/);
      assert.match(line.afterHash ?? '', /^[0-9a-f]{64}$/);
      assert.notEqual(line.beforeHash, line.afterHash);
      assert.deepEqual((line.details as { patch: unknown }).patch, fix);
      assert.equal((await list(`subscriber=${name}&status=replayed`)).items.length, 2);
      assert.equal((await ok<Schemas['ReplayReport']>(await replay({ filter, reason: 'again' }))).matched, 0, 'replayed ones no longer match status=open');
    });

    it('replays by id without a patch, and requires exactly one of ids and filter', async () => {
      const name = uniqueName('byid');
      const handled = await refusing(name, 'T-BAD-BYID');
      const event = order('T-BAD-BYID');
      const other: string[] = [];
      await t.hub.broker.bus.subscribe({ name: `${name}-other`, events: [Events.OrderCreated], handle: (e) => {
          if (e.id === event.id) other.push(e.id);
          return Promise.resolve();
        },
      });
      await publish(event);
      const [letter] = await waitForLetters(`subscriber=${name}`, 1);
      assert.ok(letter);
      const neither = await problem(await replay({ reason: 'nothing chosen' }), 422, 'validation-failed');
      assert.match(String(neither['detail']), /exactly one of ids .* or filter/);
      await problem(await replay({ ids: [letter.id], filter: { subscriber: name }, reason: 'both' }), 422, 'validation-failed');
      await problem(await replay({ filter: {}, reason: 'everything' }), 422, 'validation-failed');
      await problem(await replay({ ids: [letter.id] }), 422, 'validation-failed');
      const badOp = await problem(await replay({ ids: [letter.id], patch: [{ op: 'rename', path: '/order' }], reason: 'x' }), 422, 'validation-failed');
      assert.ok((badOp['errors'] as { path: string }[]).some((e) => e.path.startsWith('/patch/0')), JSON.stringify(badOp['errors']));
      await problem(await replay({ ids: [letter.id], ratePerSecond: 5000, reason: 'x' }), 422, 'validation-failed');

      const report = await ok<Schemas['ReplayReport']>(await replay({ ids: [letter.id], reason: 'vendor created the SKU' }));
      assert.deepEqual(report.items.map((i) => [i.id, i.eventId, i.subscriber, i.status]), [[letter.id, event.id, name, 'replayed']]);
      // still refused: back in dead letters with the whole history
      await waitFor(async () => {
        const current = await ok<Schemas['DeadLetter']>(await t.call('GET', `/v1/dead-letters/${letter.id}`, { key: ops }));
        return current.status === 'open' && current.attemptHistory.length === 3;
      }, { message: 'the reopened dead letter' });
      const [line] = (await ok<Schemas['DeadLetter']>(await t.call('GET', `/v1/dead-letters/${letter.id}`, { key: ops }))).audit;
      assert.equal(line?.action, 'replay');
      assert.equal(line.beforeHash, line.afterHash);
      assert.deepEqual(handled, []);
      assert.deepEqual(other, [event.id], 'the replay went to the refusing subscriber only');
      // the relay logs `replayed` after the broker confirmed, which can be after the handler ran
      await waitFor(async () => {
        const trace = await ok<Schemas['Trace']>(await t.call('GET', `/v1/traces/${event.correlationid ?? ''}`, { key: ops }));
        const outcomes = trace.events[0]?.steps.filter((s) => s.subscriber === name).map((s) => s.outcome) ?? [];
        return outcomes.sort().join(' ') === 'dead-lettered dead-lettered replayed';
      }, { message: 'dead-lettered, replayed, dead-lettered in the trace' });
    });

    it('purges a dead letter with an audit line, and 404s a purge of an absent one', async () => {
      const name = uniqueName('purge');
      await refusing(name, 'T-BAD-PURGE');
      await publish(order('T-BAD-PURGE'));
      const [letter] = await waitForLetters(`subscriber=${name}`, 1);
      assert.ok(letter);
      const response = await t.call('DELETE', `/v1/dead-letters/${letter.id}?reason=${encodeURIComponent('order cancelled at the source')}`, { key: ops });
      assert.equal(response.status, 204);
      assert.ok(response.headers.get('x-correlation-id'));
      await problem(await t.call('GET', `/v1/dead-letters/${letter.id}`, { key: ops }), 404, 'not-found');
      const [line] = await readAudit(t.hub.store, `dead-letter:${letter.id}`);
      assert.equal(line?.action, 'purge');
      assert.equal(line.actor, 'ops-alice');
      assert.equal(line.reason, 'order cancelled at the source');
      assert.match(line.beforeHash ?? '', /^[0-9a-f]{64}$/);
      assert.equal(line.details?.['eventId'], letter.eventId);
      await problem(await t.call('DELETE', `/v1/dead-letters/${letter.id}`, { key: ops }), 404, 'not-found');
      assert.equal((await readAudit(t.hub.store, `dead-letter:${letter.id}`)).length, 1, 'a failed purge is not audited');
    });

    it('needs the ops scope for every operation (admin has it)', async () => {
      const id = randomUUID();
      const calls: [string, string, object?][] = [
        ['GET', '/v1/dead-letters'],
        ['GET', `/v1/dead-letters/${id}`],
        ['POST', '/v1/dead-letters/replay', { ids: [id], reason: 'x' }],
        ['DELETE', `/v1/dead-letters/${id}`],
        ['GET', `/v1/traces/${id}`],
      ];
      for (const [method, path, body] of calls) {
        const options = body === undefined ? {} : { body };
        await problem(await t.call(method, path, { key: t.keys.read, ...options }), 403, 'forbidden');
        await problem(await t.call(method, path, { key: t.keys.write, ...options }), 403, 'forbidden');
        await problem(await t.call(method, path, options), 401, 'unauthorized');
      }
      assert.equal((await t.call('GET', '/v1/dead-letters', { key: t.keys.admin })).status, 200);
      const report = await ok<Schemas['ReplayReport']>(await t.call('POST', '/v1/dead-letters/replay', { key: t.keys.admin, body: { ids: [id], reason: 'x' } }));
      assert.equal(report.matched, 0);
    });

    it('traces a correlation id: published then handled, grouped by event; 404 when nothing is logged', async () => {
      const name = uniqueName('trace');
      const handled = await refusing(name, 'T-NEVER');
      const correlationId = `trace-${randomUUID()}`;
      const event = order('T-TRACE');
      delete event.correlationid;
      await publish(event, { 'x-correlation-id': correlationId });
      await waitFor(() => handled.length === 1, { message: 'the delivery' });
      let trace: Schemas['Trace'] | undefined;
      await waitFor(async () => {
        const response = await t.call('GET', `/v1/traces/${correlationId}`, { key: ops });
        if (response.status !== 200) return false;
        trace = (await response.json()) as Schemas['Trace'];
        const outcomes = trace.events[0]?.steps.map((s) => `${s.outcome} ${s.subscriber ?? '*'}`) ?? [];
        return outcomes.includes('published *') && outcomes.includes(`handled ${name}`);
      }, { message: 'published and handled in the trace' });
      assert.ok(trace);
      assert.equal(trace.correlationId, correlationId);
      assert.deepEqual(trace.events.map((e) => [e.eventId, e.eventType]), [[event.id, 'order.created']]);
      const mine = trace.events[0]?.steps.find((s) => s.subscriber === name);
      assert.equal(mine?.attempt, 1);
      assert.equal(mine.detail, null);
      const steps = trace.events[0]?.steps ?? [];
      assert.ok(steps.every((s, i) => i === 0 || (steps[i - 1]?.at ?? '') <= s.at), 'steps in time order');
      await problem(await t.call('GET', `/v1/traces/nothing-${randomUUID()}`, { key: ops }), 404, 'not-found');
    });
  });
}
