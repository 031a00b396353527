import { randomUUID } from 'node:crypto';
import type { CloudEvent } from '../../envelope/cloud-event.ts';
import type { SqlExecutor } from '../../store/store.ts';
import type { AttemptRecord } from '../wire.ts';

/** A dead letter as ops see it. */
export interface DeadLetter {
  id: string;
  subscriber: string;
  eventId: string;
  eventType: string;
  source: string | null;
  correlationId: string | null;
  /** The event as it was delivered; null when the message could not be decoded. */
  envelope: CloudEvent | null;
  /** The undecodable message as text, when `envelope` is null. */
  rawMessage: string | null;
  errorKind: string;
  errorCode: string;
  errorMessage: string;
  errorStack: string | null;
  attempts: number;
  attemptHistory: AttemptRecord[];
  connectorVersion: string | null;
  mappingVersion: string | null;
  status: 'open' | 'replayed';
  replayCount: number;
  createdAt: string;
  updatedAt: string;
}

/** What a consumer records when it gives up on a message. */
export interface NewDeadLetter {
  subscriber: string;
  eventId: string;
  eventType: string;
  source?: string | undefined;
  correlationId?: string | undefined;
  envelope?: CloudEvent | undefined;
  rawMessage?: string | undefined;
  errorKind: string;
  errorCode: string;
  errorMessage: string;
  errorStack?: string | undefined;
  attempts: number;
  attemptHistory: AttemptRecord[];
  connectorVersion?: string | undefined;
  mappingVersion?: string | undefined;
}

/** Filters of the dead-letter listing (all optional, combined with AND). */
export interface DeadLetterFilter {
  eventType?: string | undefined;
  subscriber?: string | undefined;
  errorCode?: string | undefined;
  source?: string | undefined;
  status?: 'open' | 'replayed' | undefined;
  /** ISO time, inclusive. */
  from?: string | undefined;
  /** ISO time, exclusive. */
  to?: string | undefined;
  /** Free text searched in the error message, ids and the event itself. */
  q?: string | undefined;
  ids?: readonly string[] | undefined;
}

interface DeadLetterRow extends Record<string, unknown> {
  id: string;
  subscriber: string;
  event_id: string;
  event_type: string;
  source: string | null;
  correlation_id: string | null;
  envelope: CloudEvent | null;
  raw_message: string | null;
  error_kind: string;
  error_code: string;
  error_message: string;
  error_stack: string | null;
  attempts: number;
  attempt_history: AttemptRecord[];
  connector_version: string | null;
  mapping_version: string | null;
  status: 'open' | 'replayed';
  replay_count: number;
  created_at: Date;
  updated_at: Date;
}

function fromRow(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    subscriber: row.subscriber,
    eventId: row.event_id,
    eventType: row.event_type,
    source: row.source,
    correlationId: row.correlation_id,
    envelope: row.envelope,
    rawMessage: row.raw_message,
    errorKind: row.error_kind,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    errorStack: row.error_stack,
    attempts: row.attempts,
    attemptHistory: row.attempt_history,
    connectorVersion: row.connector_version,
    mappingVersion: row.mapping_version,
    status: row.status,
    replayCount: row.replay_count,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/**
 * Records a dead letter. A message that fails again after a replay reopens its existing dead
 * letter (one per subscriber and event) with the new error. Its history gains the replay the
 * message carries and every attempt after it, once per replay number (a redelivered failure adds
 * nothing), so concurrent replays that fail again all show, each with its own replay and failures
 * however alike they are. A message carrying no numbered replay appends the attempts the dead
 * letter does not hold yet.
 */
export async function recordDeadLetter(db: SqlExecutor, letter: NewDeadLetter): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into dead_letters (id, subscriber, event_id, event_type, source, correlation_id, envelope, raw_message,
       error_kind, error_code, error_message, error_stack, attempts, attempt_history, connector_version, mapping_version)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     on conflict (subscriber, event_id) do update set
       envelope = coalesce(excluded.envelope, dead_letters.envelope), raw_message = excluded.raw_message,
       error_kind = excluded.error_kind, error_code = excluded.error_code, error_message = excluded.error_message,
       error_stack = excluded.error_stack, attempts = dead_letters.attempts + excluded.attempts,
       attempt_history = dead_letters.attempt_history || coalesce((
         select jsonb_agg(carried.entry order by carried.n)
         from jsonb_array_elements(excluded.attempt_history) with ordinality as carried(entry, n)
         left join (select r.n, r.entry->'replay' as number from jsonb_array_elements(excluded.attempt_history) with ordinality as r(entry, n)
                    where r.entry->>'kind' = 'replay' order by r.n desc limit 1) as last_replay on true
         where case
           when last_replay.number is null
             then not exists (select 1 from jsonb_array_elements(dead_letters.attempt_history) as kept(entry) where kept.entry = carried.entry)
           else carried.n >= last_replay.n and not exists (
             select 1 from jsonb_array_elements(dead_letters.attempt_history) as kept(entry)
             where kept.entry->>'kind' = 'replay' and kept.entry->'replay' = last_replay.number)
         end
       ), '[]'::jsonb),
       status = 'open', updated_at = now()
     returning id`,
    [
      randomUUID(),
      letter.subscriber,
      letter.eventId,
      letter.eventType,
      letter.source ?? null,
      letter.correlationId ?? null,
      letter.envelope === undefined ? null : JSON.stringify(letter.envelope),
      letter.rawMessage ?? null,
      letter.errorKind,
      letter.errorCode,
      letter.errorMessage.slice(0, 4000),
      letter.errorStack?.slice(0, 16_000) ?? null,
      letter.attempts,
      JSON.stringify(letter.attemptHistory),
      letter.connectorVersion ?? null,
      letter.mappingVersion ?? null,
    ],
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error('dead letter not recorded');
  return id;
}

function where(filter: DeadLetterFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  const add = (sql: string, value: unknown): void => {
    params.push(value);
    clauses.push(sql.replace('?', `$${params.length}`));
  };
  if (filter.eventType !== undefined) add('event_type = ?', filter.eventType);
  if (filter.subscriber !== undefined) add('subscriber = ?', filter.subscriber);
  if (filter.errorCode !== undefined) add('error_code = ?', filter.errorCode);
  if (filter.source !== undefined) add('source = ?', filter.source);
  if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.from !== undefined) add('created_at >= ?::timestamptz', filter.from);
  if (filter.to !== undefined) add('created_at < ?::timestamptz', filter.to);
  if (filter.ids !== undefined) add('id = any(?::text[])', [...filter.ids]);
  if (filter.q !== undefined && filter.q !== '') {
    const pattern = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    add("(error_message ilike ? or event_id ilike $Q or correlation_id ilike $Q or coalesce(envelope::text, raw_message, '') ilike $Q)", pattern);
    clauses[clauses.length - 1] = (clauses[clauses.length - 1] ?? '').replaceAll('$Q', `$${params.length}`);
  }
  return { sql: clauses.length === 0 ? '' : `where ${clauses.join(' and ')}`, params };
}

/** A page of dead letters, newest first, with the cursor of the next page. */
export interface DeadLetterPage {
  items: DeadLetter[];
  nextCursor: string | undefined;
}

/** `created_at` to the microsecond, as PostgreSQL keeps it (a Date would cut it to the millisecond). */
const CURSOR_AT = `to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at`;

function encodeCursor(row: DeadLetterRow & { cursor_at: string }): string {
  return Buffer.from(JSON.stringify([row.cursor_at, row.id])).toString('base64url');
}

function decodeCursor(cursor: string): [string, string] {
  const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    throw new Error('malformed cursor');
  }
  return [parsed[0], parsed[1]];
}

/** Lists dead letters matching `filter`, newest first, `limit` at a time (keyset pagination). */
export async function listDeadLetters(db: SqlExecutor, filter: DeadLetterFilter, page: { limit: number; cursor?: string | undefined }): Promise<DeadLetterPage> {
  const { sql, params } = where(filter);
  let keyset = '';
  if (page.cursor !== undefined) {
    const [at, id] = decodeCursor(page.cursor);
    params.push(at, id);
    keyset = `${sql === '' ? 'where' : ' and'} (created_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`;
  }
  params.push(page.limit + 1);
  const { rows } = await db.query<DeadLetterRow & { cursor_at: string }>(
    `select *, ${CURSOR_AT} from dead_letters ${sql}${keyset} order by created_at desc, id desc limit $${params.length}`,
    params,
  );
  const items = rows.slice(0, page.limit);
  const last = items[items.length - 1];
  return { items: items.map(fromRow), nextCursor: rows.length > page.limit && last !== undefined ? encodeCursor(last) : undefined };
}

/** Every dead letter matching `filter` (for bulk replay), oldest first, at most `max`. */
export async function selectDeadLetters(db: SqlExecutor, filter: DeadLetterFilter, max: number): Promise<DeadLetter[]> {
  const { sql, params } = where(filter);
  params.push(max);
  const { rows } = await db.query<DeadLetterRow>(`select * from dead_letters ${sql} order by created_at, id limit $${params.length}`, params);
  return rows.map(fromRow);
}

/**
 * One dead letter, locked until the end of the transaction `tx` (so that concurrent replays of it
 * take turns and each sees the one before), or undefined.
 */
export async function lockDeadLetter(tx: SqlExecutor, id: string): Promise<DeadLetter | undefined> {
  const { rows } = await tx.query<DeadLetterRow>('select * from dead_letters where id = $1 for update', [id]);
  const row = rows[0];
  return row === undefined ? undefined : fromRow(row);
}

/** One dead letter, or undefined. */
export async function getDeadLetter(db: SqlExecutor, id: string): Promise<DeadLetter | undefined> {
  const { rows } = await db.query<DeadLetterRow>('select * from dead_letters where id = $1', [id]);
  const row = rows[0];
  return row === undefined ? undefined : fromRow(row);
}

/** Deletes a dead letter; returns whether it existed. */
export async function deleteDeadLetter(db: SqlExecutor, id: string): Promise<boolean> {
  return (await db.query('delete from dead_letters where id = $1', [id])).rowCount > 0;
}
