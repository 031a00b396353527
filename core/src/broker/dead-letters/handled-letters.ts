import type { SqlExecutor } from '../../store/store.ts';
import type { DeadLetter } from './dead-letter-store.ts';

/**
 * Ids of the dead letters whose subscriber has already handled their event (its inbox holds the
 * event id, as after a replay that succeeded): that subscriber would drop another delivery of it.
 */
export async function handledLetters(db: SqlExecutor, letters: readonly DeadLetter[]): Promise<Set<string>> {
  if (letters.length === 0) return new Set();
  const { rows } = await db.query<{ id: string }>(
    `select l.id from unnest($1::text[], $2::text[], $3::text[]) as l(id, subscriber, event_id)
     where exists (select 1 from inbox i where i.subscriber = l.subscriber and i.event_id = l.event_id)`,
    [letters.map((l) => l.id), letters.map((l) => l.subscriber), letters.map((l) => l.eventId)],
  );
  return new Set(rows.map((row) => row.id));
}
