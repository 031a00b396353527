import { pino } from 'pino';
import { Registry } from 'prom-client';
import { openBroker, type Broker } from '../../src/broker/broker.ts';
import type { Subscription } from '../../src/broker/event-bus.ts';
import type { CloudEvent } from '../../src/envelope/cloud-event.ts';
import { createEvent, type EventDefinition, type PayloadOf } from '../../src/events/define-event.ts';
import { acceptEvent } from '../../src/events/event-intake.ts';
import { SchemaRegistry } from '../../src/schema/registry.ts';
import type { Store } from '../../src/store/store.ts';
import type { StoreFactory } from '../../src/testing/stores.ts';
import { startCustomerContextFlow } from '../../src/customers/index.ts';
import { startNotificationsFlow, type NotificationsFlow, type NotificationsFlowOptions } from '../../src/notifications/index.ts';
import { startReturnsFlow, type ReturnsFlow, type ReturnsFlowOptions } from '../../src/returns/index.ts';
import { OUTBOX_ENVELOPE } from '../../src/broker/outbox.ts';
import { putLocation } from '../../src/locations/index.ts';
import { SHOPIFY_EU_INSTANCE, TEST_LOCATIONS, testLocation } from './fixtures.ts';

/** A clock tests move by hand. */
export class TestClock {
  #now: Date;

  constructor(start: string) {
    this.#now = new Date(start);
  }

  now(): Date {
    return new Date(this.#now);
  }

  set(iso: string): void {
    this.#now = new Date(iso);
  }

  advanceMinutes(minutes: number): void {
    this.#now = new Date(this.#now.getTime() + minutes * 60_000);
  }
}

/** Events a test subscriber saw, by type. */
export class Captured {
  readonly events: CloudEvent[] = [];

  of<D extends EventDefinition<unknown>>(definition: D): CloudEvent<PayloadOf<D>>[] {
    return this.events.filter((event) => event.type === definition.type) as CloudEvent<PayloadOf<D>>[];
  }
}

/** The three flows over a broker and a fresh store, with a capturing subscriber. */
export interface FlowHarness {
  store: Store;
  registry: SchemaRegistry;
  broker: Broker;
  clock: TestClock;
  metrics: Registry;
  returns: ReturnsFlow;
  notifications: NotificationsFlow;
  captured: Captured;
  /** Accepts an event as a connector or backend would (event log + outbox), relaying at once. */
  publish<D extends EventDefinition<unknown>>(definition: D, data: PayloadOf<D>, source: string, id?: string): Promise<CloudEvent<PayloadOf<D>>>;
  /** Starts another subscriber (a simulated connector). */
  subscribe: Broker['bus']['subscribe'];
  dispose(): Promise<void>;
}

const registryOnce = SchemaRegistry.load();

/** Opens the flows on a fresh store from `factory`, with the embedded transport and a test clock. */
export async function openFlowHarness(
  factory: StoreFactory,
  options: { start?: string; capture?: readonly EventDefinition<unknown>[]; returns?: ReturnsFlowOptions; notifications?: NotificationsFlowOptions } = {},
): Promise<FlowHarness> {
  const testStore = await factory.open();
  const registry = await registryOnce;
  const logger = pino({ level: 'silent' });
  const broker = await openBroker({ store: testStore.store, registry, logger, relayPollMs: 20 });
  for (const id of TEST_LOCATIONS) await testStore.store.transaction((tx) => putLocation(tx, testLocation(id)));
  await testStore.store.query(SHOPIFY_EU_INSTANCE);
  const clock = new TestClock(options.start ?? '2025-04-14T10:00:00Z');
  const metrics = new Registry();
  const onQueued = (): void => broker.relay.notify();
  const subscriptions: Subscription[] = [];
  subscriptions.push(await startCustomerContextFlow({ bus: broker.bus, logger, clock }));
  const returns = await startReturnsFlow({ store: testStore.store, registry, bus: broker.bus, logger, clock, onQueued, options: { sweepIntervalMs: 0, metrics, ...options.returns } });
  const notifications = await startNotificationsFlow({ store: testStore.store, registry, bus: broker.bus, logger, clock, onQueued, options: { releaseIntervalMs: 0, ...options.notifications } });
  const captured = new Captured();
  if (options.capture !== undefined && options.capture.length > 0) {
    subscriptions.push(
      await broker.bus.subscribe({
        name: 'test.capture',
        events: options.capture,
        handle: (event) => {
          captured.events.push(event);
          return Promise.resolve();
        },
      }),
    );
  }
  return {
    store: testStore.store,
    registry,
    broker,
    clock,
    metrics,
    returns,
    notifications,
    captured,
    publish: async (definition, data, source, id) => {
      const event = createEvent(definition, data, { source, ...(id === undefined ? {} : { id }) });
      registry.assertValid({ name: definition.type, version: definition.version }, data, '/data');
      await testStore.store.transaction((tx) => acceptEvent(tx, event as CloudEvent & { dataschema: string }));
      broker.relay.notify();
      return event as CloudEvent<PayloadOf<typeof definition>>;
    },
    subscribe: (spec) => broker.bus.subscribe(spec),
    dispose: async () => {
      await returns.close();
      await notifications.close();
      for (const subscription of subscriptions) await subscription.cancel();
      await broker.close();
      await testStore.dispose();
    },
  };
}

/** Outbox rows queued so far for `type`, oldest first (for tests that run the service without relaying). */
export async function queued<T>(store: Store, type: string): Promise<CloudEvent<T>[]> {
  const { rows } = await store.query<{ envelope: CloudEvent<T> }>(`select ${OUTBOX_ENVELOPE} as envelope from outbox where routing_key = $1 order by seq`, [type]);
  return rows.map((row) => row.envelope);
}
