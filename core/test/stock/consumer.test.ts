import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { createEvent, encodeEvent, Events, listDeadLetters, type CloudEvent } from '@omnihub/core';
import { BROKER_SETUPS, waitFor, type TestBroker } from '@omnihub/core/testing';
import { channelPushSubscription, inventoryOf, startChannelPusher, startStockSync, type StockMovement, type StockSync } from '../../src/stock/index.ts';
import { channel, freshSku, movement, positionAt } from './support.ts';

const silent = pino({ level: 'silent' });

/** A stand-in for a sales channel's API: records each pushed quantity. */
async function startSink(): Promise<{ url: string; pushes: { sku: string; available: number; version: number }[]; server: Server }> {
  const pushes: { sku: string; available: number; version: number }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      pushes.push(JSON.parse(body) as { sku: string; available: number; version: number });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/inventory`, pushes, server };
}

for (const setup of BROKER_SETUPS) {
  describe(`stock consumer on ${setup.name}`, () => {
    let b: TestBroker;
    let stock: StockSync;
    const location = 'store-consumer';
    const web = `web-consumer-${setup.name.replace(/\W+/g, '-')}`;

    before(async () => {
      b = await setup.open();
      stock = await startStockSync({ store: b.store, registry: b.registry, broker: b.broker, logger: silent }, { sweepIntervalMs: 0, reconcileIntervalMs: 0, refreshIntervalMs: 0 });
      await channel(b.store, { id: web, name: 'Web', kind: 'web', locationIds: [location] });
    });
    after(async () => {
      await stock.close();
      await b.dispose();
    });

    const eventOf = (m: StockMovement): CloudEvent<StockMovement> => createEvent(Events.InventoryMovementRecorded, m, { source: '/tests/stock' });
    async function send(events: CloudEvent<StockMovement>[]): Promise<void> {
      for (let i = 0; i < events.length; i += 100) await Promise.all(events.slice(i, i + 100).map((e) => b.broker.transport.publish(encodeEvent(e))));
    }
    async function ledgerCount(sku: string): Promise<number> {
      const { rows } = await b.store.query<{ n: number }>('select count(*)::int as n from stock_movements where sku = $1', [sku]);
      return rows[0]?.n ?? 0;
    }

    it('ends in the same availability from shuffled movements with duplicates as from the same movements in order', async () => {
      const inOrder = freshSku('in-order');
      const shuffled = freshSku('shuffled');
      const base = Date.parse('2025-04-14T08:00:00Z');
      const plan: Partial<StockMovement>[] = [
        { mode: 'absolute', quantity: 30, reason: 'count' },
        { quantity: -2, reason: 'sale' },
        { quantity: 5, reason: 'receipt' },
        { mode: 'absolute', quantity: 25, reason: 'count' },
        { quantity: -1, reason: 'sale' },
        { bucket: 'damaged', quantity: 2, reason: 'damage' },
        { quantity: -4, reason: 'sale' },
        { mode: 'absolute', bucket: 'safetyStock', quantity: 3, reason: 'adjustment' },
      ];
      const movementsOf = (sku: string): StockMovement[] =>
        plan.map((fields, i) => movement({ sku, locationId: location, quantity: 0, ...fields, movementId: `${sku}-${i}`, occurredAt: new Date(base + i * 60_000).toISOString() }));
      await send(movementsOf(inOrder).map(eventOf));
      await waitFor(async () => (await ledgerCount(inOrder)) === plan.length, { message: 'in-order movements recorded', timeoutMs: 30_000 });

      const events = movementsOf(shuffled).map(eventOf);
      // Redelivered events (same id) and the same movement re-sent under new event ids.
      const resent = events.slice(0, 4).map((e) => eventOf(e.data));
      const all = [...events, ...events.slice(2, 6), ...resent].reverse();
      await send(all.filter((_, i) => i % 2 === 0));
      await send(all.filter((_, i) => i % 2 === 1));
      // Redelivered event ids stop at the inbox; re-sent movements reach the ledger and are duplicates there.
      await waitFor(async () => (await ledgerCount(shuffled)) === plan.length && stock.stats().movements >= plan.length * 2 + resent.length, { message: 'shuffled movements handled', timeoutMs: 30_000 });

      const [a, z] = [await positionAt(b.store, inOrder, location), await positionAt(b.store, shuffled, location)];
      const pick = (p: typeof a): number[] => [p.onHand, p.committed, p.reserved, p.safetyStock, p.damaged, p.available];
      assert.deepEqual(pick(z), pick(a));
      assert.deepEqual(pick(a), [20, 0, 0, 3, 2, 15]);
      await waitFor(async () => (await inventoryOf(b.store, shuffled)).channels[0]?.published?.available === 15, { message: 'published', timeoutMs: 60_000 });
    });

    it('turns a burst of 1,000 movements for one SKU into far fewer channel pushes, the last with the final value', async () => {
      const sku = freshSku('burst');
      const sink = await startSink();
      const name = `connector.test-channel-${setup.name.replace(/\W+/g, '-')}`;
      const pusher = await b.broker.bus.subscribe(
        channelPushSubscription({
          name,
          channelIds: [web],
          push: async (push) => {
            const response = await fetch(sink.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sku: push.sku, available: push.available, version: push.version }) });
            if (!response.ok) throw new Error(`sink answered ${response.status}`);
          },
        }),
      );
      // The batched pusher a channel connector with a bulk API would use, for a second channel (claims are per channel).
      const bulkChannel = `${web}-bulk`;
      await channel(b.store, { id: bulkChannel, name: 'Web bulk', kind: 'web', locationIds: [location] });
      const calls: { sku: string; available: number; version: number }[][] = [];
      const batched = await startChannelPusher(
        { broker: b.broker },
        { name: `${name}-bulk`, channelIds: [bulkChannel], push: (pushes) => Promise.resolve(void calls.push(pushes.map((p) => ({ sku: p.sku, available: p.available, version: p.version })))) },
      );
      try {
        const at = Date.now();
        const burst = Array.from({ length: 1000 }, (_, i) => eventOf(movement({ sku, locationId: location, quantity: 1, reason: 'receipt', occurredAt: new Date(at + i).toISOString() })));
        await send(burst);
        await waitFor(() => sink.pushes.some((p) => p.sku === sku && p.available === 1000), { message: 'the final value pushed', timeoutMs: 60_000 });
        await b.broker.relay.flush();
        const mine = sink.pushes.filter((p) => p.sku === sku);
        const versions = mine.map((p) => p.version);
        assert.deepEqual(versions, [...versions].sort((x, y) => x - y), 'versions only grow');
        assert.equal(new Set(versions).size, versions.length, 'no version pushed twice');
        assert.equal(mine.at(-1)?.available, 1000);
        assert.ok(mine.length <= 250, `${mine.length} pushes for 1,000 movements`);
        const { rows } = await b.store.query<{ version: number }>('select version from stock_published where channel_id = $1 and sku = $2', [web, sku]);
        await waitFor(() => calls.flat().some((p) => p.sku === sku && p.available === 1000), { message: 'the batched pusher pushed the final value', timeoutMs: 60_000 });
        const bulk = calls.flat().filter((p) => p.sku === sku);
        assert.deepEqual(bulk.map((p) => p.version), [...bulk.map((p) => p.version)].sort((x, y) => x - y));
        assert.ok(calls.every((call) => new Set(call.map((p) => p.sku)).size === call.length), 'one push per SKU and batch');
        process.stdout.write(`# ${setup.name}: 1,000 movements → ${rows[0]?.version ?? 0} publications → ${mine.length} pushes (per event), ${bulk.length} (batched)\n`);
      } finally {
        await batched.cancel();
        await pusher.cancel();
        await new Promise<void>((resolve) => sink.server.close(() => resolve()));
      }
    });

    it('dead-letters a movement the ledger cannot take, with its reason', async () => {
      const sku = freshSku('invalid');
      const bad = eventOf(movement({ sku, locationId: location, mode: 'absolute', bucket: 'committed', quantity: 4, reason: 'count' }));
      await send([bad]);
      await waitFor(async () => (await listDeadLetters(b.store, { subscriber: 'flow.stock-sync' }, { limit: 10 })).items.some((l) => l.eventId === bad.id), { message: 'dead letter', timeoutMs: 30_000 });
      const letter = (await listDeadLetters(b.store, { subscriber: 'flow.stock-sync' }, { limit: 10 })).items.find((l) => l.eventId === bad.id);
      assert.equal(letter?.errorCode, 'stock.movement-invalid');
      assert.match(letter?.errorMessage ?? '', /committed cannot be set absolutely/);
      assert.equal(await ledgerCount(sku), 0);
    });
  });
}
