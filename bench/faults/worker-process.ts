/**
 * A worker process of the fault suite: consumes `order.created` through the EventBus over
 * RabbitMQ and PostgreSQL, and writes one effect row per event (tagged with its worker id) in the
 * handler's transaction, after a pause that keeps each batch's transaction open for a while.
 *
 * argv: <database url> <schema> <amqp url> <prefix> <subscriber> <worker id> <handler pause ms>
 * stdout: one JSON line per event `{"started":n}` as handlers start, `{"ready":true}` once consuming.
 * SIGTERM closes the broker (in-flight batches commit and ack) and exits.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { Events, openBroker, openPostgresStore, SchemaRegistry } from '@omnihub/core';

const [databaseUrl = '', schema = '', amqpUrl = '', prefix = '', subscriber = '', worker = '', pauseMs = '0'] = process.argv.slice(2);
const store = await openPostgresStore({ url: databaseUrl, schema, maxConnections: 5 });
const broker = await openBroker({ store, registry: await SchemaRegistry.load(), logger: pino({ level: 'silent' }), amqpUrl, prefix, relay: false });
let started = 0;
await broker.bus.subscribe({
  name: subscriber,
  events: [Events.OrderCreated],
  prefetch: 20,
  handle: async (event, { tx }) => {
    started += 1;
    process.stdout.write(`${JSON.stringify({ started })}\n`);
    await sleep(Number(pauseMs));
    await tx.query('insert into fault_effects (event_id, worker) values ($1, $2)', [event.id, worker]);
  },
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
process.once('SIGTERM', () => {
  void broker
    .close()
    .then(() => store.close())
    .finally(() => process.exit(0));
});
