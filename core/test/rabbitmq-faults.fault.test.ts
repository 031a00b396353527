/**
 * Fault tests of the RabbitMQ transport. They disturb the whole broker (every connection is
 * closed, the broker app is restarted), so the test runner runs `*.fault.test.ts` files alone,
 * after every other test. Each test restores the broker before it ends.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { deleteRabbitTopology } from '../src/broker/rabbitmq/delete-topology.ts';
import { openRabbitTransport } from '../src/broker/rabbitmq/rabbitmq-transport.ts';
import type { InboundMessage, Settlement, Transport, TransportMessage } from '../src/broker/transport.ts';
import { createLogger } from '../src/logging/logger.ts';
import { freshName, serviceMissing, TEST_AMQP_URL } from '../src/testing/services.ts';
import { waitFor } from '../src/testing/wait-for.ts';

const run = promisify(execFile);
/** Recovery figures read from the transports' own warn lines. */
const recovery = { connectionsLost: 0, resent: 0 };
const logger = createLogger({
  level: 'warn',
  name: 'rabbitmq-fault-test',
  destination: new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter((text) => text !== '')) {
        let entry: { msg?: string; unconfirmed?: number; level?: number };
        try {
          entry = JSON.parse(line) as typeof entry;
        } catch {
          continue;
        }
        if (entry.msg === 'lost the RabbitMQ connection; reconnecting') recovery.connectionsLost += 1;
        if (typeof entry.unconfirmed === 'number') recovery.resent += entry.unconfirmed;
        // Errors are never expected here: show them.
        if ((entry.level ?? 0) >= 50) process.stderr.write(`${line}\n`);
      }
      done();
    },
  }),
});
const ACK: Settlement = { kind: 'ack' };
const MESSAGES = 2_000;
const RECOVERY_TIMEOUT_MS = 90_000;
const PRINTED_DUPLICATES = 100;

/** Node's network errors (ECONNREFUSED, ETIMEDOUT, ...) mean the broker is not there. */
function isUnreachable(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && /^E[A-Z]+$/.test(error.code);
}

async function open(prefix: string): Promise<Transport> {
  try {
    return await openRabbitTransport({ url: TEST_AMQP_URL, prefix, logger, reconnect: { minMs: 100, maxMs: 1_000 } });
  } catch (error: unknown) {
    throw isUnreachable(error) ? serviceMissing('RabbitMQ', TEST_AMQP_URL, error) : error;
  }
}

function message(routingKey: string, headers: Record<string, string | number> = {}): TransportMessage {
  const id = randomUUID();
  return { messageId: id, routingKey, headers: { 'cloudEvents:id': id, ...headers }, body: Buffer.from(JSON.stringify({ id })) };
}

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    sleep(ms, undefined, { ref: false }).then(() => {
      throw new Error(`${what} did not finish within ${ms} ms`);
    }),
  ]);
}

/** Waits until the broker accepts AMQP connections again (after start_app). */
async function brokerAccepting(): Promise<void> {
  await waitFor(
    async () => {
      try {
        const prefix = freshName('probe');
        await (await openRabbitTransport({ url: TEST_AMQP_URL, prefix, logger })).close();
        await deleteRabbitTopology(TEST_AMQP_URL, prefix, []);
        return true;
      } catch {
        return false;
      }
    },
    { timeoutMs: 60_000, intervalMs: 250, message: 'RabbitMQ to accept connections' },
  );
}

/** Starts the broker app if it is stopped (a no-op when running) and waits until it accepts connections. */
async function restoreBroker(): Promise<void> {
  await run('rabbitmqctl', ['start_app']);
  await brokerAccepting();
}

/**
 * Publishes {@link MESSAGES} messages at a steady pace while a consumer acks them, runs `disturb`
 * once a quarter has been delivered, then checks that every message arrived at least once and
 * every publish promise resolved. Prints the figures, duplicates included.
 */
async function survives(label: string, disturb: () => Promise<void>): Promise<void> {
  const prefix = freshName('fault');
  const subscriber = freshName('sub');
  const producer = await open(prefix);
  const consumer = await open(prefix);
  const deliveries = new Map<string, number>();
  let redelivered = 0;
  recovery.connectionsLost = 0;
  recovery.resent = 0;
  try {
    await consumer.consume({ subscriber, bindings: ['fault.event'], prefetch: 50 }, async (received: InboundMessage) => {
      deliveries.set(received.messageId, (deliveries.get(received.messageId) ?? 0) + 1);
      if (received.redelivered) redelivered += 1;
      await sleep(1);
      return ACK;
    });
    const sent = Array.from({ length: MESSAGES }, () => message('fault.event'));
    let confirmed = 0;
    // Paced (100 every 100 ms, about 2 s in all) so publishes are in flight when the fault hits.
    const publishing = (async () => {
      const promises: Promise<void>[] = [];
      for (let start = 0; start < sent.length; start += 100) {
        for (const outgoing of sent.slice(start, start + 100)) {
          promises.push(
            producer.publish(outgoing).then(() => {
              confirmed += 1;
            }),
          );
        }
        await sleep(100);
      }
      await Promise.all(promises);
    })();
    await waitFor(() => deliveries.size >= MESSAGES / 4, { timeoutMs: 30_000, message: 'a quarter of the messages' });
    const disturbedAt = { confirmed, delivered: deliveries.size };
    await disturb();
    await within(publishing, RECOVERY_TIMEOUT_MS, 'every publish to be confirmed');
    await waitFor(() => deliveries.size === MESSAGES, { timeoutMs: RECOVERY_TIMEOUT_MS, message: `all ${MESSAGES} messages delivered` });
    const duplicates = [...deliveries].filter(([, count]) => count > 1);
    const extra = duplicates.reduce((sum, [, count]) => sum + count - 1, 0);
    console.log(
      `${label}: ${MESSAGES} published, ${confirmed} confirmed, ${deliveries.size} distinct delivered ` +
        `(fault at ${disturbedAt.confirmed} confirmed / ${disturbedAt.delivered} delivered), ` +
        `${recovery.connectionsLost} connections lost, ${recovery.resent} unconfirmed publishes re-sent, ` +
        `${extra} duplicate deliveries of ${duplicates.length} messages, ${redelivered} flagged redelivered` +
        (duplicates.length > 0 ? `: ${duplicates.slice(0, PRINTED_DUPLICATES).map(([id, count]) => `${id} x${count}`).join(', ')}` : '') +
        (duplicates.length > PRINTED_DUPLICATES ? ` ... and ${duplicates.length - PRINTED_DUPLICATES} more` : ''),
    );
    assert.equal(confirmed, MESSAGES, 'every publish promise resolved');
    assert.ok(sent.every((outgoing) => deliveries.has(outgoing.messageId)), 'nothing lost');
  } finally {
    await within(producer.close(), 30_000, 'producer close').catch(() => undefined);
    await within(consumer.close(), 30_000, 'consumer close').catch(() => undefined);
    await deleteRabbitTopology(TEST_AMQP_URL, prefix, [subscriber]);
  }
}

describe('rabbitmq transport under broker faults', () => {
  it('loses nothing when every broker connection is closed mid-stream', async () => {
    try {
      await survives('close_all_connections', async () => {
        await run('rabbitmqctl', ['close_all_connections', 'omnihub fault test']);
      });
    } finally {
      await restoreBroker();
    }
  });

  it('loses nothing when the broker app is stopped and started mid-stream', async () => {
    try {
      await survives('stop_app/start_app', async () => {
        await run('rabbitmqctl', ['stop_app']);
        try {
          // Publishes keep arriving while the broker is down; they wait in the publisher.
          await sleep(1_000);
        } finally {
          await run('rabbitmqctl', ['start_app']);
        }
      });
    } finally {
      await restoreBroker();
    }
  });

  it('redelivers every unacknowledged message of a consumer killed with SIGKILL', async () => {
    const prefix = freshName('kill');
    const subscriber = freshName('sub');
    const transport = await open(prefix);
    const fixture = fileURLToPath(new URL('fixtures/kill-consumer.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=omnihub-source', fixture, prefix, subscriber, 'kill.event'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => {
      child.on('exit', (code, signal) => {
        resolve(signal ?? code);
      });
    });
    try {
      await (await transport.consume({ subscriber, bindings: ['kill.event'], prefetch: 1 }, () => Promise.resolve(ACK))).cancel();
      // Alternating: the child acks the "yes" ones and holds the "no" ones until its prefetch of 50 is full.
      const sent = Array.from({ length: 150 }, (_, index) => message('kill.event', { 'x-test-ack': index % 2 === 0 ? 'yes' : 'no' }));
      await Promise.all(sent.map((outgoing) => transport.publish(outgoing)));
      const childSaw = new Map<string, boolean>();
      let ready = false;
      createInterface({ input: child.stdout }).on('line', (line) => {
        const parsed = JSON.parse(line) as { ready?: boolean; id?: string; ack?: boolean };
        if (parsed.ready === true) ready = true;
        if (parsed.id !== undefined) childSaw.set(parsed.id, parsed.ack === true);
      });
      await waitFor(() => ready, { timeoutMs: 30_000, message: 'the child consumer' });
      const held = () => [...childSaw].filter(([, ack]) => !ack).map(([id]) => id);
      await waitFor(() => held().length === 50, { timeoutMs: 30_000, message: 'the child to hold 50 unacked messages' });
      // 100 delivered with at most 50 unacked means the broker has processed all 50 acks.
      await waitFor(async () => (await transport.queueDepth(subscriber)) === 50, { message: '50 messages still queued' });
      child.kill('SIGKILL');
      assert.equal(await within(exited, 10_000, 'the child to die'), 'SIGKILL');

      const received = new Map<string, InboundMessage[]>();
      await transport.consume({ subscriber, bindings: ['kill.event'], prefetch: 50 }, (delivery) => {
        received.set(delivery.messageId, [...(received.get(delivery.messageId) ?? []), delivery]);
        return Promise.resolve(ACK);
      });
      const acked = [...childSaw].filter(([, ack]) => ack).map(([id]) => id);
      const neverSeen = sent.map((outgoing) => outgoing.messageId).filter((id) => !childSaw.has(id));
      await waitFor(() => [...held(), ...neverSeen].every((id) => received.has(id)), { timeoutMs: 30_000, message: 'every unacked message' });
      await waitFor(async () => (await transport.queueDepth(subscriber)) === 0, { message: 'an empty queue' });
      console.log(
        `SIGKILL consumer: ${sent.length} published, child acked ${acked.length} and held ${held().length}, ` +
          `${neverSeen.length} never reached it; the next consumer got ${received.size} ` +
          `(${[...received.values()].filter(([first]) => first?.redelivered === true).length} flagged redelivered)`,
      );
      for (const id of held()) assert.equal(received.get(id)?.[0]?.redelivered, true, `held message ${id} comes back flagged redelivered`);
      for (const id of acked) assert.equal(received.has(id), false, `acked message ${id} is not redelivered`);
      assert.equal(received.size, held().length + neverSeen.length);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await transport.close();
      await deleteRabbitTopology(TEST_AMQP_URL, prefix, [subscriber]);
    }
  });
});
