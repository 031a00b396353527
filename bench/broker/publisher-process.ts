/**
 * The publishing side of the broker benchmark, run as its own process (as the hub's API process is
 * in a deployment) so the consumer under test has its process to itself. The same script publishes
 * for both sides of the comparison: raw amqplib on a confirm channel, or the hub's RabbitMQ
 * transport; both with the same confirm window and the same CloudEvents messages.
 *
 * Protocol over IPC: the parent sends `{ phase: 'throughput', count }` or `{ phase: 'paced', count,
 * rate }`; the child answers `{ done: phase, startedAt, sent: [id, wallClockMs][] }` (send times
 * only for the paced phase). Times are wall clock in ms with sub-millisecond precision.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import amqp from 'amqplib';
import { pino } from 'pino';
import { Events, createEvent, encodeEvent, openRabbitTransport, type TransportMessage } from '@omnihub/core';
import { orderCreatedData } from '../../core/test/fixtures/order-data.ts';

/** What the parent asks for. */
export type PublisherCommand = { phase: 'throughput'; count: number } | { phase: 'paced'; count: number; rate: number } | { phase: 'exit' };

/** What the child answers. */
export interface PublisherReport {
  done: 'throughput' | 'paced';
  startedAt: number;
  sent: [string, number][];
}

const [mode = 'raw', url = '', target = '', windowArg = '256'] = process.argv.slice(2);
const WINDOW = Number(windowArg);
const payload = orderCreatedData('bench-order');

/** Wall clock with sub-millisecond precision, comparable across processes on one machine. */
const now = (): number => performance.timeOrigin + performance.now();

async function rawPublisher(): Promise<{ publish: (message: TransportMessage) => Promise<void>; close: () => Promise<void> }> {
  const connection = await amqp.connect(url, { noDelay: true });
  const channel = await connection.createConfirmChannel();
  return {
    publish: (message) =>
      new Promise<void>((resolve, reject) => {
        channel.publish(target, message.routingKey, message.body, { persistent: true, messageId: message.messageId, contentType: 'application/json', headers: message.headers }, (error) =>
          error === null || error === undefined ? resolve() : reject(error instanceof Error ? error : new Error(String(error))),
        );
      }),
    close: () => connection.close(),
  };
}

async function hubPublisher(): Promise<{ publish: (message: TransportMessage) => Promise<void>; close: () => Promise<void> }> {
  const transport = await openRabbitTransport({ url, prefix: target, logger: pino({ level: 'silent' }), confirmWindow: WINDOW });
  return { publish: (message) => transport.publish(message), close: () => transport.close() };
}

const publisher = mode === 'hub' ? await hubPublisher() : await rawPublisher();

/** Publishes `count` messages with at most WINDOW unconfirmed at once. */
async function throughput(count: number): Promise<PublisherReport> {
  const startedAt = now();
  const inFlight = new Set<Promise<void>>();
  for (let i = 0; i < count; i += 1) {
    const p = publisher.publish(encodeEvent(createEvent(Events.OrderCreated, payload, { source: '/bench' }))).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= WINDOW) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  return { done: 'throughput', startedAt, sent: [] };
}

/** Publishes `count` messages at `rate` per second in 10 ms ticks, recording each send time. */
async function paced(count: number, rate: number): Promise<PublisherReport> {
  const perTick = rate / 100;
  const startedAt = now();
  const sent: [string, number][] = [];
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; ) {
    const due = Math.min(count, Math.floor(((now() - startedAt) / 1000) * rate) + perTick);
    while (i < due) {
      const event = createEvent(Events.OrderCreated, payload, { source: '/bench' });
      sent.push([event.id, now()]);
      pending.push(publisher.publish(encodeEvent(event)));
      i += 1;
    }
    await sleep(10);
  }
  await Promise.all(pending);
  return { done: 'paced', startedAt, sent };
}

process.on('message', (command: PublisherCommand) => {
  const run = async (): Promise<void> => {
    if (command.phase === 'exit') {
      await publisher.close();
      process.disconnect();
      return;
    }
    const report = command.phase === 'throughput' ? await throughput(command.count) : await paced(command.count, command.rate);
    process.send?.(report);
  };
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
process.send?.({ ready: true });
