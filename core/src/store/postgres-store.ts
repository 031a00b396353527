import pg from 'pg';
import type { QueryResult, Row, SqlExecutor, Store, StoreHealth } from './store.ts';
import { preparedName } from './prepared.ts';
import { probe } from './store.ts';

// int8 values are counts and sequence numbers here; return them as numbers like PGlite does.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => Number(value));

/** Options of {@link openPostgresStore}. */
export interface PostgresStoreOptions {
  /** `postgres://` connection URL. */
  url: string;
  /** Schema to create (if missing) and put first on the search path; isolates tests and tenants. */
  schema?: string;
  /** Pool size (default 10). */
  maxConnections?: number;
}

const UNIQUE_VIOLATION = '23505';
const DUPLICATE_SCHEMA = '42P06';

/** The SQLSTATE of a database error, if it is one. */
function sqlState(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object' || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

function toResult<R extends Row>(result: pg.QueryResult<R>): QueryResult<R> {
  return { rows: result.rows, rowCount: result.rowCount ?? result.rows.length };
}

/** A statement as `pg` takes it: named (prepared once per connection) when its text was marked with `prepared`. */
function queryConfig(sql: string, params: readonly unknown[]): pg.QueryConfig {
  const name = preparedName(sql);
  return name === undefined ? { text: sql, values: params as unknown[] } : { name, text: sql, values: params as unknown[] };
}

class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async query<R extends Row = Row>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<R>> {
    return toResult(await this.#pool.query<R>(queryConfig(sql, params)));
  }

  async exec(sql: string): Promise<void> {
    await this.#pool.query(sql);
  }

  async transaction<T>(fn: (tx: SqlExecutor, opened: QueryResult) => Promise<T>, opening?: string): Promise<T> {
    const client = await this.#pool.connect();
    // A checked-out client whose server goes away emits 'error' (its query in flight rejects
    // too); without a listener that event would crash the process.
    const onError = (): void => undefined;
    client.on('error', onError);
    const release = (error?: Error | boolean): void => {
      client.removeListener('error', onError);
      client.release(error);
    };
    const tx: SqlExecutor = {
      query: async <R extends Row = Row>(sql: string, params: readonly unknown[] = []) => toResult(await client.query<R>(queryConfig(sql, params))),
      exec: async (sql: string) => {
        await client.query(sql);
      },
    };
    try {
      let opened: QueryResult = { rows: [], rowCount: 0 };
      if (opening === undefined) {
        await client.query('begin');
      } else {
        // One simple-protocol round trip: pg answers a multi-statement query with one result each.
        const results = (await client.query(`begin; ${opening}`)) as unknown as pg.QueryResult<Row>[];
        const last = results.at(-1);
        if (last !== undefined) opened = toResult(last);
      }
      const value = await fn(tx, opened);
      await client.query('commit');
      release();
      return value;
    } catch (error: unknown) {
      // A failed rollback means the connection is broken: drop it from the pool.
      await client.query('rollback').then(
        () => release(),
        (rollbackError: unknown) => release(rollbackError instanceof Error ? rollbackError : true),
      );
      throw error;
    }
  }

  health(): Promise<StoreHealth> {
    return probe(this);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

/** Opens a pooled PostgreSQL store through `pg`. */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<Store> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name "${schema}": use lower-case letters, digits and underscores`);
  }
  if (schema !== undefined) {
    const setup = new pg.Client({ connectionString: options.url });
    await setup.connect();
    try {
      await setup.query(`create schema if not exists ${schema}`);
    } catch (error: unknown) {
      // Two processes creating the schema at once can both pass "if not exists"; one then
      // fails on the catalog's unique index although the schema now exists. That one is fine.
      if (sqlState(error) !== UNIQUE_VIOLATION && sqlState(error) !== DUPLICATE_SCHEMA) throw error;
    } finally {
      await setup.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.maxConnections ?? 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  // An idle client that loses its server emits 'error'; the pool discards it and the next query reconnects.
  pool.on('error', () => undefined);
  const store = new PostgresStore(pool);
  await store.query('select 1');
  return store;
}
