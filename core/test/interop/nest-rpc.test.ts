/**
 * NestJS interop: a real `@nestjs/microservices` ClientRMQ (Transport.RMQ, its default JSON
 * serializer) sends commands to the hub's RPC server over the local RabbitMQ and reads the
 * replies, against a fresh PostgreSQL schema and a fresh queue.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Logger } from '@nestjs/common';
import { ClientProxyFactory, Transport, type ClientProxy } from '@nestjs/microservices';
import { lastValueFrom } from 'rxjs';
import { pino } from 'pino';
import { SCHEMAS_DIR, SchemaRegistry } from '@omnihub/core';
import { freshName, postgresFactory, TEST_AMQP_URL, waitFor, type TestStore } from '@omnihub/core/testing';
import { deleteRabbitTopology } from '../../src/broker/rabbitmq/delete-topology.ts';
import { RPC_QUEUE_ARGUMENTS, startNestRpcServer, type NestRpcServer } from '../../src/broker/rabbitmq/nest-rpc-server.ts';
import { createHubCommandHandlers, type SubmitOrderReply } from '../../src/interop/index.ts';
import { recordMovements, toLedgerEntry, type InventoryView } from '../../src/stock/index.ts';
import { OUTBOX_ENVELOPE } from '../../src/broker/outbox.ts';

// Nest's own connection log lines would clutter the test output.
Logger.overrideLogger(false);

const order = (JSON.parse(readFileSync(`${SCHEMAS_DIR}/order.created/fixtures/v1/valid/full.json`, 'utf8')) as { order: { id: string; lines: { sku: string }[] } }).order;

/** What a Nest client's observable errors with: the `err` of the reply. */
interface ReplyError {
  status: string;
  code: string;
  message: string;
  errors?: { path: string; keyword: string }[];
}

async function rejection(promise: Promise<unknown>): Promise<ReplyError> {
  try {
    await promise;
  } catch (error: unknown) {
    return error as ReplyError;
  }
  throw new Error('the command was expected to fail');
}

describe('NestJS ClientRMQ → hub RPC server', () => {
  const prefix = freshName('rpc');
  const queue = `${prefix}.q.rpc`;
  let testStore: TestStore;
  let server: NestRpcServer;
  let client: ClientProxy;
  let relayed = 0;

  before(async () => {
    testStore = await postgresFactory.open();
    const registry = await SchemaRegistry.load();
    server = await startNestRpcServer({
      url: TEST_AMQP_URL,
      queue,
      handlers: createHubCommandHandlers({ store: testStore.store, registry, onAccepted: () => (relayed += 1) }),
      logger: pino({ level: 'silent' }),
    });
    client = ClientProxyFactory.create({
      transport: Transport.RMQ,
      options: { urls: [TEST_AMQP_URL], queue, queueOptions: { durable: true, arguments: RPC_QUEUE_ARGUMENTS } },
    });
    await client.connect();
  });

  after(async () => {
    await client.close();
    await server.close();
    await deleteRabbitTopology(TEST_AMQP_URL, prefix, ['rpc']);
    await testStore.dispose();
  });

  it('answers inventory.availability.get with the SKU’s positions', async () => {
    await testStore.store.transaction((tx) =>
      recordMovements(tx, [
        toLedgerEntry({ movementId: 'rpc-1', sku: 'RPC-SKU-1', locationId: 'dc-hamburg', mode: 'absolute', bucket: 'onHand', quantity: 40, reason: 'count', sourceSystem: 'netsuite', occurredAt: '2025-04-14T06:00:00Z' }),
        toLedgerEntry({ movementId: 'rpc-2', sku: 'RPC-SKU-1', locationId: 'store-berlin-alex', mode: 'delta', quantity: 5, reason: 'receipt', sourceSystem: 'square', occurredAt: '2025-04-14T07:00:00Z' }),
      ]),
    );
    const view = await lastValueFrom(client.send<InventoryView>('inventory.availability.get', { sku: 'RPC-SKU-1' }));
    assert.equal(view.sku, 'RPC-SKU-1');
    assert.deepEqual(
      view.locations.map((l) => [l.locationId, l.onHand, l.available]),
      [
        ['dc-hamburg', 40, 40],
        ['store-berlin-alex', 5, 5],
      ],
    );
    const unknown = await lastValueFrom(client.send<InventoryView>('inventory.availability.get', { sku: 'RPC-NEVER-SEEN' }));
    assert.deepEqual(unknown.locations, []);
    assert.deepEqual(unknown.channels, []);
  });

  it('accepts orders.submit as an order.created event in the outbox, once per idempotency key', async () => {
    const reply = await lastValueFrom(client.send<SubmitOrderReply>('orders.submit', { order }));
    assert.equal(reply.orderId, order.id);
    assert.equal(reply.outcome, 'accepted');
    assert.match(reply.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const { rows } = await testStore.store.query<{ routing_key: string; envelope: { type: string; source: string; subject: string; data: { order: { id: string } } } }>(
      `select routing_key, ${OUTBOX_ENVELOPE} as envelope from outbox where event_id = $1`,
      [reply.eventId],
    );
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.routing_key, 'order.created');
    assert.equal(rows[0]?.envelope.source, '/rpc/orders.submit');
    assert.equal(rows[0]?.envelope.subject, order.id);
    assert.equal(rows[0]?.envelope.data.order.id, order.id);
    assert.equal(relayed, 1);

    const again = await lastValueFrom(client.send<SubmitOrderReply>('orders.submit', { order }));
    assert.deepEqual(again, { ...reply, outcome: 'duplicate' });
    const other = await rejection(lastValueFrom(client.send('orders.submit', { order: { ...order, lines: order.lines.slice(0, 1) } })));
    assert.equal(other.code, 'conflict');
    assert.match(other.message, /was used before with another order/);
    const count = await testStore.store.query<{ n: number }>("select count(*)::int as n from outbox where envelope ->> 'subject' = $1", [order.id]);
    assert.equal(count.rows[0]?.n, 1);
  });

  it('answers an invalid payload with validation-failed and the paths of the broken rules', async () => {
    const bad = { ...order, lines: [{ ...order.lines[0], sku: '' }], currency: 'eur' };
    const error = await rejection(lastValueFrom(client.send('orders.submit', { order: bad })));
    assert.equal(error.status, 'error');
    assert.equal(error.code, 'validation-failed');
    const paths = (error.errors ?? []).map((e) => e.path).sort();
    assert.ok(paths.includes('/order/currency'), `errors name /order/currency: ${paths.join(', ')}`);
    assert.ok(paths.includes('/order/lines/0/sku'), `errors name /order/lines/0/sku: ${paths.join(', ')}`);

    const noSku = await rejection(lastValueFrom(client.send('inventory.availability.get', { location: 'dc-hamburg' })));
    assert.equal(noSku.code, 'validation-failed');
    assert.match(noSku.message, /inventory\.availability\.get request:/);
    assert.deepEqual((noSku.errors ?? []).map((e) => e.keyword).sort(), ['additionalProperties', 'required']);
  });

  it('answers an unknown pattern with not-found naming the commands it takes', async () => {
    const error = await rejection(lastValueFrom(client.send('inventory.teleport', { sku: 'X' })));
    assert.equal(error.status, 'error');
    assert.equal(error.code, 'not-found');
    assert.equal(error.message, 'no hub command "inventory.teleport"; the hub takes inventory.availability.get, orders.submit');
  });

  it('takes a fire-and-forget emit (no id, no reply) and a client that skips the queue assertion', async () => {
    const plain = ClientProxyFactory.create({ transport: Transport.RMQ, options: { urls: [TEST_AMQP_URL], queue, noAssert: true } });
    try {
      const emitted = { ...order, id: `${order.id}-EMIT` };
      await lastValueFrom(plain.emit('orders.submit', { order: emitted }), { defaultValue: undefined });
      const view = await lastValueFrom(plain.send<InventoryView>('inventory.availability.get', { sku: 'RPC-SKU-1' }));
      assert.equal(view.locations.length, 2);
      await waitFor(async () => (await testStore.store.query("select 1 from outbox where data -> 'order' ->> 'id' = $1", [emitted.id])).rowCount === 1, {
        message: 'the emitted order in the outbox',
      });
    } finally {
      await plain.close();
    }
  });

  it('serves concurrent requests, each reply reaching its own caller', async () => {
    const skus = Array.from({ length: 20 }, (_, i) => `RPC-CONC-${i}`);
    const views = await Promise.all(skus.map((sku) => lastValueFrom(client.send<InventoryView>('inventory.availability.get', { sku }))));
    assert.deepEqual(
      views.map((v) => v.sku),
      skus,
    );
  });
});
