import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPostgresStore, type CloudEvent, type Store } from '@omnihub/core';
import { BROKER_SETUPS, TEST_DATABASE_URL, waitFor, type TestBroker } from '@omnihub/core/testing';
import type { ConnectorRuntime } from '../../src/connectors/index.ts';
import { capturedLogger, movesFeed, shopConfig, shopRuntime, vendorServer, type VendorServer } from './support.ts';

/** Polls the shop made, counted from one runtime's log. */
function polls(text: string, instance: string): number {
  return text.split('\n').filter((line) => line.includes('polling stock moves') && line.includes(`"instance":"${instance}"`)).length;
}

for (const setup of BROKER_SETUPS) {
  describe(`polling on ${setup.name}`, () => {
    let t: TestBroker;
    let vendor: VendorServer;
    const opened: ConnectorRuntime[] = [];
    const stores: Store[] = [];

    async function cursorOf(instance: string): Promise<string | undefined> {
      const { rows } = await t.store.query<{ value: string }>("select value from connector_cursors where instance_id = $1 and key = 'poll:stock-feed'", [instance]);
      return rows[0]?.value;
    }

    async function movementIds(instance: string): Promise<string[]> {
      const { rows } = await t.store.query<{ envelope: CloudEvent<{ movementId: string }> }>('select envelope from event_log where source = $1', [`/connectors/shop/${instance}`]);
      return rows.map((r) => r.envelope.data.movementId).sort();
    }

    /** A runtime as another hub process would run it: over its own connection pool on PostgreSQL. */
    async function secondProcess(logger: ReturnType<typeof capturedLogger>['logger']): Promise<ConnectorRuntime> {
      let store = t.store;
      if (t.store.kind === 'postgres') {
        const { rows } = await t.store.query<{ schema: string }>('select current_schema() as schema');
        store = await openPostgresStore({ url: TEST_DATABASE_URL, schema: rows[0]?.schema ?? '', maxConnections: 3 });
        stores.push(store);
      }
      const broker = await t.reopen();
      const runtime = await shopRuntime({ store, registry: t.registry, bus: broker.bus, logger });
      opened.push(runtime);
      return runtime;
    }

    before(async () => {
      t = await setup.open();
      vendor = await vendorServer();
    });
    after(async () => {
      for (const runtime of opened) await runtime.stop();
      await vendor.close();
      for (const store of stores) await store.close();
      await t.dispose();
    });

    it('polls page after page while the vendor says more, storing the cursor with each page', async () => {
      vendor.reply('/moves', movesFeed(5));
      const logs = capturedLogger();
      const runtime = await shopRuntime({ store: t.store, registry: t.registry, bus: t.broker.bus, logger: logs.logger });
      opened.push(runtime);
      // The manifest's interval is 60 s: only `more: true` can bring all five moves in this test's time.
      await runtime.instances.create({ id: 'feed-a', connectorId: 'shop', config: shopConfig(vendor.url) });
      await runtime.start();
      await waitFor(async () => (await cursorOf('feed-a')) === '5', { message: 'the cursor of the last page' });
      assert.deepEqual(await movementIds('feed-a'), ['feed-1', 'feed-2', 'feed-3', 'feed-4', 'feed-5']);
      const afters = vendor.calls.filter((c) => c.path === '/moves').map((c) => c.query.get('after'));
      assert.deepEqual(afters, ['0', '2', '4']);
      assert.equal(vendor.calls[0]?.headers['authorization'], 'Bearer tok_live_ABCDEF123456', 'the decrypted token reached the vendor');
      await runtime.stop();
      assert.doesNotMatch(logs.text(), /tok_live_ABCDEF123456/);

      // A restarted process resumes from the stored cursor; records already taken are not taken again.
      vendor.calls.length = 0;
      vendor.reply('/moves', movesFeed(7));
      const restarted = await shopRuntime({ store: t.store, registry: t.registry, bus: t.broker.bus });
      opened.push(restarted);
      await restarted.start();
      await waitFor(async () => (await cursorOf('feed-a')) === '7', { message: 'the cursor after the restart' });
      assert.equal(vendor.calls[0]?.query.get('after'), '5');
      assert.deepEqual(await movementIds('feed-a'), ['feed-1', 'feed-2', 'feed-3', 'feed-4', 'feed-5', 'feed-6', 'feed-7']);
      await restarted.instances.delete('feed-a');
      await restarted.stop();
    });

    it('polls an instance from one process at a time; another takes over when it stops', async () => {
      let served = 0;
      vendor.calls.length = 0;
      // One new move per poll, answered slowly, so overlapping polls would show at the vendor.
      vendor.reply('/moves', (call) => {
        const after = Number(call.query.get('after') ?? '0');
        served += 1;
        return { ...movesFeed(after + 1, 1)(call), delayMs: 50 };
      });
      const logsA = capturedLogger();
      const logsB = capturedLogger();
      const a = await secondProcess(logsA.logger);
      const b = await secondProcess(logsB.logger);
      await a.instances.create({ id: 'feed-one', connectorId: 'shop', config: shopConfig(vendor.url), pollIntervals: { 'stock-feed': 1 } });
      await Promise.all([a.start(), b.start()]);
      await waitFor(() => served >= 3, { message: 'three polls', timeoutMs: 60_000 });
      const [first, second] = polls(logsA.text(), 'feed-one') > 0 ? [a, b] : [b, a];
      const [firstLogs, secondLogs] = first === a ? [logsA, logsB] : [logsB, logsA];
      assert.equal(polls(secondLogs.text(), 'feed-one'), 0, 'the other process never polled');
      assert.equal(first.isPolling('feed-one'), true);
      assert.equal(second.isPolling('feed-one'), false);
      assert.equal(vendor.maxInFlight(), 1);

      await first.stop();
      const cursorAtHandOver = Number(await cursorOf('feed-one'));
      const servedAtHandOver = served;
      await waitFor(() => served >= servedAtHandOver + 2, { message: 'the other process polling', timeoutMs: 60_000 });
      assert.ok(polls(secondLogs.text(), 'feed-one') >= 2);
      assert.equal(second.isPolling('feed-one'), true);
      const taken = vendor.calls.filter((c) => c.path === '/moves').slice(servedAtHandOver).map((c) => Number(c.query.get('after')));
      assert.equal(taken[0], cursorAtHandOver, 'the new poller starts from the stored cursor');
      await second.stop();
      const ids = await movementIds('feed-one');
      assert.equal(new Set(ids).size, ids.length, 'no record taken twice');
      assert.deepEqual(ids, Array.from({ length: ids.length }, (_, i) => `feed-${i + 1}`).sort(), 'no record skipped');
      assert.equal(polls(firstLogs.text(), 'feed-one') + polls(secondLogs.text(), 'feed-one'), served);
      await second.instances.delete('feed-one');
    });

    it('drops a page polled by a process that lost its lease meanwhile', async () => {
      const runtime = await shopRuntime({ store: t.store, registry: t.registry, bus: t.broker.bus });
      opened.push(runtime);
      await runtime.instances.create({ id: 'feed-lost', connectorId: 'shop', config: shopConfig(vendor.url), pollIntervals: { 'stock-feed': 1 } });
      let stolen = false;
      vendor.reply('/moves', async (call) => {
        if (!stolen) {
          // Another process takes the lease while this poll is at the vendor.
          stolen = true;
          await t.store.query("update connector_poll_leases set holder = 'another-process', expires_at = now() + interval '1 hour' where instance_id = 'feed-lost'");
        }
        return movesFeed(3)(call);
      });
      await runtime.start();
      await waitFor(() => stolen && !runtime.isPolling('feed-lost'), { message: 'the poller giving up its page' });
      assert.deepEqual(await movementIds('feed-lost'), []);
      assert.equal(await cursorOf('feed-lost'), undefined);
      // Once the other process's lease runs out, polling resumes from the old cursor.
      await t.store.query("update connector_poll_leases set expires_at = now() - interval '1 second' where instance_id = 'feed-lost'");
      await waitFor(async () => (await cursorOf('feed-lost')) === '3', { message: 'polling after the lease expired' });
      assert.deepEqual(await movementIds('feed-lost'), ['feed-1', 'feed-2', 'feed-3']);
      await runtime.stop();
      await runtime.instances.delete('feed-lost');
    });

    it('waits out a rate limit, backs off a transient failure, and pauses on refused credentials', async () => {
      const logs = capturedLogger();
      const runtime = await shopRuntime({ store: t.store, registry: t.registry, bus: t.broker.bus, logger: logs.logger });
      opened.push(runtime);
      await runtime.instances.create({ id: 'feed-fail', connectorId: 'shop', config: shopConfig(vendor.url), pollIntervals: { 'stock-feed': 1 } });
      vendor.calls.length = 0;
      vendor.reply(
        '/moves',
        { status: 429, headers: { 'retry-after': '1' }, body: { error: 'slow down' } },
        { status: 503, body: { error: 'maintenance' } },
        { status: 400, body: { error: 'bad cursor' } },
        (call) => movesFeed(1)(call),
        { status: 401, body: { error: 'token revoked' } },
      );
      await runtime.start();
      await waitFor(async () => (await runtime.instances.require('feed-fail')).state === 'paused', { message: 'the pause after a 401', timeoutMs: 60_000 });
      const instance = await runtime.instances.require('feed-fail');
      assert.match(instance.stateReason ?? '', /^stock-feed: vendor\.http\.401: GET http:\/\/127\.0\.0\.1:\d+\/moves\?after=1 answered 401/);
      assert.deepEqual(await movementIds('feed-fail'), ['feed-1'], 'the good page in between was taken');
      const text = logs.text();
      assert.match(text, /"kind":"rate-limited".*"retryAfterMs":1000.*poll rate-limited; waiting as the vendor asked/);
      assert.match(text, /"kind":"transient".*poll failed; backing off/);
      assert.match(text, /"kind":"permanent".*poll failed; trying again on the next interval/);
      assert.match(text, /"kind":"authentication".*poll failed; pausing the instance/);
      await waitFor(() => !runtime.running().includes('feed-fail'), { message: 'the paused instance stopped' });
      const calls = vendor.calls.length;
      assert.equal(calls, 5);
      // Resumed, it polls again.
      vendor.reply('/moves', (call) => movesFeed(2)(call));
      await runtime.resume('feed-fail');
      await waitFor(async () => (await cursorOf('feed-fail')) === '2', { message: 'polling after resume' });
      assert.doesNotMatch(logs.text(), /tok_live_ABCDEF123456|whsec_0123456789abcdef/);
      await runtime.stop();
    });
  });
}
