import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ConfigurationFailure, PermanentFailure, TransientFailure } from '@omnihub/connector-sdk';
import {
  Events,
  SCHEMAS_DIR,
  createEvent,
  encodeEvent,
  enqueueForSubscriber,
  enqueueOutbox,
  getDeadLetter,
  listDeadLetters,
  listSubscribers,
  readAudit,
  recordDeadLetter,
  replayDeadLetters,
  resumeSubscriber,
  traceOf,
  type CloudEvent,
  type PayloadOf,
} from '@omnihub/core';
import { BROKER_SETUPS, embeddedSetup, freshName, waitFor, type TestBroker } from '@omnihub/core/testing';

type OrderCreatedData = PayloadOf<typeof Events.OrderCreated>;

function fixture(name: string): unknown {
  const dir = `${SCHEMAS_DIR}/${name}/fixtures/v1/valid`;
  const file = readdirSync(dir).filter((f) => f.endsWith('.json')).sort()[0] ?? '';
  return JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
}

function orderCreated(sku?: string): CloudEvent<OrderCreatedData> {
  const data = structuredClone(fixture('order.created') as OrderCreatedData);
  if (sku !== undefined) for (const line of data.order.lines.slice(0, 1)) line.sku = sku;
  return createEvent(Events.OrderCreated, data, { source: '/tests/bus' });
}

async function publish(t: TestBroker, event: CloudEvent): Promise<void> {
  await t.store.transaction((tx) => enqueueOutbox(tx, event));
  t.broker.relay.notify();
}

const FAST_RETRY = { maxAttempts: 4, initialDelayMs: 40, maxDelayMs: 200 };

for (const setup of BROKER_SETUPS) {
  describe(`event bus on ${setup.name}`, () => {
    let t: TestBroker;
    before(async () => {
      t = await setup.open();
    });
    after(async () => {
      await t.dispose();
    });

    it('delivers an outbox event once and records the effect with the inbox entry', async () => {
      const name = freshName('once').replaceAll('_', '-');
      const seen: string[] = [];
      await t.broker.bus.subscribe({
        name,
        events: [Events.OrderCreated],
        handle: async (event, { tx }) => {
          seen.push(event.id);
          await tx.query('select 1');
        },
      });
      const event = orderCreated();
      await publish(t, event);
      await waitFor(() => seen.length === 1, { message: 'the delivery' });
      // the same event again (a redelivery from the broker's point of view) has no second effect
      await t.broker.transport.sendToQueue(name, encodeEvent(event));
      await waitFor(async () => (await traceOf(t.store, event.correlationid ?? '')).some((s) => s.outcome === 'duplicate'), { message: 'the duplicate' });
      assert.deepEqual(seen, [event.id]);
      const trace = await traceOf(t.store, event.correlationid ?? '');
      // the relay logs `published` after the broker confirmed, which can be after the handler ran
      assert.deepEqual(trace.map((s) => s.outcome).sort(), ['duplicate', 'handled', 'published']);
      assert.equal(trace[trace.length - 1]?.outcome, 'duplicate');
    });

    it('acknowledges the events a subscriber ignores without a transaction or an inbox entry, and handles the rest', async () => {
      const name = freshName('ignores').replaceAll('_', '-');
      const seen: string[] = [];
      await t.broker.bus.subscribe({
        name,
        events: [Events.OrderCreated],
        ignores: (event) => event.data.order.lines[0]?.sku === 'IGNORED',
        handle: (event) => {
          seen.push(event.id);
          return Promise.resolve();
        },
      });
      const ignored = orderCreated('IGNORED');
      const taken = orderCreated('TAKEN');
      await publish(t, ignored);
      await publish(t, taken);
      // One queue delivers in order: once the later event is handled, the earlier one was settled.
      await waitFor(() => seen.length === 1, { message: 'the delivery' });
      assert.deepEqual(seen, [taken.id]);
      const { rows } = await t.store.query<{ event_id: string }>('select event_id from inbox where subscriber = $1', [name]);
      assert.deepEqual(
        rows.map((row) => row.event_id),
        [taken.id],
      );
      assert.equal(await t.broker.transport.queueDepth(name), 0);
    });

    it('relays a queue of several rounds: every event once, each logged as published, the outbox left empty', async () => {
      const name = freshName('rounds').replaceAll('_', '-');
      const seen = new Map<string, number>();
      await t.broker.bus.subscribe({
        name,
        events: [Events.OrderCreated],
        handle: (event) => {
          seen.set(event.id, (seen.get(event.id) ?? 0) + 1);
          return Promise.resolve();
        },
      });
      // More than two rounds of the relay (200 rows each): a round's rows are deleted with the next claim.
      const events = Array.from({ length: 450 }, () => orderCreated());
      await t.store.transaction(async (tx) => {
        for (const event of events) await enqueueOutbox(tx, event);
      });
      t.broker.relay.notify();
      await waitFor(() => seen.size === events.length, { message: 'every event handled', timeoutMs: 60_000 });
      const ids = events.map((event) => event.id);
      await waitFor(async () => (await t.store.query('select 1 from outbox where envelope ->> \'id\' = any($1::text[])', [ids])).rowCount === 0, { message: 'the outbox emptied' });
      assert.ok([...seen.values()].every((count) => count === 1), 'each event handled once');
      const { rows } = await t.store.query<{ n: number }>("select count(*)::int as n from message_log where outcome = 'published' and event_id = any($1::text[])", [ids]);
      assert.equal(rows[0]?.n, events.length);
    });

    it('relays an outbox row queued with its data inside the envelope, as rows were before data had a column', async () => {
      const name = freshName('legacy').replaceAll('_', '-');
      const seen: CloudEvent[] = [];
      await t.broker.bus.subscribe({
        name,
        events: [Events.OrderCreated],
        handle: (event) => {
          seen.push(event);
          return Promise.resolve();
        },
      });
      const event = orderCreated();
      await t.store.query('insert into outbox (event_id, routing_key, envelope) values ($1, $2, $3::jsonb)', [event.id, event.type, JSON.stringify(event)]);
      t.broker.relay.notify();
      await waitFor(() => seen.length === 1, { message: 'the delivery' });
      assert.deepEqual(seen[0]?.data, event.data);
      assert.equal(seen[0]?.subject, event.subject);
    });

    // Embedded only: RabbitMQ splits deliveries across socket reads as it likes.
    const embeddedOnly = setup === embeddedSetup ? it : undefined;
    void embeddedOnly?.('handles the deliveries of one read from the transport in one transaction', async () => {
      const name = freshName('burst').replaceAll('_', '-');
      const events = Array.from({ length: 10 }, () => orderCreated());
      // Queued before the subscriber consumes: the embedded transport claims and hands over all ten at once.
      for (const event of events) await t.broker.transport.sendToQueue(name, encodeEvent(event));
      const batches: string[][] = [];
      await t.broker.bus.subscribe<readonly [typeof Events.OrderCreated], string[]>({
        name,
        events: [Events.OrderCreated],
        batch: { open: () => [], close: (_tx, ids) => Promise.resolve(void batches.push(ids)) },
        handle: (event, { batch }) => Promise.resolve(void batch.push(event.id)),
      });
      await waitFor(() => batches.flat().length === events.length, { message: 'the ten deliveries' });
      assert.deepEqual(batches, [events.map((event) => event.id)]);
    });

    // PostgreSQL only: the test holds a lock from a connection of its own while the bus commits.
    const postgresOnly = setup === embeddedSetup ? undefined : it;
    void postgresOnly?.('claims the next deliveries while a batch commits, and runs their handlers only after that commit', async () => {
      const name = freshName('overlap').replaceAll('_', '-');
      const table = freshName('slow_commit');
      const key = Math.floor(Math.random() * 1_000_000_000);
      // A deferred constraint trigger runs at commit: there it waits for a lock the test holds.
      await t.store.query(`create table ${table} (event_id text primary key)`);
      await t.store.query(`create function ${table}_wait() returns trigger language plpgsql as $$ begin perform pg_advisory_xact_lock(${key}); return null; end $$`);
      await t.store.query(`create constraint trigger ${table}_at_commit after insert on ${table} deferrable initially deferred for each row execute function ${table}_wait()`);
      let release: () => void = () => undefined;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked: () => void = () => undefined;
      const lockHeld = new Promise<void>((resolve) => (locked = resolve));
      const holder = t.store.transaction(async (tx) => {
        await tx.query('select pg_advisory_xact_lock($1)', [key]);
        locked();
        await released;
      });
      await lockHeld;
      const handled: string[] = [];
      const committed: string[] = [];
      const first = orderCreated();
      const second = orderCreated();
      let seenBySecond = -1;
      await t.broker.bus.subscribe<readonly [typeof Events.OrderCreated], string[]>({
        name,
        events: [Events.OrderCreated],
        batch: { open: () => [], close: () => Promise.resolve(), committed: (ids) => void committed.push(...ids) },
        handle: async (event, { tx, batch }) => {
          handled.push(event.id);
          if (event.id === first.id) await tx.query(`insert into ${table} (event_id) values ($1)`, [event.id]);
          else seenBySecond = (await tx.query<{ n: number }>(`select count(*)::int as n from ${table}`)).rows[0]?.n ?? -1;
          batch.push(event.id);
        },
      });
      // The claim names the subscriber; a transaction that claimed and waits is idle in it.
      const claimedAndWaiting = async (): Promise<boolean> =>
        (
          await t.store.query(
            "select 1 from pg_stat_activity where datname = current_database() and state = 'idle in transaction' and query like '%insert into inbox%' and strpos(query, $1) > 0",
            [`'${name}'`],
          )
        ).rowCount > 0;
      try {
        await publish(t, first);
        await waitFor(() => handled.length === 1, { message: 'the first delivery' });
        await publish(t, second);
        await waitFor(claimedAndWaiting, { message: 'the second delivery claimed while the first batch commits' });
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.deepEqual(handled, [first.id], 'the second handler waits for the first commit');
        assert.deepEqual(committed, []);
      } finally {
        release();
        await holder;
      }
      await waitFor(() => committed.length === 2, { message: 'both batches committed' });
      assert.deepEqual(committed, [first.id, second.id]);
      assert.equal(seenBySecond, 1, 'the second handler saw the effect of the first');
      await t.store.query(`drop table ${table}`);
      await t.store.query(`drop function ${table}_wait()`);
    });

    it('emits caused events through the outbox only when the handler commits', async () => {
      const upstream = freshName('up').replaceAll('_', '-');
      const downstream = freshName('down').replaceAll('_', '-');
      const cancelled: CloudEvent[] = [];
      let failOnce = true;
      await t.broker.bus.subscribe({
        name: upstream,
        events: [Events.OrderCreated],
        retry: FAST_RETRY,
        handle: async (event, { emit }) => {
          await emit(Events.OrderCancelled, { orderId: event.data.order.id, reason: 'fraud', cancelledAt: new Date().toISOString() });
          if (failOnce) {
            failOnce = false;
            throw new TransientFailure('database hiccup');
          }
        },
      });
      await t.broker.bus.subscribe({ name: downstream, events: [Events.OrderCancelled], handle: (event) => Promise.resolve(void cancelled.push(event)) });
      const event = orderCreated();
      await publish(t, event);
      await waitFor(() => cancelled.length === 1, { message: 'the caused event' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(cancelled.length, 1, 'the rolled-back attempt emitted nothing');
      assert.equal(cancelled[0]?.causationid, event.id);
      assert.equal(cancelled[0]?.correlationid, event.correlationid);
    });

    it('retries a transiently failing handler with growing backoff ceilings until it succeeds', async () => {
      const name = freshName('retry').replaceAll('_', '-');
      const attempts: number[] = [];
      await t.broker.bus.subscribe({
        name,
        events: [Events.OrderCreated],
        retry: FAST_RETRY,
        handle: (_event, { attempt }) => {
          attempts.push(attempt);
          return attempt < 3 ? Promise.reject(new TransientFailure(`vendor 503 on attempt ${attempt}`, { code: 'vendor.http.503' })) : Promise.resolve();
        },
      });
      const event = orderCreated();
      await publish(t, event);
      await waitFor(() => attempts.length === 3, { message: 'three attempts' });
      assert.deepEqual(attempts, [1, 2, 3]);
      // The handled line is committed with the handler's transaction, just after the handler ran.
      let outcomes: string[] = [];
      await waitFor(async () => {
        outcomes = (await traceOf(t.store, event.correlationid ?? '')).filter((s) => s.subscriber === name).map((s) => s.outcome);
        return outcomes.length === 3;
      }, { message: 'three trace steps' });
      assert.deepEqual(outcomes, ['retried', 'retried', 'handled']);
      const letters = await listDeadLetters(t.store, { subscriber: name }, { limit: 10 });
      assert.equal(letters.items.length, 0);
    });

    it('dead-letters after the last attempt with the whole history', async () => {
      const name = freshName('exhaust').replaceAll('_', '-');
      await t.broker.bus.subscribe({ name, events: [Events.OrderCreated], retry: FAST_RETRY, handle: () => Promise.reject(new Error('always broken')) });
      await publish(t, orderCreated());
      await waitFor(async () => (await listDeadLetters(t.store, { subscriber: name }, { limit: 1 })).items.length === 1, { message: 'the dead letter' });
      const [letter] = (await listDeadLetters(t.store, { subscriber: name }, { limit: 1 })).items;
      assert.equal(letter?.attempts, FAST_RETRY.maxAttempts);
      assert.equal(letter?.attemptHistory.length, FAST_RETRY.maxAttempts);
      const ceilings = letter?.attemptHistory.slice(0, -1).map((h) => h.delayMs ?? -1) ?? [];
      assert.ok(ceilings.every((delay, i) => delay >= 0 && delay <= FAST_RETRY.initialDelayMs * 2 ** i), JSON.stringify(ceilings));
      assert.match(letter?.errorMessage ?? '', /gave up after 4 attempts: always broken/);
      assert.equal(letter?.errorKind, 'transient');
    });

    it('dead-letters a permanent failure at once, and a replay after the fix is handled once', async () => {
      const name = freshName('perm').replaceAll('_', '-');
      let fixed = false;
      const handled: string[] = [];
      await t.broker.bus.subscribe({
        name,
        events: [Events.OrderCreated],
        retry: FAST_RETRY,
        handle: (event) => {
          if (!fixed) return Promise.reject(new PermanentFailure('SKU unknown at the vendor', { code: 'vendor.sku-unknown' }));
          handled.push(event.id);
          return Promise.resolve();
        },
      });
      const event = orderCreated();
      await publish(t, event);
      await waitFor(async () => (await listDeadLetters(t.store, { subscriber: name }, { limit: 5 })).items.length === 1, { message: 'the dead letter' });
      const [letter] = (await listDeadLetters(t.store, { subscriber: name, errorCode: 'vendor.sku-unknown' }, { limit: 5 })).items;
      assert.ok(letter);
      assert.equal(letter.attempts, 1);
      assert.equal(letter.errorKind, 'permanent');
      assert.equal(letter.envelope?.id, event.id);
      fixed = true;
      const report = await replayDeadLetters({ store: t.store, registry: t.registry, onQueued: () => t.broker.relay.notify() }, { ids: [letter.id], reason: 'vendor SKU created', actor: 'ops-test' });
      assert.equal(report.replayed, 1);
      await waitFor(() => handled.length === 1, { message: 'the replayed delivery' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.deepEqual(handled, [event.id]);
      assert.equal((await getDeadLetter(t.store, letter.id))?.status, 'replayed');
      const audit = await readAudit(t.store, `dead-letter:${letter.id}`);
      assert.equal(audit[0]?.action, 'replay');
      assert.equal(audit[0]?.actor, 'ops-test');
      assert.equal(audit[0]?.beforeHash, audit[0]?.afterHash);
    });

    it('dead-letters poison messages on first delivery: unparseable and schema-invalid', async () => {
      const name = freshName('poison').replaceAll('_', '-');
      let calls = 0;
      await t.broker.bus.subscribe({ name, events: [Events.OrderCreated], handle: () => Promise.resolve(void (calls += 1)) });
      const garbage = { ...encodeEvent(orderCreated()), body: Buffer.from('{not json') };
      await t.broker.transport.sendToQueue(name, garbage);
      const invalid = orderCreated();
      const currency = invalid.data.order.currency;
      (invalid.data.order as { currency: string }).currency = 'euro';
      await t.broker.transport.sendToQueue(name, encodeEvent(invalid));
      await waitFor(async () => (await listDeadLetters(t.store, { subscriber: name }, { limit: 5 })).items.length === 2, { message: 'two dead letters' });
      const { items } = await listDeadLetters(t.store, { subscriber: name }, { limit: 5 });
      assert.ok(items.every((l) => l.errorKind === 'invalid' && l.attempts === 1), JSON.stringify(items.map((l) => [l.errorKind, l.attempts])));
      assert.ok(items.some((l) => l.envelope === null && l.rawMessage?.includes('{not json') === true));
      const schemaInvalid = items.find((l) => /\/data\/order\/currency/.test(l.errorMessage));
      assert.ok(schemaInvalid?.envelope !== null && schemaInvalid?.envelope.id === invalid.id, 'the invalid event is kept for repair');
      assert.equal(calls, 0);
      const report = await replayDeadLetters(
        { store: t.store, registry: t.registry, onQueued: () => t.broker.relay.notify() },
        { ids: [schemaInvalid.id], patch: [{ op: 'replace', path: '/order/currency', value: currency }], reason: 'fix currency', actor: 'ops-test' },
      );
      assert.equal(report.replayed, 1);
      await waitFor(() => calls === 1, { message: 'the repaired event handled' });
    });

    it('replays by filter with a JSON Patch that is re-validated, and audits the edit', async () => {
      const name = freshName('patch').replaceAll('_', '-');
      const handledSkus: string[] = [];
      await t.broker.bus.subscribe({
        name,
        events: [Events.OrderCreated],
        handle: (event) => {
          const sku = event.data.order.lines[0]?.sku ?? '';
          if (sku === 'BAD-SKU') return Promise.reject(new PermanentFailure('unknown SKU BAD-SKU', { code: 'catalog.unknown-sku' }));
          handledSkus.push(sku);
          return Promise.resolve();
        },
      });
      await publish(t, orderCreated('BAD-SKU'));
      await publish(t, orderCreated('BAD-SKU'));
      await waitFor(async () => (await listDeadLetters(t.store, { subscriber: name }, { limit: 5 })).items.length === 2, { message: 'two dead letters' });
      const deps = { store: t.store, registry: t.registry, onQueued: () => t.broker.relay.notify() };
      const filter = { subscriber: name, errorCode: 'catalog.unknown-sku' };
      const broken = await replayDeadLetters(deps, { filter, patch: [{ op: 'replace', path: '/order/lines/0/quantity', value: -1 }], reason: 'try', actor: 'ops-test' });
      assert.equal(broken.replayed, 0);
      assert.ok(broken.items.every((i) => i.status === 'invalid' && i.errors?.some((e) => e.path === '/data/order/lines/0/quantity')));
      const dry = await replayDeadLetters(deps, { filter, patch: [{ op: 'replace', path: '/order/lines/0/sku', value: 'GOOD-SKU' }], dryRun: true, reason: 'check', actor: 'ops-test' });
      assert.deepEqual(dry.items.map((i) => i.status), ['would-replay', 'would-replay']);
      const done = await replayDeadLetters(deps, { filter, patch: [{ op: 'replace', path: '/order/lines/0/sku', value: 'GOOD-SKU' }], ratePerSecond: 20, reason: 'SKU renamed', actor: 'ops-test' });
      assert.equal(done.replayed, 2);
      await waitFor(() => handledSkus.length === 2, { message: 'two replays handled' });
      assert.deepEqual(handledSkus, ['GOOD-SKU', 'GOOD-SKU']);
      const audit = await readAudit(t.store, `dead-letter:${done.items[0]?.id ?? ''}`);
      assert.equal(audit[0]?.action, 'edit-and-replay');
      assert.notEqual(audit[0]?.beforeHash, audit[0]?.afterHash);
    });

    it('returns a replayed message that fails again to dead letters with its history intact', async () => {
      const name = freshName('again').replaceAll('_', '-');
      await t.broker.bus.subscribe({ name, events: [Events.OrderCreated], handle: () => Promise.reject(new PermanentFailure('still broken', { code: 'still.broken' })) });
      await publish(t, orderCreated());
      await waitFor(async () => (await listDeadLetters(t.store, { subscriber: name }, { limit: 1 })).items.length === 1, { message: 'the dead letter' });
      const [first] = (await listDeadLetters(t.store, { subscriber: name }, { limit: 1 })).items;
      assert.ok(first);
      await replayDeadLetters({ store: t.store, registry: t.registry, onQueued: () => t.broker.relay.notify() }, { ids: [first.id], reason: 'retry', actor: 'ops-test' });
      await waitFor(async () => (await getDeadLetter(t.store, first.id))?.status === 'open' && ((await getDeadLetter(t.store, first.id))?.attemptHistory.length ?? 0) === 3, { message: 'the reopened dead letter' });
      const reopened = await getDeadLetter(t.store, first.id);
      assert.equal(reopened?.replayCount, 1);
      assert.deepEqual(reopened?.attemptHistory.map((h) => h.kind), ['permanent', 'replay', 'permanent']);
    });

    it('tries every delivery of one event that arrive together: each failure is recorded, and once handled the rest are duplicates', async () => {
      const name = freshName('together').replaceAll('_', '-');
      const calls: string[] = [];
      let failing = 2;
      await t.broker.bus.subscribe({
        name,
        events: [Events.OrderCreated],
        handle: (event) => {
          calls.push(event.id);
          if (failing > 0) {
            failing -= 1;
            return Promise.reject(new PermanentFailure('not yet', { code: 'not.yet' }));
          }
          return Promise.resolve();
        },
      });
      const event = orderCreated();
      await t.store.transaction(async (tx) => {
        for (const n of [1, 2, 3, 4]) await enqueueForSubscriber(tx, event, name, [{ attempt: 0, at: new Date().toISOString(), kind: 'replay', code: 'replay', message: 'retry', replay: n }]);
      });
      t.broker.relay.notify();
      await waitFor(async () => (await t.store.query('select 1 from inbox where subscriber = $1 and event_id = $2', [name, event.id])).rowCount === 1, { message: 'the third delivery handled' });
      await waitFor(async () => (await traceOf(t.store, event.correlationid ?? event.id)).some((line) => line.subscriber === name && line.outcome === 'duplicate'), { message: 'the fourth delivery a duplicate' });
      assert.deepEqual(calls, [event.id, event.id, event.id]);
      const [letter] = (await listDeadLetters(t.store, { subscriber: name }, { limit: 1 })).items;
      const history = letter === undefined ? [] : ((await getDeadLetter(t.store, letter.id))?.attemptHistory ?? []);
      assert.deepEqual(history.map((h) => h.kind).sort(), ['permanent', 'permanent', 'replay', 'replay']);
    });

    it('keeps the failures of two replays that failed alike, and adds nothing for a failure recorded twice', async () => {
      const event = orderCreated();
      const letter = { subscriber: freshName('alike').replaceAll('_', '-'), eventId: event.id, eventType: event.type, envelope: event, errorKind: 'permanent', errorCode: 'still.broken', errorMessage: 'still broken', attempts: 1 };
      const failure = { attempt: 1, at: '2026-11-25T04:00:00.000Z', kind: 'permanent', code: 'still.broken', message: 'still broken' };
      const replayed = (n: number) => ({ attempt: 0, at: '2026-11-25T04:01:00.000Z', kind: 'replay', code: 'replay', message: 'retry', replay: n });
      const id = await recordDeadLetter(t.store, { ...letter, attemptHistory: [failure] });
      await recordDeadLetter(t.store, { ...letter, attemptHistory: [failure, replayed(1), failure] });
      await recordDeadLetter(t.store, { ...letter, attemptHistory: [failure, replayed(2), failure] });
      await recordDeadLetter(t.store, { ...letter, attemptHistory: [failure, replayed(2), failure] });
      const history = (await getDeadLetter(t.store, id))?.attemptHistory ?? [];
      assert.deepEqual(history.map((h) => `${h.kind}${h.replay ?? ''}`), ['permanent', 'replay1', 'permanent', 'replay2', 'permanent']);
    });

    it('pauses a subscriber on a configuration failure without losing the message, and resumes', async () => {
      const name = freshName('pause').replaceAll('_', '-');
      let configured = false;
      const handled: string[] = [];
      const subscription = await t.broker.bus.subscribe({
        name,
        events: [Events.OrderCreated],
        handle: (event) => {
          if (!configured) return Promise.reject(new ConfigurationFailure('no location mapping for store berlin-1'));
          handled.push(event.id);
          return Promise.resolve();
        },
      });
      const event = orderCreated();
      await publish(t, event);
      await waitFor(() => subscription.paused, { message: 'the pause' });
      assert.equal((await listDeadLetters(t.store, { subscriber: name }, { limit: 1 })).items.length, 0);
      const state = await t.store.query<{ paused: boolean; reason: string }>('select paused, reason from subscriber_state where subscriber = $1', [name]);
      assert.equal(state.rows[0]?.paused, true);
      assert.match(state.rows[0]?.reason ?? '', /no location mapping/);
      configured = true;
      await subscription.resume();
      await waitFor(() => handled.length === 1, { message: 'the delivery after resume', timeoutMs: 60_000 });
      assert.deepEqual(handled, [event.id]);
    });

    it('resumes a paused subscriber when its state is cleared from elsewhere (another process, the API)', async () => {
      const name = freshName('resume').replaceAll('_', '-');
      let configured = false;
      const handled: string[] = [];
      const subscription = await t.broker.bus.subscribe({
        name,
        events: [Events.OrderCreated],
        handle: (event) => {
          if (!configured) return Promise.reject(new ConfigurationFailure('missing API token'));
          handled.push(event.id);
          return Promise.resolve();
        },
      });
      const event = orderCreated();
      await publish(t, event);
      await waitFor(() => subscription.paused, { message: 'the pause' });
      assert.ok((await listSubscribers(t.store)).some((s) => s.name === name && s.paused));
      configured = true;
      assert.equal((await resumeSubscriber(t.store, name))?.paused, false);
      await waitFor(() => handled.length === 1, { message: 'the delivery after the remote resume', timeoutMs: 60_000 });
      assert.equal(subscription.paused, false);
    });

    it('upcasts nothing it cannot read and refuses events of types it does not take', async () => {
      const name = freshName('types').replaceAll('_', '-');
      await t.broker.bus.subscribe({ name, events: [Events.OrderCreated], handle: () => Promise.resolve() });
      const foreign = createEvent(Events.RefundIssued, fixture('refund.issued') as PayloadOf<typeof Events.RefundIssued>, { source: '/tests' });
      await t.broker.transport.sendToQueue(name, encodeEvent(foreign));
      await waitFor(async () => (await listDeadLetters(t.store, { subscriber: name }, { limit: 1 })).items.length === 1, { message: 'the dead letter' });
      const [letter] = (await listDeadLetters(t.store, { subscriber: name }, { limit: 1 })).items;
      assert.equal(letter?.errorCode, 'schema.unexpected-type');
    });

    it('pages and filters dead letters, with free-text search', async () => {
      const name = freshName('page').replaceAll('_', '-');
      await t.broker.bus.subscribe({ name, events: [Events.OrderCreated], handle: (event) => Promise.reject(new PermanentFailure(`refused ${event.id}`, { code: 'page.refused' })) });
      const ids = [randomUUID(), randomUUID(), randomUUID()];
      for (const id of ids) await publish(t, { ...orderCreated(), id });
      await waitFor(async () => (await listDeadLetters(t.store, { subscriber: name }, { limit: 5 })).items.length === 3, { message: 'three dead letters' });
      const first = await listDeadLetters(t.store, { subscriber: name }, { limit: 2 });
      assert.equal(first.items.length, 2);
      assert.ok(first.nextCursor !== undefined);
      const second = await listDeadLetters(t.store, { subscriber: name }, { limit: 2, cursor: first.nextCursor });
      assert.equal(second.items.length, 1);
      assert.equal(new Set([...first.items, ...second.items].map((l) => l.eventId)).size, 3);
      const found = await listDeadLetters(t.store, { q: ids[1], subscriber: name }, { limit: 5 });
      assert.deepEqual(found.items.map((l) => l.eventId), [ids[1]]);
    });
  });
}
