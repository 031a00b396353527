import type { QueryResult, SqlExecutor, Store } from '../store/store.ts';

/** A store whose transactions end with a step of their own, and the batch state of each open one. */
export interface BatchEndStore<B> {
  /** Give this store to the event bus that runs the subscription. */
  store: Store;
  /** The batch of an open transaction (undefined outside one of this store's transactions). */
  batchOf(tx: SqlExecutor): B | undefined;
}

/**
 * Wraps `store` so that every transaction gets a fresh batch (`create`), which handlers reach with
 * `batchOf(tx)`, and runs `end(tx, batch)` after the transaction's work and before its commit; once
 * committed, `committed(result)` gets what `end` returned. The event bus opens one transaction per
 * batch of deliveries and acks after its commit, so `end` is the end-of-batch step the bus itself
 * does not have. A transaction that is rolled back (a handler failed: the bus reruns the batch in a
 * new one) never reaches `end`, and its batch is dropped.
 */
export function withBatchEnd<B, R>(
  store: Store,
  create: () => B,
  end: (tx: SqlExecutor, batch: B) => Promise<R>,
  committed: (result: R) => void = () => undefined,
): BatchEndStore<B> {
  const open = new WeakMap<SqlExecutor, B>();
  const wrapped: Store = {
    kind: store.kind,
    query: (sql, params) => store.query(sql, params),
    exec: (sql) => store.exec(sql),
    health: () => store.health(),
    close: () => store.close(),
    transaction: async <T>(fn: (tx: SqlExecutor, opened: QueryResult) => Promise<T>, opening?: string): Promise<T> => {
      let ended: { result: R } | undefined;
      const value = await store.transaction(async (tx, opened) => {
        const batch = create();
        open.set(tx, batch);
        try {
          const result = await fn(tx, opened);
          ended = { result: await end(tx, batch) };
          return result;
        } finally {
          open.delete(tx);
        }
      }, opening);
      if (ended !== undefined) committed(ended.result);
      return value;
    },
  };
  return { store: wrapped, batchOf: (tx) => open.get(tx) };
}
