import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import {
  Events,
  OutboxRelay,
  claimOutboxRows,
  createEvent,
  enqueueOutbox,
  enqueueOutboxMany,
  outboxSavepoint,
  type CloudEvent,
  type OutboxClaim,
  type PayloadOf,
} from '@omnihub/core';
import { BROKER_SETUPS, freshName, waitFor, type TestBroker } from '@omnihub/core/testing';

function cancelled(orderId: string): CloudEvent<PayloadOf<typeof Events.OrderCancelled>> {
  return createEvent(Events.OrderCancelled, { orderId, reason: 'fraud', cancelledAt: new Date().toISOString() }, { source: '/tests/outbox-claim' });
}

/** A subscriber that counts the order.cancelled deliveries it gets, by order id. */
async function counting(t: TestBroker): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  await t.broker.bus.subscribe({
    name: freshName('claimed').replaceAll('_', '-'),
    events: [Events.OrderCancelled],
    handle: (event) => {
      seen.set(event.data.orderId, (seen.get(event.data.orderId) ?? 0) + 1);
      return Promise.resolve();
    },
  });
  return seen;
}

async function outboxRows(t: TestBroker, ids: readonly string[]): Promise<{ claimed: boolean }[]> {
  const { rows } = await t.store.query<{ claimed: boolean }>('select claimed_until > now() as claimed from outbox where event_id = any($1::text[])', [ids]);
  return rows;
}

for (const setup of BROKER_SETUPS) {
  describe(`outbox claims on ${setup.name}`, () => {
    let t: TestBroker;
    before(async () => {
      t = await setup.open();
    });
    after(async () => {
      await t.dispose();
    });

    it("publishes a committed transaction's events from memory: written claimed, delivered once, then deleted and logged", async () => {
      const seen = await counting(t);
      const events = ['c-1', 'c-2', 'c-3'].map((id) => cancelled(`${id}-${freshName('o')}`));
      const claim = t.broker.relay.claim();
      assert.ok(claim !== undefined, 'a running relay hands out claims');
      await t.store.transaction(async (tx) => {
        claimOutboxRows(tx, claim);
        await enqueueOutboxMany(tx, events.slice(0, 2));
        await enqueueOutbox(tx, events[2] as CloudEvent);
        const rows = await tx.query<{ claimed: boolean }>('select claimed_until > now() as claimed from outbox where event_id = any($1::text[])', [events.map((e) => e.id)]);
        assert.deepEqual(
          rows.rows.map((row) => row.claimed),
          [true, true, true],
          'no relay may take the rows before their transaction publishes them',
        );
      });
      assert.deepEqual(
        claim.rows.map((row) => row.attributes.id),
        events.map((e) => e.id),
        'the claim holds every row, in the order written',
      );
      t.broker.relay.publishClaimed(claim);
      await waitFor(() => events.every((e) => seen.get(e.data.orderId) === 1), { message: 'every claimed event delivered' });
      const ids = events.map((e) => e.id);
      await waitFor(async () => (await outboxRows(t, ids)).length === 0, { message: 'the published rows deleted' });
      const { rows } = await t.store.query<{ n: number }>("select count(*)::int as n from message_log where outcome = 'published' and event_id = any($1::text[])", [ids]);
      assert.equal(rows[0]?.n, events.length, 'each event logged as published');
      // A trace reads in causal order: the rows are deleted after they were handled, but their
      // published lines carry the time they were sent.
      const { rows: late } = await t.store.query<{ event_id: string }>(
        `select p.event_id from message_log p join inbox h on h.event_id = p.event_id
         where p.outcome = 'published' and p.event_id = any($1::text[]) and p.at > h.handled_at`,
        [ids],
      );
      const { rows: handled } = await t.store.query<{ n: number }>('select count(*)::int as n from inbox where event_id = any($1::text[])', [ids]);
      assert.equal(handled[0]?.n, events.length, 'each event handled once');
      assert.deepEqual(late, [], 'no event logged as published after it was handled');
      await t.broker.relay.flush();
      assert.ok(events.every((e) => seen.get(e.data.orderId) === 1), 'no event delivered twice');
    });

    it('takes back the events queued after a savepoint that was rolled back', async () => {
      const seen = await counting(t);
      const [kept, dropped] = [cancelled(`kept-${freshName('o')}`), cancelled(`dropped-${freshName('o')}`)];
      const claim = t.broker.relay.claim() as OutboxClaim;
      await t.store.transaction(async (tx) => {
        claimOutboxRows(tx, claim);
        await enqueueOutbox(tx, kept);
        const savepoint = await outboxSavepoint(tx, 'omnihub_test');
        await enqueueOutbox(tx, dropped);
        await savepoint.rollback();
      });
      assert.deepEqual(
        claim.rows.map((row) => row.attributes.id),
        [kept.id],
        'the rolled-back row is no longer in the claim',
      );
      t.broker.relay.publishClaimed(claim);
      await waitFor(() => seen.get(kept.data.orderId) === 1, { message: 'the kept event delivered' });
      await t.broker.relay.flush();
      assert.equal(seen.get(dropped.data.orderId), undefined, 'the rolled-back event was never published');
    });

    it("relays a claim's rows through any relay once the claim expires, when the process that claimed them stopped first", async () => {
      const seen = await counting(t);
      const events = [cancelled(`orphan-a-${freshName('o')}`), cancelled(`orphan-b-${freshName('o')}`)];
      // Another process of the deployment, with short claims, that stops after its commit and before publishing.
      const other = new OutboxRelay({ store: t.store, transport: t.broker.transport, logger: pino({ level: 'silent' }), claimMs: 300, pollMs: 60_000 });
      other.start();
      const claim = other.claim() as OutboxClaim;
      await t.store.transaction(async (tx) => {
        claimOutboxRows(tx, claim);
        await enqueueOutboxMany(tx, events);
      });
      await other.stop();
      assert.equal(other.claim(), undefined, 'a stopped relay hands out no claims');
      await waitFor(() => events.every((e) => seen.get(e.data.orderId) === 1), { message: 'the orphaned events relayed after the claim expired', timeoutMs: 30_000 });
      await waitFor(async () => (await outboxRows(t, events.map((e) => e.id))).length === 0, { message: 'their rows deleted' });
      await t.broker.relay.flush();
      assert.ok(events.every((e) => seen.get(e.data.orderId) === 1), 'each delivered once');
    });
  });
}
