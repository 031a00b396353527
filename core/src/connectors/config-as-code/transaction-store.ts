import type { QueryResult, Row, SqlExecutor, Store, StoreHealth } from '../../store/store.ts';

/**
 * A {@link Store} whose statements all run in the open transaction `tx` of `parent`, so services
 * written against a store (the `InstanceStore`) can take part in a larger transaction. A nested
 * `transaction()` runs in `tx` as well: it commits or rolls back with the outer one.
 */
export function transactionStore(parent: Store, tx: SqlExecutor): Store {
  return {
    kind: parent.kind,
    query<R extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      return tx.query<R>(sql, params);
    },
    exec: (sql: string) => tx.exec(sql),
    async transaction<T>(fn: (inner: SqlExecutor, opened: QueryResult) => Promise<T>, opening?: string): Promise<T> {
      const opened = opening === undefined ? { rows: [], rowCount: 0 } : await tx.query(opening);
      return fn(tx, opened);
    },
    health: (): Promise<StoreHealth> => parent.health(),
    close: () => Promise.resolve(),
  };
}
