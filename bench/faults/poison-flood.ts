import { createEvent, encodeEvent, Events, openBroker, openRabbitTransport, type Broker, type Transport, type TransportMessage } from '@omnihub/core';
import { orderCreatedData } from '../../core/test/fixtures/order-data.ts';
import { countEffects, pause, sandbox, schemas, silent, TEST_AMQP_URL, type Deadline, type RunSize, type Scenario, type ScenarioResult } from './support.ts';

const MESSAGES = { short: 200, full: 1_000 } as const;
const SUBSCRIBER = 'faults.poison';
/** One message in ten is poison. */
const POISON_EVERY = 10;

/** The three kinds of poison, in turn: a body that is not JSON, a missing CloudEvents attribute, a payload its schema refuses. */
function poison(index: number): TransportMessage {
  const valid = encodeEvent(createEvent(Events.OrderCreated, orderCreatedData(`poison-${index}`), { source: '/faults', id: `poison-${index}` }));
  switch ((index / POISON_EVERY) % 3) {
    case 0:
      return { ...valid, body: Buffer.from('{"order": {"id": "truncated') };
    case 1: {
      const headers = { ...valid.headers };
      delete headers['cloudEvents:source'];
      return { ...valid, headers };
    }
    default: {
      const data = orderCreatedData(`poison-${index}`) as unknown as { order: { currency: string; lines: unknown[] } };
      data.order.currency = 'euro';
      data.order.lines = [];
      return { ...valid, body: Buffer.from(JSON.stringify(data)) };
    }
  }
}

async function run(size: RunSize, deadline: Deadline): Promise<ScenarioResult> {
  const messages = MESSAGES[size];
  const box = await sandbox('poison');
  box.subscribers.add(SUBSCRIBER);
  let broker: Broker | undefined;
  let producer: Transport | undefined;
  try {
    broker = await openBroker({ store: box.store, registry: await schemas(), logger: silent, amqpUrl: TEST_AMQP_URL, prefix: box.prefix, relay: false });
    await broker.bus.subscribe({
      name: SUBSCRIBER,
      events: [Events.OrderCreated],
      prefetch: 50,
      handle: async (event, { tx }) => {
        await tx.query('insert into fault_effects (event_id) values ($1)', [event.id]);
      },
    });
    producer = await openRabbitTransport({ url: TEST_AMQP_URL, prefix: box.prefix, logger: silent });
    const sent: TransportMessage[] = [];
    for (let i = 0; i < messages; i += 1) {
      sent.push(i % POISON_EVERY === 0 ? poison(i) : encodeEvent(createEvent(Events.OrderCreated, orderCreatedData(`flood-${i}`), { source: '/faults', id: `flood-${i}` })));
    }
    const bad = sent.filter((_, i) => i % POISON_EVERY === 0).length;
    const good = messages - bad;
    await Promise.all(sent.map((message) => (producer as Transport).publish(message)));
    const deadLettered = async (): Promise<{ n: number; maxAttempts: number }> => {
      const { rows } = await box.store.query<{ n: number; max: number | null }>('select count(*)::int as n, max(attempts) as max from dead_letters where subscriber = $1', [SUBSCRIBER]);
      return { n: rows[0]?.n ?? 0, maxAttempts: rows[0]?.max ?? 0 };
    };
    let complete = true;
    await deadline
      .until(async () => (await countEffects(box.store)).distinct === good && (await deadLettered()).n === bad, `${good} effects and ${bad} dead letters`)
      .catch(() => (complete = false));
    if (complete) await pause(1_000, deadline);
    const counted = await countEffects(box.store);
    const letters = await deadLettered();
    const kinds = await box.store.query<{ error_code: string; n: number }>('select error_code, count(*)::int as n from dead_letters where subscriber = $1 group by error_code order by error_code', [SUBSCRIBER]);
    const retried = await box.store.query<{ n: number }>("select count(*)::int as n from message_log where subscriber = $1 and outcome = 'retried'", [SUBSCRIBER]);
    const retries = retried.rows[0]?.n ?? 0;
    return {
      in: messages,
      handled: counted.distinct,
      deadLettered: letters.n,
      lost: messages - counted.distinct - letters.n,
      duplicated: counted.total - counted.distinct,
      detail: `${bad} poison (${kinds.rows.map((row) => `${row.n} ${row.error_code}`).join(', ')}) dead-lettered on attempt ${letters.maxAttempts || '-'}, ${retries} retried; ${good} valid handled`,
      checks: [
        { ok: letters.n === bad, failure: `${letters.n} dead letters for ${bad} poison messages` },
        { ok: letters.maxAttempts <= 1, failure: `poison was attempted up to ${letters.maxAttempts} times (it must never loop)` },
        { ok: retries === 0, failure: `${retries} retries of messages that can never succeed` },
      ],
    };
  } finally {
    await producer?.close().catch(() => undefined);
    await broker?.close().catch(() => undefined);
    await box.dispose();
  }
}

/** A flood with one message in ten unparseable or schema-invalid. */
export const poisonFlood: Scenario = {
  name: 'poison-flood',
  deadLettersExpected: true,
  proves: 'one message in ten unparseable or schema-invalid: each goes to the dead letters on its first attempt, never loops, and the valid rest is handled once',
  run,
};
