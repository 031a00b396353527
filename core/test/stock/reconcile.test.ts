import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { STORE_FACTORIES, type TestStore } from '@omnihub/core/testing';
import { ChannelReaders, claimPush, publishAvailability, reconcileChannels, type ChannelReader } from '../../src/stock/index.ts';
import { channel, freshSku, movement, record } from './support.ts';

/**
 * A stand-in for a sales channel's stock API: `GET /levels?sku=a&sku=b` answers the quantities it
 * shows, `{ "levels": { "<sku>": n } }`; `fail` makes it answer 503.
 */
async function startChannel(): Promise<{ url: string; shown: Map<string, number>; fail: { on: boolean }; server: Server }> {
  const shown = new Map<string, number>();
  const fail = { on: false };
  const server = createServer((req, res) => {
    if (fail.on) {
      res.writeHead(503).end();
      return;
    }
    const skus = new URL(req.url ?? '/', 'http://channel').searchParams.getAll('sku');
    const levels = Object.fromEntries(skus.filter((sku) => shown.has(sku)).map((sku) => [sku, shown.get(sku)]));
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ levels }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, shown, fail, server };
}

/** A channel reader over that API, as a channel connector would provide one. */
function httpReader(base: string): ChannelReader {
  return {
    read: async (_channel, skus) => {
      const query = new URLSearchParams(skus.map((sku): [string, string] => ['sku', sku]));
      const response = await fetch(`${base}/levels?${query.toString()}`);
      if (!response.ok) throw new Error(`channel answered ${response.status}`);
      const body = (await response.json()) as { levels: Record<string, number> };
      return new Map(Object.entries(body.levels));
    },
  };
}

for (const factory of STORE_FACTORIES) {
  describe(`drift reconciliation and pushes on ${factory.name}`, () => {
    let t: TestStore;
    let shop: Awaited<ReturnType<typeof startChannel>>;

    before(async () => {
      t = await factory.open();
      shop = await startChannel();
    });
    after(async () => {
      await new Promise<void>((resolve) => shop.server.close(() => resolve()));
      await t.dispose();
    });

    it('reports drift between what the channel shows and what was published, and fixes it only when asked', async () => {
      const web = `web-drift-${factory.name}`;
      const location = 'store-drift';
      await channel(t.store, { id: web, name: 'Web', kind: 'web', locationIds: [location] });
      const [same, differs, zero, missing, inFlight] = ['same', 'differs', 'zero', 'missing', 'in-flight'].map((label) => freshSku(label)) as [string, string, string, string, string];
      const units = new Map([[same, 5], [differs, 3], [zero, 0], [missing, 2], [inFlight, 4]]);
      for (const [sku, n] of units) await record(t.store, movement({ sku, locationId: location, mode: 'absolute', quantity: n, reason: 'count' }));
      await t.store.transaction((tx) => publishAvailability(tx, units.keys()));
      // The channel connector pushed everything but the newest value of one SKU.
      for (const sku of units.keys()) if (sku !== inFlight) await t.store.transaction((tx) => claimPush(tx, { channelId: web, sku, version: 1, available: units.get(sku) ?? 0 }));
      await t.store.query('insert into stock_channel_pushes (channel_id, sku, version) values ($1, $2, 0)', [web, inFlight]);
      shop.shown.set(same, 5);
      shop.shown.set(differs, 7);
      shop.shown.set(inFlight, 9);
      const readers = new ChannelReaders();
      readers.register(web, httpReader(shop.url));

      const [report] = await reconcileChannels({ store: t.store, readers }, { channelId: web });
      assert.equal(report?.status, 'drift');
      assert.deepEqual({ checked: report?.checked, inFlight: report?.inFlight, drifted: report?.drifted, fixed: report?.fixed }, { checked: 4, inFlight: 1, drifted: 2, fixed: 0 });
      assert.deepEqual(report?.drift.map((d) => [d.sku, d.published, d.shown]).sort(), [[differs, 3, 7], [missing, 2, null]].sort());
      const before = await t.store.query<{ sku: string; version: number }>('select sku, version from stock_published where channel_id = $1', [web]);
      assert.ok(before.rows.every((row) => row.version === 1), 'a report changes nothing');

      const [fixed] = await reconcileChannels({ store: t.store, readers }, { channelId: web, apply: true });
      assert.equal(fixed?.fixed, 2);
      const { rows } = await t.store.query<{ sku: string; version: number; available: number }>('select sku, version, available from stock_published where channel_id = $1 order by sku', [web]);
      const versions = new Map(rows.map((row) => [row.sku, row.version]));
      assert.equal(versions.get(differs), 2, 'republished with a new version for the pusher');
      assert.equal(versions.get(missing), 2);
      assert.equal(versions.get(same), 1);
      const runs = await t.store.query<{ status: string; apply: boolean }>('select status, apply from stock_reconcile_runs where channel_id = $1 order by started_at', [web]);
      assert.deepEqual(runs.rows.map((r) => [r.status, r.apply]), [['drift', false], ['drift', true]]);

      shop.fail.on = true;
      const [failed] = await reconcileChannels({ store: t.store, readers }, { channelId: web });
      shop.fail.on = false;
      assert.equal(failed?.status, 'failed');
      assert.match(failed?.detail ?? '', /503/);
      const [unread] = await reconcileChannels({ store: t.store, readers: new ChannelReaders() }, { channelId: web });
      assert.equal(unread?.status, 'no-reader');
    });

    it('never pushes an older version after a newer one, and pushes the newest value when a newer one was published', async () => {
      const web = `web-push-${factory.name}`;
      const location = 'store-push';
      await channel(t.store, { id: web, name: 'Web', kind: 'web', locationIds: [location] });
      const sku = freshSku('push');
      for (const n of [3, 4, 5]) {
        await record(t.store, movement({ sku, locationId: location, mode: 'absolute', quantity: n, reason: 'count' }));
        await t.store.transaction((tx) => publishAvailability(tx, [sku]));
      }
      const claim = (version: number, available: number): Promise<{ version: number; available: number } | undefined> =>
        t.store.transaction((tx) => claimPush(tx, { channelId: web, sku, version, available }));
      const caughtUp = await claim(2, 4);
      assert.deepEqual(caughtUp && { version: caughtUp.version, available: caughtUp.available }, { version: 3, available: 5 }, 'version 3 is published: the push carries it, not the stale 2');
      assert.equal(await claim(3, 5), undefined, 'version 3 arriving afterwards is already pushed');
      assert.equal(await claim(3, 5), undefined, 'a redelivered version is not pushed again');
      assert.equal(await claim(1, 3), undefined);
    });
  });
}
