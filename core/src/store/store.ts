/** A row as returned by the database: column name to value. */
export type Row = Record<string, unknown>;

/** The outcome of one SQL statement. */
export interface QueryResult<R extends Row = Row> {
  rows: R[];
  /** Rows returned or affected. */
  rowCount: number;
}

/** Anything that runs SQL: the store itself, or an open transaction. */
export interface SqlExecutor {
  /** Runs one statement with `$1`-style parameters. */
  query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

/** Result of a database health probe. */
export interface StoreHealth {
  ok: boolean;
  latencyMs: number;
  error?: string;
}

/**
 * omnihub's one store contract. Flows, the broker's inbox/outbox and the facade see only this;
 * the PostgreSQL (`pg`) and embedded (PGlite) adapters are the only modules that import a driver.
 * Both speak the same SQL dialect, so the same migrations and queries run on both.
 */
export interface Store extends SqlExecutor {
  /** Which adapter is behind the contract. */
  readonly kind: 'postgres' | 'pglite';
  /**
   * Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. `opening`, a
   * statement without parameters (build its values with {@link sqlLiteral}), runs in the same
   * round trip as `begin`; `fn` receives its result. Hot paths use it to save a round trip.
   */
  transaction<T>(fn: (tx: SqlExecutor, opened: QueryResult) => Promise<T>, opening?: string): Promise<T>;
  /** Probes the database with a trivial query. */
  health(): Promise<StoreHealth>;
  /** Releases connections. The store is unusable afterwards. */
  close(): Promise<void>;
}

/** Measures a `select 1` on `executor`. Shared by both adapters. */
export async function probe(executor: SqlExecutor): Promise<StoreHealth> {
  const started = performance.now();
  try {
    await executor.query('select 1');
    return { ok: true, latencyMs: performance.now() - started };
  } catch (error: unknown) {
    return { ok: false, latencyMs: performance.now() - started, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * A SQL literal for a string, number or null, for statements that cannot take parameters (see
 * {@link Store.transaction}'s `opening`). Strings become `E'...'` with quotes and backslashes
 * escaped, so no input can end the literal.
 */
export function sqlLiteral(value: string | number | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
    return String(value);
  }
  if (value.includes('\0')) throw new Error('a SQL string cannot contain a NUL character');
  return `E'${value.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** `array[...]::<type>[]` of literals (see {@link sqlLiteral}). */
export function sqlArray(values: readonly (string | number | null)[], type: 'text' | 'int'): string {
  return `array[${values.map(sqlLiteral).join(',')}]::${type}[]`;
}

/**
 * Placeholders of a multi-row `values` list: `rows` rows of one parameter per entry of `casts`
 * (`''` for none, else e.g. `'::jsonb'`), numbered from $1 row by row. Large texts go as
 * parameters of their own this way, unescaped, where a text array would escape every character.
 */
export function valuesPlaceholders(rows: number, casts: readonly string[]): string {
  return Array.from({ length: rows }, (_, row) => `(${casts.map((cast, column) => `$${row * casts.length + column + 1}${cast}`).join(', ')})`).join(', ');
}
