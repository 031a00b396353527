import { readdirSync, readFileSync } from 'node:fs';
import { pino } from 'pino';
import { ConfigurationFailure, PermanentFailure } from '@omnihub/connector-sdk';
import { createApiKey, Events, loadConfig, SCHEMAS_DIR } from '@omnihub/core';
import { freshName, type StoreFactory, type TestStore } from '@omnihub/core/testing';
import { startHub, type RunningHub } from '../src/index.ts';

/** A hub on a random port over a test store, with keys of each scope. */
export interface TestHub {
  hub: RunningHub;
  testStore: TestStore;
  keys: { admin: string; read: string; write: string };
  /** fetch against the hub, with a key when given. */
  call(method: string, path: string, options?: { key?: string; body?: string | object; headers?: Record<string, string> }): Promise<Response>;
  close(): Promise<void>;
}

export const ADMIN_KEY = 'ohk_testadmin1_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa';

/** Starts a hub over a fresh store from `factory`; `env` overrides its settings (e.g. `OMNIHUB_MAX_BODY_BYTES`, 64 KiB here). */
export async function startTestHub(factory: StoreFactory, env: Record<string, string> = {}): Promise<TestHub> {
  const testStore = await factory.open({ migrate: false });
  const config = loadConfig({ OMNIHUB_PORT: '0', OMNIHUB_ADMIN_KEY: ADMIN_KEY, OMNIHUB_MAX_BODY_BYTES: '65536', ...env });
  const hub = await startHub(config, { store: testStore.store, logger: pino({ level: 'silent' }) });
  const read = await createApiKey(testStore.store, 'reader', ['read']);
  const write = await createApiKey(testStore.store, 'writer', ['write']);
  return {
    hub,
    testStore,
    keys: { admin: ADMIN_KEY, read: read.key, write: write.key },
    call: (method, path, options = {}) => {
      const body = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
      return fetch(`${hub.url}${path}`, {
        method,
        headers: {
          ...(options.key === undefined ? {} : { authorization: `Bearer ${options.key}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...options.headers,
        },
        ...(body === undefined ? {} : { body }),
      });
    },
    close: async () => {
      await hub.close();
      await testStore.dispose();
    },
  };
}

/** A key or subscriber name unique to one test. */
export function uniqueName(prefix: string): string {
  return freshName(prefix).replaceAll('_', '-');
}

/** Reads the valid fixtures of a schema version. */
export function validFixtures(name: string, version = 1): unknown[] {
  const dir = `${SCHEMAS_DIR}/${name}/fixtures/v${version}/valid`;
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as unknown);
}

/** A valid order.created CloudEvent with a fresh id. */
export function orderCreatedEvent(id: string): Record<string, unknown> {
  const [data] = validFixtures('order.created');
  return { specversion: '1.0', id, source: '/tests/facade', type: 'order.created', data };
}

/**
 * Subscribes `name` on the hub's bus: it refuses orders whose first SKU is `bad` (a permanent
 * failure, so they become dead letters) and records `<event id> <sku>` of handled orders whose SKU
 * starts with `T-`; other tests' orders pass through it harmlessly.
 */
export async function subscribeRefusing(hub: RunningHub, name: string, bad: string): Promise<string[]> {
  const handled: string[] = [];
  await hub.broker.bus.subscribe({
    name,
    events: [Events.OrderCreated],
    handle: (event) => {
      const sku = event.data.order.lines[0]?.sku ?? '';
      if (sku === bad) return Promise.reject(new PermanentFailure(`SKU ${sku} is unknown at the vendor`, { code: 'vendor.sku-unknown' }));
      if (sku.startsWith('T-')) handled.push(`${event.id} ${sku}`);
      return Promise.resolve();
    },
  });
  return handled;
}

/** A subscriber that lacks its configuration until told it has it. */
export interface UnconfiguredSubscriber {
  /** Ids of the events handled since {@link UnconfiguredSubscriber.configure}, in order. */
  handled: string[];
  /** Completes the configuration: the next deliveries are handled. */
  configure: () => void;
}

/**
 * Subscribes `name` to order.created on the hub's bus: until `configure()` it refuses every event
 * with a ConfigurationFailure saying `message`, which pauses the subscriber; then it records the
 * ids of the events it handles.
 */
export async function subscribeUnconfigured(hub: RunningHub, name: string, message: string): Promise<UnconfiguredSubscriber> {
  let configured = false;
  const handled: string[] = [];
  await hub.broker.bus.subscribe({
    name,
    events: [Events.OrderCreated],
    handle: (event) => {
      if (!configured) return Promise.reject(new ConfigurationFailure(message));
      handled.push(event.id);
      return Promise.resolve();
    },
  });
  return {
    handled,
    configure: () => {
      configured = true;
    },
  };
}
