import type { SqlExecutor } from '../store/store.ts';

/** What happened to an event at one point of its path. */
export type MessageOutcome = 'accepted' | 'published' | 'handled' | 'duplicate' | 'retried' | 'dead-lettered' | 'paused' | 'replayed';

/** One line of the message log. */
export interface MessageLogEntry {
  eventId: string;
  correlationId: string | undefined;
  eventType: string;
  subscriber?: string | undefined;
  outcome: MessageOutcome;
  attempt?: number | undefined;
  detail?: string | undefined;
}

/** Appends one outcome to the message log (behind `GET /v1/traces/{correlationId}`). */
export async function logOutcome(db: SqlExecutor, entry: MessageLogEntry): Promise<void> {
  await db.query(
    'insert into message_log (event_id, correlation_id, event_type, subscriber, outcome, attempt, detail) values ($1, $2, $3, $4, $5, $6, $7)',
    [entry.eventId, entry.correlationId ?? null, entry.eventType, entry.subscriber ?? null, entry.outcome, entry.attempt ?? null, entry.detail ?? null],
  );
}

/** One step of a trace. */
export interface TraceStep {
  at: string;
  eventId: string;
  eventType: string;
  subscriber: string | null;
  outcome: MessageOutcome;
  attempt: number | null;
  detail: string | null;
}

/**
 * Every logged outcome of a correlation id, oldest first. "handled" lines come from the inbox,
 * whose row of a handled event is written in the handler's own transaction.
 */
export async function traceOf(db: SqlExecutor, correlationId: string): Promise<TraceStep[]> {
  const { rows } = await db.query<{ at: Date; event_id: string; event_type: string; subscriber: string | null; outcome: MessageOutcome; attempt: number | null; detail: string | null }>(
    `select at, event_id, event_type, subscriber, outcome, attempt, detail from (
       select at, id, event_id, event_type, subscriber, outcome, attempt, detail from message_log where correlation_id = $1
       union all
       select handled_at, 0, event_id, event_type, subscriber, 'handled', attempt, null from inbox where correlation_id = $1
     ) steps order by at, id limit 5000`,
    [correlationId],
  );
  return rows.map((row) => ({
    at: row.at.toISOString(),
    eventId: row.event_id,
    eventType: row.event_type,
    subscriber: row.subscriber,
    outcome: row.outcome,
    attempt: row.attempt,
    detail: row.detail,
  }));
}

/** Deletes message-log lines older than the retention; returns how many were removed. */
export async function pruneMessageLog(db: SqlExecutor, retentionHours: number): Promise<number> {
  const removed = await db.query("delete from message_log where at < now() - ($1::int * interval '1 hour')", [retentionHours]);
  return removed.rowCount;
}

/**
 * Deletes inbox entries older than the retention; returns how many were removed. An event
 * redelivered after its entry is gone would be handled again, so keep this well above the longest
 * time a message can spend in queues and retries.
 */
export async function pruneInbox(db: SqlExecutor, retentionHours: number): Promise<number> {
  const removed = await db.query("delete from inbox where handled_at < now() - ($1::int * interval '1 hour')", [retentionHours]);
  return removed.rowCount;
}
