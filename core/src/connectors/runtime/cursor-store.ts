import type { CursorStore } from '@omnihub/connector-sdk';
import type { SqlExecutor } from '../../store/store.ts';

/** Key under which a polling capability's cursor is stored. */
export function pollCursorKey(capability: string): string {
  return `poll:${capability}`;
}

/** Reads one cursor of an instance. */
export async function readCursor(db: SqlExecutor, instanceId: string, key: string): Promise<string | undefined> {
  const { rows } = await db.query<{ value: string }>('select value from connector_cursors where instance_id = $1 and key = $2', [instanceId, key]);
  return rows[0]?.value;
}

/** Writes one cursor of an instance (inside the caller's transaction when `db` is one). */
export async function writeCursor(db: SqlExecutor, instanceId: string, key: string, value: string): Promise<void> {
  await db.query(
    `insert into connector_cursors (instance_id, key, value) values ($1, $2, $3)
     on conflict (instance_id, key) do update set value = excluded.value, updated_at = now()`,
    [instanceId, key, value],
  );
}

/**
 * The cursor store a connector sees, backed by the `connector_cursors` table. Inside an action it
 * writes through the delivery's transaction, so a cursor moves only if the delivery commits.
 */
export function sqlCursorStore(db: SqlExecutor, instanceId: string): CursorStore {
  return {
    get: (key) => readCursor(db, instanceId, key),
    set: (key, value) => writeCursor(db, instanceId, key, value),
  };
}
