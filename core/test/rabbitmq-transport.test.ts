import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { afterEach, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { backoffDelay, DEFAULT_BACKOFF } from '../src/broker/rabbitmq/backoff.ts';
import { ConfirmPublisher } from '../src/broker/rabbitmq/confirm-publisher.ts';
import { RecoveringConnection } from '../src/broker/rabbitmq/connection.ts';
import { DELAY_BUCKETS_MS, delayBucketFor, MAX_DELAY_MS } from '../src/broker/rabbitmq/delay-buckets.ts';
import { deleteRabbitTopology } from '../src/broker/rabbitmq/delete-topology.ts';
import { maskUrl } from '../src/broker/rabbitmq/mask-url.ts';
import { openRabbitTransport, type RabbitTransportOptions } from '../src/broker/rabbitmq/rabbitmq-transport.ts';
import { withTemporaryChannel } from '../src/broker/rabbitmq/temporary-channel.ts';
import { topologyNames } from '../src/broker/rabbitmq/topology.ts';
import type { InboundMessage, Settlement, Transport, TransportMessage } from '../src/broker/transport.ts';
import { createLogger } from '../src/logging/logger.ts';
import { freshName, serviceMissing, TEST_AMQP_URL } from '../src/testing/services.ts';
import { transportContractSuite } from '../src/testing/transport-contract.ts';
import { waitFor } from '../src/testing/wait-for.ts';

const run = promisify(execFile);
const logger = createLogger({ level: process.env['OMNIHUB_TEST_LOG_LEVEL'] ?? 'error', name: 'rabbitmq-test' });
const ACK: Settlement = { kind: 'ack' };

/** Subscribers each prefix declared, deleted after every test. */
const declared = new Map<string, Set<string>>();

afterEach(async () => {
  for (const [prefix, subscribers] of declared) await deleteRabbitTopology(TEST_AMQP_URL, prefix, subscribers);
  declared.clear();
});

/** Node's network errors (ECONNREFUSED, ETIMEDOUT, ...) mean the broker is not there. */
function isUnreachable(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code);
}

/** Opens the transport on the test broker and records what it declares for clean-up. */
async function open(prefix: string, options: Partial<RabbitTransportOptions> = {}): Promise<Transport> {
  let transport: Transport;
  try {
    transport = await openRabbitTransport({ url: TEST_AMQP_URL, prefix, logger, reconnect: { minMs: 50, maxMs: 1_000 }, ...options });
  } catch (error: unknown) {
    throw isUnreachable(error) ? serviceMissing('RabbitMQ', TEST_AMQP_URL, error) : error;
  }
  const subscribers = declared.get(prefix) ?? new Set<string>();
  declared.set(prefix, subscribers);
  return {
    kind: transport.kind,
    publish: (message) => transport.publish(message),
    sendToQueue: (subscriber, message) => transport.sendToQueue(subscriber, message),
    consume: (spec, onMessage) => {
      subscribers.add(spec.subscriber);
      return transport.consume(spec, onMessage);
    },
    queueDepth: (subscriber) => transport.queueDepth(subscriber),
    health: () => transport.health(),
    close: () => transport.close(),
  };
}

function message(routingKey: string): TransportMessage {
  const id = randomUUID();
  return { messageId: id, routingKey, headers: { 'cloudEvents:id': id, 'cloudEvents:type': routingKey }, body: Buffer.from(JSON.stringify({ id })) };
}

/** Queue descriptions from `rabbitmqctl list_queues` (the broker's own view, not the client's). */
async function listQueues(): Promise<{ name: string; durable: boolean; type: string; arguments: [string, string, unknown][] }[]> {
  const { stdout } = await run('rabbitmqctl', ['list_queues', '-q', '--formatter', 'json', 'name', 'durable', 'type', 'arguments']);
  return JSON.parse(stdout) as { name: string; durable: boolean; type: string; arguments: [string, string, unknown][] }[];
}

function argumentsOf(queue: { arguments: [string, string, unknown][] } | undefined): Record<string, unknown> {
  return Object.fromEntries((queue?.arguments ?? []).map(([name, , value]) => [name, value]));
}

transportContractSuite('rabbitmq', (prefix) => open(prefix));

describe('rabbitmq transport', () => {
  it('declares its topology idempotently: transports opened twice with the same names work', async () => {
    const prefix = freshName('idem');
    const spec = { subscriber: freshName('sub'), bindings: ['order.created', 'order.*'], prefetch: 5 };
    const first = await open(prefix);
    const second = await open(prefix);
    try {
      const got: InboundMessage[] = [];
      const handler = (received: InboundMessage) => {
        got.push(received);
        return Promise.resolve(ACK);
      };
      await first.consume(spec, handler);
      await second.consume(spec, handler);
      await first.publish(message('order.created'));
      await second.publish(message('order.created'));
      await waitFor(() => got.length === 2, { message: 'both messages' });
    } finally {
      await first.close();
      await second.close();
    }
    const third = await open(prefix);
    try {
      const got: InboundMessage[] = [];
      await third.consume(spec, (received) => {
        got.push(received);
        return Promise.resolve(ACK);
      });
      await third.publish(message('order.created'));
      await waitFor(() => got.length === 1, { message: 'the message after reopening' });
    } finally {
      await third.close();
    }
  });

  it('declares durable quorum queues, and quorum delay queues that dead-letter to the subscriber', async () => {
    const prefix = freshName('quorum');
    const names = topologyNames(prefix);
    const subscriber = freshName('sub');
    const transport = await open(prefix);
    try {
      let deliveries = 0;
      await transport.consume({ subscriber, bindings: ['stock.changed'], prefetch: 1 }, (received) => {
        deliveries += 1;
        return Promise.resolve(deliveries === 1 ? { kind: 'retry', delayMs: 150, headers: received.headers } : ACK);
      });
      await transport.publish(message('stock.changed'));
      await waitFor(() => deliveries === 2, { message: 'the retried delivery' });
      const queues = await listQueues();
      const queue = queues.find((candidate) => candidate.name === names.queue(subscriber));
      assert.ok(queue, 'the subscriber queue exists');
      assert.equal(queue.durable, true);
      assert.equal(queue.type, 'quorum');
      assert.deepEqual(argumentsOf(queue), { 'x-queue-type': 'quorum' });
      // 150 ms is rounded up to the 200 ms bucket.
      const delay = queues.find((candidate) => candidate.name === names.delayQueue(subscriber, 200));
      assert.ok(delay, 'the 200 ms delay queue exists');
      assert.equal(delay.durable, true);
      assert.equal(delay.type, 'quorum');
      const delayArguments = argumentsOf(delay);
      assert.equal(delayArguments['x-message-ttl'], 200);
      assert.equal(delayArguments['x-dead-letter-exchange'], '');
      assert.equal(delayArguments['x-dead-letter-routing-key'], names.queue(subscriber));
      assert.equal(delayArguments['x-dead-letter-strategy'], 'at-least-once');
      assert.equal(delayArguments['x-overflow'], 'reject-publish');
      assert.ok(typeof delayArguments['x-expires'] === 'number' && delayArguments['x-expires'] > 200);
    } finally {
      await transport.close();
    }
  });

  it('fails consume with the broker error when a queue exists with other arguments', async () => {
    const prefix = freshName('clash');
    const transport = await open(prefix);
    const subscriber = freshName('sub');
    declared.get(prefix)?.add(subscriber);
    const connection = new RecoveringConnection({ url: TEST_AMQP_URL, name: `omnihub ${prefix} setup`, backoff: DEFAULT_BACKOFF, logger });
    await connection.open();
    try {
      // A classic queue squatting the name: the quorum declaration must refuse it, not use it.
      await withTemporaryChannel(connection.model ?? assert.fail('not connected'), async (channel) => {
        await channel.assertQueue(topologyNames(prefix).queue(subscriber), { durable: true });
      });
      await assert.rejects(
        transport.consume({ subscriber, bindings: ['x'], prefetch: 1 }, () => Promise.resolve(ACK)),
        /PRECONDITION_FAILED|inequivalent arg/,
      );
      assert.equal((await transport.health()).ok, true, 'a refused declaration does not break the transport');
    } finally {
      await connection.close();
      await transport.close();
    }
  });

  it('keeps many publishes in flight at once, never more than the confirm window', async () => {
    const prefix = freshName('window');
    const names = topologyNames(prefix);
    const subscriber = freshName('sub');
    const transport = await open(prefix);
    const connection = new RecoveringConnection({ url: TEST_AMQP_URL, name: `omnihub ${prefix} window`, backoff: DEFAULT_BACKOFF, logger });
    await connection.open();
    try {
      await (await transport.consume({ subscriber, bindings: ['bulk'], prefetch: 1 }, () => Promise.resolve(ACK))).cancel();
      const figures: string[] = [];
      for (const window of [1, 64]) {
        const publisher = new ConfirmPublisher(connection, names, window, DEFAULT_BACKOFF, logger);
        await publisher.start();
        const count = 1_000;
        const started = performance.now();
        await Promise.all(
          Array.from({ length: count }, () => {
            const sent = message('bulk');
            return publisher.publish(names.exchange, 'bulk', sent.body, { persistent: true, messageId: sent.messageId, headers: sent.headers });
          }),
        );
        const elapsed = performance.now() - started;
        figures.push(`window ${window}: ${count} confirmed publishes in ${Math.round(elapsed)} ms`);
        assert.equal(publisher.stats().maxInFlight, window, `window ${window} is filled but never exceeded`);
        await publisher.close(1_000);
      }
      console.log(figures.join('; '));
      assert.equal(await transport.queueDepth(subscriber), 2_000);
    } finally {
      await connection.close();
      await transport.close();
    }
  });

  it('re-sends every unconfirmed publish after losing its connection, and resolves them once confirmed', async () => {
    const prefix = freshName('resend');
    const names = topologyNames(prefix);
    const subscriber = freshName('sub');
    const transport = await open(prefix);
    const connection = new RecoveringConnection({ url: TEST_AMQP_URL, name: `omnihub ${prefix} resend`, backoff: { minMs: 50, maxMs: 500 }, logger });
    await connection.open();
    try {
      const seen = new Set<string>();
      await transport.consume({ subscriber, bindings: ['bulk'], prefetch: 100 }, (received) => {
        seen.add(received.messageId);
        return Promise.resolve(ACK);
      });
      const publisher = new ConfirmPublisher(connection, names, 500, DEFAULT_BACKOFF, logger);
      await publisher.start();
      const sent = Array.from({ length: 2_000 }, () => message('bulk'));
      const confirmed = Promise.all(
        sent.map((outgoing) => publisher.publish(names.exchange, 'bulk', outgoing.body, { persistent: true, messageId: outgoing.messageId, headers: outgoing.headers })),
      );
      // The first 500 are written but unconfirmed; closing the connection under the publisher loses
      // their confirms, as a network failure would, and the connection recovers by itself.
      const model = connection.model;
      assert.ok(model);
      model.close().catch(() => undefined);
      await confirmed;
      const { resent } = publisher.stats();
      assert.ok(resent > 0, 'some publishes were re-sent');
      await waitFor(() => sent.every((outgoing) => seen.has(outgoing.messageId)), { timeoutMs: 30_000, message: 'every message' });
      console.log(`re-sent ${resent} unconfirmed publishes after the connection loss; all ${sent.length} confirmed and delivered`);
      await publisher.close(1_000);
    } finally {
      await connection.close();
      await transport.close();
    }
  });

  it('reconnects by itself, resubscribes and re-sends unconfirmed publishes when its connection is closed', async () => {
    const prefix = freshName('reconnect');
    const transport = await open(prefix);
    const subscriber = freshName('sub');
    const seen = new Map<string, number>();
    try {
      await transport.consume({ subscriber, bindings: ['order.created'], prefetch: 20 }, (received) => {
        seen.set(received.messageId, (seen.get(received.messageId) ?? 0) + 1);
        return Promise.resolve(ACK);
      });
      const sent = Array.from({ length: 500 }, () => message('order.created'));
      const published = Promise.all(sent.map((outgoing) => transport.publish(outgoing)));
      await waitFor(() => seen.size >= 50, { message: 'the first deliveries' });
      // Only this transport's own connection: other tests on the broker are not disturbed.
      const { stdout } = await run('rabbitmqctl', ['list_connections', '-q', '--no-table-headers', 'pid', 'client_properties']);
      const pid = stdout.split('\n').find((line) => line.includes(`"omnihub ${prefix}"`))?.split('\t')[0];
      assert.ok(pid, 'found the transport connection');
      await run('rabbitmqctl', ['close_connection', pid, 'rabbitmq-transport.test reconnect']);
      await published;
      await waitFor(() => sent.every((outgoing) => seen.has(outgoing.messageId)), { timeoutMs: 30_000, message: 'every message' });
      await waitFor(async () => (await transport.health()).ok, { message: 'health back to ok' });
    } finally {
      await transport.close();
    }
  });

  it('rounds retry delays up to a bucket, clamped to one hour', () => {
    assert.deepEqual(
      [-5, 0, 1, 100, 101, 1_000, 3_000_000, 3_300_000, 5 * MAX_DELAY_MS].map(delayBucketFor),
      [0, 0, 100, 100, 200, 1_600, 3_276_800, MAX_DELAY_MS, MAX_DELAY_MS],
    );
    assert.equal(DELAY_BUCKETS_MS.length, 17);
    for (let attempt = 0; attempt < 40; attempt += 1) {
      const delay = backoffDelay(attempt, { minMs: 100, maxMs: 30_000 });
      assert.ok(delay >= Math.min(30_000, 100 * 2 ** attempt) / 2 && delay <= 30_000, `attempt ${attempt}: ${delay} ms`);
    }
  });

  it('masks the password of a connection URL', () => {
    assert.equal(maskUrl('amqp://omnihub:s3cr%40t@rabbit:5672/prod'), 'amqp://omnihub:***@rabbit:5672/prod');
    assert.equal(maskUrl('amqp://rabbit:5672'), 'amqp://rabbit:5672');
    assert.equal(maskUrl('not a url //user:pw@host'), 'not a url //user:***@host');
  });

  it('never writes the password to a log line', async () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const url = new URL(TEST_AMQP_URL);
    const transport = await open(freshName('mask'), { logger: createLogger({ level: 'debug', destination }) });
    await transport.close();
    assert.ok(lines.some((line) => line.includes('connected to RabbitMQ')), 'logged the connection');
    if (url.password !== '') assert.ok(lines.every((line) => !line.includes(`:${url.password}@`)), 'no password in the logs');
  });
});
