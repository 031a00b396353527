import { randomBytes } from 'node:crypto';
import connectorHttp from '@omnihub/connector-http';
import {
  acceptEvent,
  capabilitySubscriber,
  catalogMappings,
  ConnectorRegistry,
  createConnectorRuntime,
  createEvent,
  Events,
  listDeadLetters,
  loadDefinition,
  MappingCatalog,
  mappingsDir,
  openBroker,
  type Broker,
  type ConnectorRuntime,
} from '@omnihub/core';
import { orderCreatedData } from '../../core/test/fixtures/order-data.ts';
import { countEffects, pause, sandbox, schemas, secondsSince, silent, TEST_AMQP_URL, type Deadline, type RunSize, type Scenario, type ScenarioResult } from './support.ts';
import { startVendorStandIn, type VendorStandIn } from './vendor-stand-in.ts';

const SIZES = { short: { messages: 40, outageMs: 8_000 }, full: { messages: 200, outageMs: 30_000 } } as const;
const INSTANCE = 'faults-vendor';

/**
 * The instance's retry policy: attempts enough that even short full-jitter delays outlast the
 * outage (the expected retry window is about 100 s; a 30 s window has a vanishing chance), and
 * delays capped at 8 s so orders go out within seconds of the vendor's return. The 429's
 * Retry-After makes the hub wait at least that long regardless.
 */
const RETRY = { maxAttempts: 30, initialDelayMs: 1_000, maxDelayMs: 8_000 };

/**
 * The instance's HTTP client: two in-process retries; a Retry-After above 1 s ends the call at once
 * with a rate-limited failure (the hub's delay queue waits, not the batch); the breaker opens after 5
 * failures and probes every 3 s.
 */
const HTTP = { retries: 2, maxRetryAfterMs: 1_000, circuitBreaker: { failureThreshold: 5, openMs: 3_000 }, timeoutMs: 5_000 };

async function run(size: RunSize, deadline: Deadline): Promise<ScenarioResult> {
  const { messages, outageMs } = SIZES[size];
  const box = await sandbox('vendor');
  const subscriber = capabilitySubscriber(INSTANCE, 'request');
  box.subscribers.add(subscriber);
  const registry = await schemas();
  let vendor: VendorStandIn | undefined;
  let broker: Broker | undefined;
  let runtime: ConnectorRuntime | undefined;
  try {
    vendor = await startVendorStandIn(box.store);
    broker = await openBroker({ store: box.store, registry, logger: silent, amqpUrl: TEST_AMQP_URL, prefix: box.prefix, relayPollMs: 50 });
    runtime = createConnectorRuntime({
      store: box.store,
      registry,
      bus: broker.bus,
      logger: silent,
      mappings: catalogMappings(await MappingCatalog.load(mappingsDir(), { registry })),
      secretKey: randomBytes(32),
      connectors: new ConnectorRegistry([loadDefinition(connectorHttp, { schemas: registry })]),
      http: HTTP,
      retry: RETRY,
    });
    await runtime.instances.create({
      id: INSTANCE,
      connectorId: 'http',
      config: { baseUrl: vendor.url, events: ['order.created@1'] },
      mappingOverrides: { request: '{ "method": "POST", "path": "/orders", "body": { "orderId": order.id, "lines": $count(order.lines) } }' },
    });
    await runtime.start();
    // Order id = event id, so the vendor's effect rows (by order id) count per event.
    const events = Array.from({ length: messages }, (_, i) => createEvent(Events.OrderCreated, orderCreatedData(`vendor-${i}`), { source: '/faults', id: `vendor-${i}` }));
    await box.store.transaction(async (tx) => {
      for (const event of events) await acceptEvent(tx, { ...event, dataschema: Events.OrderCreated.dataschema });
    });
    broker.relay.notify();
    await deadline.until(async () => (await countEffects(box.store)).distinct >= messages / 10, 'a tenth of the orders at the vendor before the outage', 20);
    const before = (await countEffects(box.store)).distinct;
    const outageStarted = performance.now();
    vendor.startOutage(outageMs);
    let complete = true;
    await deadline.until(async () => (await countEffects(box.store)).distinct === messages, `all ${messages} orders at the vendor`).catch(() => (complete = false));
    const doneAfterOutage = secondsSince(outageStarted + outageMs);
    if (complete) await pause(1_000, deadline);
    const counted = await countEffects(box.store);
    const expectedKeys = new Set(events.map((event) => `${INSTANCE}:request:${event.id}`));
    const unexpected = [...vendor.counts.keys].filter((key) => !expectedKeys.has(key)).length;
    const deadLetters = (await listDeadLetters(box.store, { subscriber }, { limit: 100 })).items.length;
    const retried = await box.store.query<{ n: number }>("select count(*)::int as n from message_log where subscriber = $1 and outcome = 'retried'", [subscriber]);
    const { counts } = vendor;
    return {
      in: messages,
      handled: counted.distinct,
      deadLettered: deadLetters,
      lost: messages - counted.distinct - deadLetters,
      duplicated: counted.total - counted.distinct,
      detail:
        `outage of ${outageMs / 1000} s after ${before} orders (500 for half, then 429 with Retry-After): vendor answered ${counts.serverErrors} × 500, ${counts.rateLimited} × 429; ` +
        `hub scheduled ${retried.rows[0]?.n ?? 0} retries, ${deadLetters} dead letters; first order applied ${((counts.firstAfterOutageMs ?? Number.NaN) / 1000).toFixed(1)} s after the outage, all ${doneAfterOutage} s after it; ` +
        `${counts.replays} calls repeated a key already applied (answered as replays)`,
      checks: [
        { ok: deadLetters === 0, failure: `${deadLetters} orders were dead-lettered during the outage` },
        { ok: unexpected === 0, failure: `${unexpected} effects carry an Idempotency-Key that is not instance:request:<event id>` },
      ],
    };
  } finally {
    await runtime?.stop().catch(() => undefined);
    await broker?.close().catch(() => undefined);
    await vendor?.close().catch(() => undefined);
    await box.dispose();
  }
}

/**
 * A vendor outage behind a connector action: the generic HTTP connector's `request` action (the
 * SDK HTTP client: retries, Retry-After, circuit breaker) sends each order to a stand-in that
 * answers 500 and then 429 with Retry-After for the outage window.
 */
export const vendorOutage: Scenario = {
  name: 'vendor-outage',
  proves: 'a vendor answering 500 then 429 + Retry-After: the connector action backs off (breaker, delay queues, Retry-After) and every order reaches the vendor once, after the outage',
  run,
};
