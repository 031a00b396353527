import type { Store } from '../store/store.ts';
import { openPgliteStore } from '../store/pglite-store.ts';
import { openPostgresStore } from '../store/postgres-store.ts';
import { migrate } from '../store/migrations.ts';
import { freshName, serviceMissing, TEST_DATABASE_URL } from './services.ts';

/** A store opened for one test, with the clean-up that removes everything it created. */
export interface TestStore {
  store: Store;
  /** Closes the store and drops what the test created (its schema on PostgreSQL). */
  dispose: () => Promise<void>;
}

/** One way to open a store for a test; contract suites run once per factory. */
export interface StoreFactory {
  name: 'pglite' | 'postgres';
  open(options?: { migrate?: boolean }): Promise<TestStore>;
}

/** In-memory PGlite: a whole database per test. */
export const pgliteFactory: StoreFactory = {
  name: 'pglite',
  async open(options = {}) {
    const store = await openPgliteStore();
    if (options.migrate !== false) await migrate(store);
    return { store, dispose: () => store.close() };
  },
};

/** The local PostgreSQL, isolated in a fresh schema dropped afterwards. */
export const postgresFactory: StoreFactory = {
  name: 'postgres',
  async open(options = {}) {
    const schema = freshName('store');
    let store: Store;
    try {
      store = await openPostgresStore({ url: TEST_DATABASE_URL, schema, maxConnections: 5 });
    } catch (error: unknown) {
      throw serviceMissing('PostgreSQL', TEST_DATABASE_URL, error);
    }
    if (options.migrate !== false) await migrate(store);
    return {
      store,
      dispose: async () => {
        await store.close();
        await dropSchema(schema);
      },
    };
  },
};

/** Drops a test schema with everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const admin = await openPostgresStore({ url: TEST_DATABASE_URL, maxConnections: 1 });
  try {
    await admin.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await admin.close();
  }
}

/** Both adapters, for suites that must pass on each. */
export const STORE_FACTORIES: readonly StoreFactory[] = [pgliteFactory, postgresFactory];
