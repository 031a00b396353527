import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ConsumerHandle, InboundMessage, QueueSpec, Settlement, Transport, TransportMessage } from '../broker/transport.ts';
import { freshName } from './services.ts';
import { waitFor } from './wait-for.ts';

const ACK: Settlement = { kind: 'ack' };
// Bounds every clean-up step, so a stuck transport fails its test instead of hanging the run.
const DISPOSE_TIMEOUT_MS = 15_000;

function bounded<T>(promise: Promise<T>, what: string): Promise<T | undefined> {
  return Promise.race([
    promise,
    sleep(DISPOSE_TIMEOUT_MS, undefined, { ref: false }).then(() => {
      throw new Error(`${what} did not finish within ${DISPOSE_TIMEOUT_MS} ms`);
    }),
  ]);
}

/** What one test opened: transports on one fresh prefix and their consumers, all closed at the end. */
class Session {
  readonly prefix = freshName('tc');
  readonly #open: (prefix: string) => Promise<Transport>;
  readonly #transports: Transport[] = [];
  readonly #handles: ConsumerHandle[] = [];

  constructor(open: (prefix: string) => Promise<Transport>) {
    this.#open = open;
  }

  async transport(): Promise<Transport> {
    const transport = await this.#open(this.prefix);
    this.#transports.push(transport);
    return transport;
  }

  async consume(transport: Transport, spec: QueueSpec, onMessage: (message: InboundMessage) => Promise<Settlement>): Promise<ConsumerHandle> {
    const handle = await transport.consume(spec, onMessage);
    this.#handles.push(handle);
    return handle;
  }

  async dispose(): Promise<void> {
    for (const handle of this.#handles) await bounded(handle.cancel(), 'consumer cancel');
    for (const transport of this.#transports) await bounded(transport.close(), 'transport close');
  }
}

/** Runs `body` with a fresh session and always disposes of it. */
function withSession(open: (prefix: string) => Promise<Transport>, body: (session: Session) => Promise<void>): () => Promise<void> {
  return async () => {
    const session = new Session(open);
    try {
      await body(session);
    } finally {
      await session.dispose();
    }
  };
}

/** A fresh subscriber on `bindings`. */
function subscriber(bindings: readonly string[], prefetch = 10): QueueSpec {
  return { subscriber: freshName('sub'), bindings, prefetch };
}

/** A CloudEvent in binary mode, as the outbox sends it. */
function event(routingKey: string, extraHeaders: Record<string, string | number> = {}): TransportMessage {
  const id = randomUUID();
  return {
    messageId: id,
    routingKey,
    headers: {
      'cloudEvents:specversion': '1.0',
      'cloudEvents:id': id,
      'cloudEvents:type': routingKey,
      'cloudEvents:source': 'urn:omnihub:contract-test',
      'x-omnihub-attempt': 1,
      ...extraHeaders,
    },
    body: Buffer.from(JSON.stringify({ id, note: 'ünïcødé ✓', amount: { value: '12.50', currency: 'EUR' } })),
  };
}

/** Deliveries seen by one consumer. */
interface Recorder {
  received: InboundMessage[];
  ids: () => string[];
  handler: (message: InboundMessage) => Promise<Settlement>;
}

/** A handler that records every delivery and settles it with `decide` (ack by default). */
function recorder(decide: (message: InboundMessage, deliveries: number) => Settlement = () => ACK): Recorder {
  const received: InboundMessage[] = [];
  return {
    received,
    ids: () => received.map((message) => message.messageId),
    handler: (message) => {
      received.push(message);
      const deliveries = received.filter((seen) => seen.messageId === message.messageId).length;
      return Promise.resolve(decide(message, deliveries));
    },
  };
}

/** Asserts a delivery is the published message, byte for byte. */
function assertSame(received: InboundMessage | undefined, sent: TransportMessage, headers = sent.headers): void {
  assert.ok(received, `message ${sent.messageId} was not received`);
  assert.equal(received.messageId, sent.messageId);
  assert.equal(received.routingKey, sent.routingKey);
  assert.deepEqual(received.headers, headers);
  assert.ok(received.body.equals(sent.body), 'body differs');
}

/**
 * The broker transport contract: registers node:test suites that any {@link Transport} must pass.
 * `open(prefix)` opens a transport whose exchange and queues are named under `prefix`; two
 * transports opened with one prefix share them (as two processes of one deployment do). Every
 * test uses a fresh prefix and fresh subscribers and closes what it opens; every wait is bounded
 * and no test asserts an upper time bound.
 */
export function transportContractSuite(name: string, open: (prefix: string) => Promise<Transport>): void {
  describe(`transport contract: ${name}`, () => {
    it(
      'delivers body, headers, message id and routing key intact',
      withSession(open, async (session) => {
        const transport = await session.transport();
        const spec = subscriber(['order.created']);
        const sink = recorder();
        await session.consume(transport, spec, sink.handler);
        const sent = event('order.created', { 'x-omnihub-history': '[]', 'x-large': 9_007_199_254_740_991, 'x-negative': -42, 'x-ratio': 0.25 });
        await transport.publish(sent);
        await waitFor(() => sink.received.length === 1, { message: 'the delivery' });
        assertSame(sink.received[0], sent);
        assert.equal(sink.received[0]?.redelivered, false);
      }),
    );

    it(
      'routes by topic pattern: `*` matches one word, `#` zero or more',
      withSession(open, async (session) => {
        const transport = await session.transport();
        const oneWord = recorder();
        const anyWords = recorder();
        const exact = recorder();
        await session.consume(transport, subscriber(['order.*', 'end']), oneWord.handler);
        await session.consume(transport, subscriber(['order.#', 'end']), anyWords.handler);
        await session.consume(transport, subscriber(['inventory.adjusted', 'end']), exact.handler);
        const created = event('order.created');
        const lineAdded = event('order.line.added');
        const bare = event('order');
        const adjusted = event('inventory.adjusted');
        const unrouted = event('customer.updated');
        const end = event('end');
        // One at a time, so each queue receives them in this order and `end` comes last.
        for (const message of [created, lineAdded, bare, adjusted, unrouted, end]) await transport.publish(message);
        await waitFor(() => [oneWord, anyWords, exact].every((sink) => sink.ids().includes(end.messageId)), { message: 'the end marker' });
        assert.deepEqual(oneWord.ids(), [created.messageId, end.messageId]);
        assert.deepEqual(anyWords.ids(), [created.messageId, lineAdded.messageId, bare.messageId, end.messageId]);
        assert.deepEqual(exact.ids(), [adjusted.messageId, end.messageId]);
      }),
    );

    it(
      'gives each subscriber bound to a key its own copy',
      withSession(open, async (session) => {
        const transport = await session.transport();
        const first = recorder();
        const second = recorder();
        await session.consume(transport, subscriber(['stock.changed']), first.handler);
        await session.consume(transport, subscriber(['stock.changed']), second.handler);
        const sent = event('stock.changed');
        await transport.publish(sent);
        await waitFor(() => first.received.length === 1 && second.received.length === 1, { message: 'a copy for each subscriber' });
        assertSame(first.received[0], sent);
        assertSame(second.received[0], sent);
      }),
    );

    it(
      "shares one subscriber's messages between competing consumers, each delivered once",
      withSession(open, async (session) => {
        const spec = subscriber(['work.item'], 1);
        const one = recorder();
        const two = recorder();
        const slowly = (sink: Recorder) => async (message: InboundMessage) => {
          await sleep(5);
          return sink.handler(message);
        };
        await session.consume(await session.transport(), spec, slowly(one));
        const publisher = await session.transport();
        await session.consume(publisher, spec, slowly(two));
        const sent = Array.from({ length: 30 }, () => event('work.item'));
        await Promise.all(sent.map((message) => publisher.publish(message)));
        const end = event('work.item');
        await publisher.publish(end);
        const all = () => [...one.ids(), ...two.ids()];
        await waitFor(() => all().includes(end.messageId), { message: 'all 31 messages' });
        assert.equal(all().length, 31, 'each message is delivered exactly once');
        assert.deepEqual(new Set(all()), new Set([...sent, end].map((message) => message.messageId)));
        assert.ok(one.received.length > 0 && two.received.length > 0, `both consumers get work (${one.received.length}/${two.received.length})`);
      }),
    );

    it(
      'retries after the delay, to the same subscriber only, with the new headers',
      withSession(open, async (session) => {
        const transport = await session.transport();
        const delayMs = 300;
        let retriedAt = 0;
        const retrying = recorder((message, deliveries) => {
          if (deliveries > 1) return ACK;
          retriedAt = performance.now();
          return { kind: 'retry', delayMs, headers: { ...message.headers, 'x-omnihub-attempt': 2, 'x-omnihub-history': '["timeout"]' } };
        });
        const other = recorder();
        await session.consume(transport, subscriber(['return.requested']), retrying.handler);
        await session.consume(transport, subscriber(['return.requested']), other.handler);
        const sent = event('return.requested');
        await transport.publish(sent);
        await waitFor(() => retrying.received.length === 2, { message: 'the retried delivery' });
        const elapsed = performance.now() - retriedAt;
        assert.ok(elapsed >= delayMs * 0.9, `redelivered after ${Math.round(elapsed)} ms, before the ${delayMs} ms delay`);
        assertSame(retrying.received[1], sent, { ...sent.headers, 'x-omnihub-attempt': 2, 'x-omnihub-history': '["timeout"]' });
        // A copy for the other subscriber would be queued before this marker.
        const marker = event('return.requested');
        await transport.publish(marker);
        await waitFor(() => other.ids().includes(marker.messageId), { message: 'the marker' });
        assert.deepEqual(other.ids(), [sent.messageId, marker.messageId]);
      }),
    );

    it(
      'requeue gives the message back at once, unchanged',
      withSession(open, async (session) => {
        const transport = await session.transport();
        const sink = recorder((_message, deliveries) => (deliveries === 1 ? { kind: 'requeue' } : ACK));
        await session.consume(transport, subscriber(['notification.sent']), sink.handler);
        const sent = event('notification.sent');
        await transport.publish(sent);
        await waitFor(() => sink.received.length === 2, { message: 'the requeued delivery' });
        assertSame(sink.received[0], sent);
        assertSame(sink.received[1], sent);
      }),
    );

    it(
      'sendToQueue reaches the named subscriber only, keeping the routing key',
      withSession(open, async (session) => {
        const transport = await session.transport();
        const target = subscriber(['refund.issued']);
        const addressed = recorder();
        const bystander = recorder();
        await session.consume(transport, target, addressed.handler);
        await session.consume(transport, subscriber(['refund.issued']), bystander.handler);
        const sent = event('refund.issued');
        await transport.sendToQueue(target.subscriber, sent);
        await waitFor(() => addressed.received.length === 1, { message: 'the addressed delivery' });
        assertSame(addressed.received[0], sent);
        const marker = event('refund.issued');
        await transport.publish(marker);
        await waitFor(() => bystander.ids().includes(marker.messageId), { message: 'the marker' });
        assert.deepEqual(bystander.ids(), [marker.messageId]);
      }),
    );

    it(
      'redelivers a message left unacknowledged when its consumer goes away (at-least-once)',
      withSession(open, async (session) => {
        const first = await session.transport();
        const spec = subscriber(['shipment.created']);
        let release: (settlement: Settlement) => void = () => undefined;
        const held = new Promise<Settlement>((resolve) => {
          release = resolve;
        });
        const stuck = recorder();
        await session.consume(first, spec, async (message) => {
          await stuck.handler(message);
          return held;
        });
        const sent = event('shipment.created');
        await first.publish(sent);
        await waitFor(() => stuck.received.length === 1, { message: 'the first delivery' });
        const second = await session.transport();
        const rescuer = recorder();
        await session.consume(second, spec, rescuer.handler);
        const closing = first.close();
        try {
          await waitFor(() => rescuer.received.length >= 1, { timeoutMs: 20_000, message: 'the redelivery' });
        } finally {
          // Too late: the first consumer's transport is closed, so this ack must not count.
          release(ACK);
          await closing;
        }
        assertSame(rescuer.received[0], sent);
        assert.equal(rescuer.received[0]?.redelivered, true);
      }),
    );

    it(
      'cancel stops deliveries after settling the message in flight',
      withSession(open, async (session) => {
        const transport = await session.transport();
        const spec = subscriber(['stock.counted']);
        let started = 0;
        let finished = 0;
        const handle = await session.consume(transport, spec, async () => {
          started += 1;
          await sleep(300);
          finished += 1;
          return ACK;
        });
        await transport.publish(event('stock.counted'));
        await waitFor(() => started === 1, { message: 'the delivery' });
        await handle.cancel();
        assert.equal(finished, 1, 'cancel resolves after the message in flight was settled');
        const later = event('stock.counted');
        await transport.publish(later);
        await waitFor(async () => (await transport.queueDepth(spec.subscriber)) === 1, { message: 'the later message to wait in the queue' });
        assert.equal(started, 1, 'no delivery after cancel');
        const next = recorder();
        await session.consume(transport, spec, next.handler);
        await waitFor(() => next.received.length === 1, { message: 'the later message' });
        assert.deepEqual(next.ids(), [later.messageId], 'the acknowledged message is gone');
      }),
    );

    it(
      'counts waiting messages in queueDepth',
      withSession(open, async (session) => {
        const transport = await session.transport();
        const spec = subscriber(['order.cancelled']);
        const unknown = await transport.queueDepth(freshName('nobody'));
        assert.ok(unknown === undefined || unknown === 0, `unknown subscriber depth: ${String(unknown)}`);
        const idle = await transport.consume(spec, () => Promise.resolve(ACK));
        await idle.cancel();
        assert.equal(await transport.queueDepth(spec.subscriber), 0);
        await Promise.all([1, 2, 3].map(() => transport.publish(event('order.cancelled'))));
        await waitFor(async () => (await transport.queueDepth(spec.subscriber)) === 3, { message: 'a depth of 3' });
        const sink = recorder();
        await session.consume(transport, spec, sink.handler);
        await waitFor(() => sink.received.length === 3, { message: 'the 3 messages' });
        await waitFor(async () => (await transport.queueDepth(spec.subscriber)) === 0, { message: 'a depth of 0' });
      }),
    );

    it(
      'publish resolves once the message is safely queued, and rejects after close',
      withSession(open, async (session) => {
        const transport = await session.transport();
        const spec = subscriber(['inventory.adjusted']);
        await (await transport.consume(spec, () => Promise.resolve(ACK))).cancel();
        await Promise.all(Array.from({ length: 20 }, () => transport.publish(event('inventory.adjusted'))));
        assert.equal(await transport.queueDepth(spec.subscriber), 20, 'every resolved publish is in the queue');
        const reopened = await session.transport();
        await transport.close();
        assert.equal(await reopened.queueDepth(spec.subscriber), 20, 'closing loses nothing that was confirmed');
        await assert.rejects(transport.publish(event('inventory.adjusted')));
        await assert.rejects(transport.sendToQueue(spec.subscriber, event('inventory.adjusted')));
        await assert.rejects(transport.consume(subscriber(['inventory.adjusted']), () => Promise.resolve(ACK)));
      }),
    );

    it(
      'reports health while open',
      withSession(open, async (session) => {
        const transport = await session.transport();
        const health = await transport.health();
        assert.equal(health.ok, true, health.error);
        assert.ok(health.latencyMs >= 0);
        assert.ok(transport.kind === 'rabbitmq' || transport.kind === 'embedded');
      }),
    );
  });
}
