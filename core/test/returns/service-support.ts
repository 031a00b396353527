import { pino } from 'pino';
import { Registry } from 'prom-client';
import { applyCustomerUpsert } from '../../src/customers/profiles.ts';
import { recordCustomerOrder, updateLines, type LineUpdate } from '../../src/customers/order-view.ts';
import { putLocation } from '../../src/locations/index.ts';
import { SHOPIFY_EU_INSTANCE, TEST_LOCATIONS, testLocation } from './fixtures.ts';
import type { CloudEvent } from '../../src/envelope/cloud-event.ts';
import type { CustomerV1, OrderV1 } from '../../src/generated/schema-types.ts';
import { SchemaRegistry } from '../../src/schema/registry.ts';
import type { Store } from '../../src/store/store.ts';
import type { StoreFactory } from '../../src/testing/stores.ts';
import { FlowAlerts, ReturnsService, type ReturnPolicyDocument } from '../../src/returns/index.ts';
import { ReturnsSweeper } from '../../src/returns/saga/sweeper.ts';
import type { SagaDeps } from '../../src/returns/saga/step.ts';
import { TestClock } from './support.ts';
import { OUTBOX_ENVELOPE } from '../../src/broker/outbox.ts';

/** The returns service over a fresh store, without a broker: events stay in the outbox to be read. */
export interface ServiceHarness {
  store: Store;
  registry: SchemaRegistry;
  service: ReturnsService;
  sweeper: ReturnsSweeper;
  clock: TestClock;
  metrics: Registry;
  /** Makes the step with this name throw once it is reached (until cleared). */
  failAt(step: string | undefined): void;
  /**
   * Records an order as the customer context has it, every unit shipped (as returns need) unless
   * `shipped` names the units shipped per line (lines it leaves out are not shipped).
   */
  seedOrder(order: OrderV1, source?: string, shipped?: Readonly<Record<string, number>>): Promise<void>;
  /** Records a location (a store) receipts may restock at. */
  seedLocation(id: string): Promise<void>;
  seedCustomer(customer: CustomerV1): Promise<void>;
  policy(document: ReturnPolicyDocument): Promise<void>;
  /** Outbox events mentioning `text` (a return id), oldest first, optionally of one type. */
  events(text: string, type?: string): Promise<CloudEvent[]>;
  dispose(): Promise<void>;
}

const registryOnce = SchemaRegistry.load();


/** Opens the service harness on a store from `factory`. */
export async function openServiceHarness(factory: StoreFactory, refundTimeoutMinutes = 60): Promise<ServiceHarness> {
  const testStore = await factory.open();
  const registry = await registryOnce;
  const clock = new TestClock('2025-04-14T10:00:00Z');
  const metrics = new Registry();
  const logger = pino({ level: 'silent' });
  let failing: string | undefined;
  const saga: SagaDeps = {
    alerts: new FlowAlerts(logger, metrics),
    logger,
    refundInstances: {},
    beforeStep: (step) => {
      if (step === failing) throw new Error(`injected failure at ${step}`);
    },
  };
  for (const id of TEST_LOCATIONS) await testStore.store.transaction((tx) => putLocation(tx, testLocation(id)));
  await testStore.store.query(SHOPIFY_EU_INSTANCE);
  const service = new ReturnsService({ store: testStore.store, registry, saga, clock, onQueued: () => undefined });
  const sweeper = new ReturnsSweeper({ store: testStore.store, registry, saga, onQueued: () => undefined, refundTimeoutMinutes });
  return {
    store: testStore.store,
    registry,
    service,
    sweeper,
    clock,
    metrics,
    failAt: (step) => {
      failing = step;
    },
    seedOrder: async (order, source = '/connectors/shopify/shopify-eu', shipped) => {
      await testStore.store.transaction(async (tx) => {
        await recordCustomerOrder(tx, order, source);
        const updates = order.lines.flatMap((line): LineUpdate[] => {
          const units = shipped === undefined ? line.quantity : (shipped[line.lineId] ?? 0);
          return units === 0 ? [] : [{ lineId: line.lineId, status: 'shipped', locationId: 'dc-east', carrier: 'DHL', shippedAt: order.placedAt, handoverId: `shp-${order.id}`, units }];
        });
        if (order.status !== 'cancelled' && updates.length > 0) await updateLines(tx, order.id, updates);
      });
    },
    seedLocation: async (id) => {
      await testStore.store.transaction((tx) => putLocation(tx, testLocation(id)));
    },
    seedCustomer: async (customer) => {
      await testStore.store.transaction((tx) => applyCustomerUpsert(tx, customer));
    },
    policy: async (document) => {
      await service.savePolicy(document, 'test');
    },
    events: async (text, type) => {
      const { rows } = await testStore.store.query<{ envelope: CloudEvent }>(
        `select ${OUTBOX_ENVELOPE} as envelope from outbox where strpos(envelope::text || coalesce(data::text, ''), $1) > 0 ${type === undefined ? '' : 'and routing_key = $2'} order by seq`,
        type === undefined ? [text] : [text, type],
      );
      return rows.map((row) => row.envelope);
    },
    dispose: () => testStore.dispose(),
  };
}
