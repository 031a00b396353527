import { pino } from 'pino';
import { openBroker, type Broker, type BrokerOptions } from '../broker/broker.ts';
import { deleteRabbitTopology } from '../broker/rabbitmq/delete-topology.ts';
import { SchemaRegistry } from '../schema/registry.ts';
import type { Store } from '../store/store.ts';
import { freshName, serviceMissing, TEST_AMQP_URL } from './services.ts';
import { pgliteFactory, postgresFactory, type StoreFactory } from './stores.ts';

/** A broker core over a fresh store, ready for a test. */
export interface TestBroker {
  store: Store;
  registry: SchemaRegistry;
  broker: Broker;
  /** Opens a second broker over the same store and exchange (another process of the deployment). */
  reopen: () => Promise<Broker>;
  dispose: () => Promise<void>;
}

/** One way to run the broker core in tests. */
export interface BrokerSetup {
  name: string;
  open: () => Promise<TestBroker>;
}

const registryOnce = SchemaRegistry.load();
const silent = pino({ level: 'silent' });

/** Transport-specific parts of a setup: extra broker options, and clean-up of what it declared. */
interface TransportFlavour {
  options: (prefix: string) => Partial<BrokerOptions>;
  cleanup: (prefix: string, subscribers: Set<string>) => Promise<void>;
}

function brokerSetup(name: string, factory: StoreFactory, flavour: TransportFlavour): BrokerSetup {
  return {
    name,
    async open() {
      const testStore = await factory.open();
      const registry = await registryOnce;
      const prefix = freshName('bus');
      const opened: Broker[] = [];
      const open = async (): Promise<Broker> => {
        const options = flavour.options(prefix);
        const broker = await openBroker({ store: testStore.store, registry, logger: silent, relayPollMs: 20, ...options }).catch((error: unknown) => {
          throw options.amqpUrl === undefined ? error : serviceMissing('RabbitMQ', options.amqpUrl, error);
        });
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
          const subscribers = await startedSubscribers(testStore.store);
          for (const b of opened) await b.close();
          await flavour.cleanup(prefix, subscribers);
          await testStore.dispose();
        },
      };
    },
  };
}

/**
 * Every subscriber ever started against `store`, running or not: each has a state row from its
 * start, so a test can delete their queues.
 */
export async function startedSubscribers(store: Store): Promise<Set<string>> {
  const { rows } = await store.query<{ subscriber: string }>('select subscriber from subscriber_state');
  return new Set(rows.map((row) => row.subscriber));
}

/** Embedded transport over in-memory PGlite: what `npm start` runs. */
export const embeddedSetup: BrokerSetup = brokerSetup('embedded + pglite', pgliteFactory, {
  options: () => ({}),
  cleanup: () => Promise.resolve(),
});

/** RabbitMQ and PostgreSQL, each isolated under fresh names: production. */
export const rabbitSetup: BrokerSetup = brokerSetup('rabbitmq + postgres', postgresFactory, {
  options: (prefix) => ({ amqpUrl: TEST_AMQP_URL, prefix }),
  cleanup: async (prefix, subscribers) => {
    await deleteRabbitTopology(TEST_AMQP_URL, prefix, subscribers).catch((error: unknown) => {
      throw serviceMissing('RabbitMQ', TEST_AMQP_URL, error);
    });
  },
});

/** Both ways, for suites that must pass on each. */
export const BROKER_SETUPS: readonly BrokerSetup[] = [embeddedSetup, rabbitSetup];
