import type { SqlExecutor } from '../store/store.ts';

/** A subscriber as the hub knows it: running or not, paused with a reason or not. */
export interface SubscriberState {
  name: string;
  paused: boolean;
  reason: string | null;
  updatedAt: string;
}

/** Every subscriber that ever started, by name. */
export async function listSubscribers(db: SqlExecutor): Promise<SubscriberState[]> {
  const { rows } = await db.query<{ subscriber: string; paused: boolean; reason: string | null; updated_at: Date }>(
    'select subscriber, paused, reason, updated_at from subscriber_state order by subscriber',
  );
  return rows.map((row) => ({ name: row.subscriber, paused: row.paused, reason: row.reason, updatedAt: row.updated_at.toISOString() }));
}

/**
 * Clears a subscriber's pause. Its processes resume consuming within seconds (see the event bus);
 * returns the new state, or undefined when no such subscriber exists.
 */
export async function resumeSubscriber(db: SqlExecutor, name: string): Promise<SubscriberState | undefined> {
  const { rows } = await db.query<{ subscriber: string; paused: boolean; reason: string | null; updated_at: Date }>(
    'update subscriber_state set paused = false, reason = null, updated_at = now() where subscriber = $1 returning subscriber, paused, reason, updated_at',
    [name],
  );
  const row = rows[0];
  return row === undefined ? undefined : { name: row.subscriber, paused: row.paused, reason: row.reason, updatedAt: row.updated_at.toISOString() };
}
