import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { pino } from 'pino';
import { Events, deleteRabbitTopology, loadConfig, type CloudEvent } from '@omnihub/core';
import { freshName, pgliteFactory, postgresFactory, startedSubscribers, TEST_AMQP_URL, TEST_DATABASE_URL, waitFor, type TestStore } from '@omnihub/core/testing';
import { startHub, type RunningHub } from '../src/index.ts';
import { ADMIN_KEY, orderCreatedEvent } from './support.ts';

interface Mode {
  name: string;
  open(): Promise<{ hub: RunningHub; testStore: TestStore; prefix: string | undefined }>;
}

const silent = pino({ level: 'silent' });
const MODES: Mode[] = [
  {
    name: 'embedded (PGlite, in-process transport)',
    async open() {
      const testStore = await pgliteFactory.open({ migrate: false });
      const hub = await startHub(loadConfig({ OMNIHUB_PORT: '0', OMNIHUB_ADMIN_KEY: ADMIN_KEY }), { store: testStore.store, logger: silent });
      return { hub, testStore, prefix: undefined };
    },
  },
  {
    name: 'production (PostgreSQL, RabbitMQ)',
    async open() {
      const testStore = await postgresFactory.open({ migrate: false });
      const prefix = freshName('hub');
      const config = loadConfig({ OMNIHUB_PORT: '0', OMNIHUB_ADMIN_KEY: ADMIN_KEY, OMNIHUB_AMQP_URL: TEST_AMQP_URL, OMNIHUB_DATABASE_URL: TEST_DATABASE_URL });
      const hub = await startHub(config, { store: testStore.store, logger: silent, brokerPrefix: prefix });
      return { hub, testStore, prefix };
    },
  },
];

for (const mode of MODES) {
  describe(`POST /v1/events delivery, ${mode.name}`, () => {
    let opened: Awaited<ReturnType<Mode['open']>>;
    const subscriber = freshName('api').replaceAll('_', '-');
    before(async () => {
      opened = await mode.open();
    });
    after(async () => {
      // The hub's areas' subscribers and this test's.
      const subscribers = await startedSubscribers(opened.testStore.store);
      await opened.hub.close();
      if (opened.prefix !== undefined) await deleteRabbitTopology(TEST_AMQP_URL, opened.prefix, subscribers);
      await opened.testStore.dispose();
    });

    it('reaches its subscriber once, even when posted twice', async () => {
      const received: CloudEvent[] = [];
      await opened.hub.broker.bus.subscribe({ name: subscriber, events: [Events.OrderCreated], handle: (event) => Promise.resolve(void received.push(event)) });
      const event = orderCreatedEvent(randomUUID());
      const post = () =>
        fetch(`${opened.hub.url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/cloudevents+json' },
          body: JSON.stringify(event),
        });
      assert.equal((await post()).status, 202);
      assert.equal((await post()).status, 202);
      await waitFor(() => received.length === 1, { message: 'the delivery' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.equal(received.length, 1);
      assert.equal(received[0]?.id, event['id']);
      const ready = (await (await fetch(`${opened.hub.url}/ready`)).json()) as { checks: { broker: { status: string } } };
      assert.equal(ready.checks.broker.status, 'up');
      const metrics = await (await fetch(`${opened.hub.url}/metrics`)).text();
      assert.match(metrics, /omnihub_events_published_total\{type="order.created"\} 1/);
      assert.match(metrics, new RegExp(`omnihub_events_consumed_total\\{type="order.created",subscriber="${subscriber}",outcome="handled"\\} 1`));
    });
  });
}
