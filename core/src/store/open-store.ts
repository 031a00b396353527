import path from 'node:path';
import type { Store } from './store.ts';
import { openPostgresStore } from './postgres-store.ts';
import { openPgliteStore } from './pglite-store.ts';

/** Where the store lives: a PostgreSQL URL, or the embedded database under a data folder. */
export interface StoreSelection {
  databaseUrl: string | undefined;
  dataDir: string;
}

/** Opens PostgreSQL when a URL is configured, otherwise the embedded PGlite under `<dataDir>/pgdata`. */
export function openStore(selection: StoreSelection): Promise<Store> {
  return selection.databaseUrl === undefined
    ? openPgliteStore({ dataDir: path.join(selection.dataDir, 'pgdata') })
    : openPostgresStore({ url: selection.databaseUrl });
}
