import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { QueryResult, Row, SqlExecutor, Store, StoreHealth } from './store.ts';
import { probe } from './store.ts';

/** Options of {@link openPgliteStore}. */
export interface PgliteStoreOptions {
  /** Folder holding the database files; omit for an in-memory database. */
  dataDir?: string;
}

function toResult<R extends Row>(result: { rows: R[]; affectedRows?: number }): QueryResult<R> {
  return { rows: result.rows, rowCount: result.rows.length > 0 ? result.rows.length : (result.affectedRows ?? 0) };
}

class PgliteStore implements Store {
  readonly kind = 'pglite' as const;
  readonly #db: PGlite;

  constructor(db: PGlite) {
    this.#db = db;
  }

  async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return toResult(await this.#db.query<R>(sql, params as unknown[]));
  }

  async exec(sql: string): Promise<void> {
    await this.#db.exec(sql);
  }

  transaction<T>(fn: (tx: SqlExecutor, opened: QueryResult) => Promise<T>, opening?: string): Promise<T> {
    // PGlite holds one connection and queues other work while a transaction is open.
    return this.#db.transaction(async (handle) => {
      const tx: SqlExecutor = {
        query: async <R extends Row = Row>(sql: string, params: readonly unknown[] = []) =>
          toResult(await handle.query<R>(sql, params as unknown[])),
        exec: async (sql: string) => {
          await handle.exec(sql);
        },
      };
      const opened = opening === undefined ? { rows: [], rowCount: 0 } : toResult(await handle.query<Row>(opening));
      return fn(tx, opened);
    });
  }

  health(): Promise<StoreHealth> {
    return probe(this);
  }

  async close(): Promise<void> {
    if (!this.#db.closed) await this.#db.close();
  }
}

/** Opens the embedded PostgreSQL (PGlite, WASM), persisted under `dataDir` when given. */
export async function openPgliteStore(options: PgliteStoreOptions = {}): Promise<Store> {
  if (options.dataDir !== undefined) await mkdir(options.dataDir, { recursive: true });
  const db = options.dataDir === undefined ? new PGlite() : new PGlite(options.dataDir);
  await db.waitReady;
  return new PgliteStore(db);
}
