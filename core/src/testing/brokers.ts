import { pino } from 'pino';
import { openBroker, type Broker } from '../broker/broker.ts';
import { deleteRabbitTopology } from '../broker/rabbitmq/delete-topology.ts';
import { SchemaRegistry } from '../schema/registry.ts';
import type { Store } from '../store/store.ts';
import { freshName, serviceMissing, TEST_AMQP_URL } from './services.ts';
import { pgliteFactory, postgresFactory } from './stores.ts';

/** A broker core over a fresh store, ready for a test. */
export interface TestBroker {
  store: Store;
  registry: SchemaRegistry;
  broker: Broker;
  /** Opens a second broker over the same store and exchange (another process of the deployment). */
  reopen(): Promise<Broker>;
  dispose(): Promise<void>;
}

/** One way to run the broker core in tests. */
export interface BrokerSetup {
  name: string;
  open(): Promise<TestBroker>;
}

const registryOnce = SchemaRegistry.load();
const silent = pino({ level: 'silent' });

/** Embedded transport over in-memory PGlite: what `npm start` runs. */
export const embeddedSetup: BrokerSetup = {
  name: 'embedded + pglite',
  async open() {
    const testStore = await pgliteFactory.open();
    const registry = await registryOnce;
    const opened: Broker[] = [];
    const open = async (): Promise<Broker> => {
      const broker = await openBroker({ store: testStore.store, registry, logger: silent, relayPollMs: 20 });
      opened.push(broker);
      return broker;
    };
    const broker = await open();
    return {
      store: testStore.store,
      registry,
      broker,
      reopen: open,
      dispose: async () => {
        for (const b of opened) await b.close();
        await testStore.dispose();
      },
    };
  },
};

/** RabbitMQ and PostgreSQL, each isolated under fresh names: production. */
export const rabbitSetup: BrokerSetup = {
  name: 'rabbitmq + postgres',
  async open() {
    const testStore = await postgresFactory.open();
    const registry = await registryOnce;
    const prefix = freshName('bus');
    const opened: Broker[] = [];
    const open = async (): Promise<Broker> => {
      try {
        const broker = await openBroker({ store: testStore.store, registry, logger: silent, amqpUrl: TEST_AMQP_URL, prefix, relayPollMs: 20 });
        opened.push(broker);
        return broker;
      } catch (error: unknown) {
        throw serviceMissing('RabbitMQ', TEST_AMQP_URL, error);
      }
    };
    const broker = await open();
    return {
      store: testStore.store,
      registry,
      broker,
      reopen: open,
      dispose: async () => {
        const subscribers = new Set(opened.flatMap((b) => b.bus.subscribers()));
        const { rows } = await testStore.store.query<{ subscriber: string }>('select distinct subscriber from message_log where subscriber is not null');
        for (const row of rows) subscribers.add(row.subscriber);
        for (const b of opened) await b.close();
        await deleteRabbitTopology(TEST_AMQP_URL, prefix, subscribers);
        await testStore.dispose();
      },
    };
  },
};

/** Both ways, for suites that must pass on each. */
export const BROKER_SETUPS: readonly BrokerSetup[] = [embeddedSetup, rabbitSetup];
