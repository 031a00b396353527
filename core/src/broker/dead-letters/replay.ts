import type { FieldError } from '../../errors/hub-error.ts';
import { isHubError } from '../../errors/hub-error.ts';
import type { SchemaRegistry } from '../../schema/registry.ts';
import { parseSchemaId } from '../../schema/schema-ref.ts';
import type { Store } from '../../store/store.ts';
import { contentHash, recordAudit } from '../audit-log.ts';
import { enqueueForSubscriber } from '../outbox.ts';
import type { AttemptRecord } from '../wire.ts';
import { lockDeadLetter, selectDeadLetters, type DeadLetter, type DeadLetterFilter } from './dead-letter-store.ts';
import { handledLetters } from './handled-letters.ts';
import { applyJsonPatch, type PatchOperation } from './json-patch.ts';

/** What to replay and how. */
export interface ReplayRequest {
  /** Replay these dead letters... */
  ids?: readonly string[] | undefined;
  /** ...or every one matching this filter. */
  filter?: DeadLetterFilter | undefined;
  /** JSON Patch applied to each event's `data`, which is then re-validated against its schema. */
  patch?: readonly PatchOperation[] | undefined;
  /** Check and report without replaying anything. */
  dryRun?: boolean | undefined;
  /** At most this many replays per second (default 100). */
  ratePerSecond?: number | undefined;
  /** At most this many dead letters in one request (default 10,000). */
  max?: number | undefined;
  /** Why, for the audit log. */
  reason: string;
  /** API key name, for the audit log. */
  actor: string;
}

/** Outcome for one dead letter, or for one requested id that matches none. */
export interface ReplayItem {
  id: string;
  /** Absent for `not-found`. */
  eventId?: string;
  /** Absent for `not-found`. */
  subscriber?: string;
  status: 'replayed' | 'would-replay' | 'invalid' | 'skipped' | 'already-handled' | 'not-found';
  detail?: string;
  errors?: FieldError[];
}

/** Outcome of a replay request. */
export interface ReplayReport {
  dryRun: boolean;
  matched: number;
  replayed: number;
  failed: number;
  items: ReplayItem[];
}

/** Dependencies of {@link replayDeadLetters}. */
export interface ReplayDeps {
  store: Store;
  registry: SchemaRegistry;
  /** Called once replays were queued, to relay them without waiting. */
  onQueued?: () => void;
  /** Progress callback: done so far, total. */
  onProgress?: (done: number, total: number) => void;
}

type Prepared = ReplayItem & { data?: unknown };

function prepare(registry: SchemaRegistry, letter: DeadLetter, handled: boolean, patch: readonly PatchOperation[] | undefined): Prepared {
  const base = { id: letter.id, eventId: letter.eventId, subscriber: letter.subscriber };
  if (letter.envelope === null) return { ...base, status: 'skipped', detail: 'the message could not be decoded; there is no event to replay' };
  if (handled) {
    return {
      ...base,
      status: 'already-handled',
      detail: `${letter.subscriber} has already handled event ${letter.eventId} (a replay succeeded): it would drop another replay as a duplicate, so nothing was changed`,
    };
  }
  let data: unknown = letter.envelope.data;
  try {
    if (patch !== undefined && patch.length > 0) data = applyJsonPatch(data, patch);
  } catch (error: unknown) {
    return { ...base, status: 'invalid', detail: isHubError(error) || error instanceof Error ? error.message : String(error) };
  }
  const ref = letter.envelope.dataschema === undefined ? undefined : parseSchemaId(letter.envelope.dataschema);
  if (ref === undefined || registry.get(ref) === undefined) return { ...base, status: 'invalid', detail: `unknown dataschema ${String(letter.envelope.dataschema)}` };
  const result = registry.validate(ref, data);
  if (!result.valid) {
    return { ...base, status: 'invalid', detail: 'the (patched) data does not match its schema', errors: result.errors.map((e) => ({ ...e, path: `/data${e.path}` })) };
  }
  return { ...base, status: 'would-replay', data };
}

function notFound(id: string): ReplayItem {
  return { id, status: 'not-found', detail: 'no such dead letter' };
}

/**
 * Replays one dead letter in its own transaction, its row locked: concurrent replays of it take
 * turns, and each appends its replay to the history the one before left.
 */
async function replayOne(deps: ReplayDeps, request: ReplayRequest, id: string): Promise<ReplayItem> {
  return deps.store.transaction(async (tx) => {
    const letter = await lockDeadLetter(tx, id);
    if (letter === undefined) return notFound(id);
    const handled = (await handledLetters(tx, [letter])).has(letter.id);
    const { data, ...item } = prepare(deps.registry, letter, handled, request.patch);
    if (item.status !== 'would-replay' || letter.envelope === null) return item;
    const before = letter.envelope;
    const after = { ...before, data };
    const edited = contentHash(before) !== contentHash(after);
    const history: AttemptRecord[] = [...letter.attemptHistory, { attempt: 0, at: new Date().toISOString(), kind: 'replay', code: edited ? 'replay.edited' : 'replay', message: request.reason, replay: letter.replayCount + 1 }];
    await enqueueForSubscriber(tx, after, letter.subscriber, history);
    await tx.query("update dead_letters set status = 'replayed', replay_count = replay_count + 1, envelope = $2, updated_at = now() where id = $1", [letter.id, JSON.stringify(after)]);
    await recordAudit(tx, {
      actor: request.actor,
      action: edited ? 'edit-and-replay' : 'replay',
      target: `dead-letter:${letter.id}`,
      reason: request.reason,
      beforeHash: contentHash(before),
      afterHash: contentHash(after),
      details: { eventId: letter.eventId, subscriber: letter.subscriber, ...(edited ? { patch: request.patch } : {}) },
    });
    return { ...item, status: 'replayed' };
  });
}

/**
 * Replays dead letters to their original subscriber only, optionally after a JSON Patch of their
 * data (re-validated). Each replay and its audit line commit together; the message keeps its
 * attempt history, so one that fails again returns to dead letters with the history intact. A
 * dead letter whose subscriber has already handled its event (a replay succeeded) is reported
 * `already-handled` and left as it is; requested ids that match no dead letter are reported
 * `not-found`, after the others.
 */
export async function replayDeadLetters(deps: ReplayDeps, request: ReplayRequest): Promise<ReplayReport> {
  const max = request.max ?? 10_000;
  const letters = request.ids !== undefined ? await selectDeadLetters(deps.store, { ...request.filter, ids: request.ids }, max) : await selectDeadLetters(deps.store, request.filter ?? {}, max);
  const found = new Set(letters.map((letter) => letter.id));
  const unknown = request.ids === undefined ? [] : [...new Set(request.ids)].filter((id) => !found.has(id));
  const handled = await handledLetters(deps.store, letters);
  const dryRun = request.dryRun === true;
  const interval = 1000 / Math.max(0.1, request.ratePerSecond ?? 100);
  const items: ReplayItem[] = [];
  let next = performance.now();
  for (const letter of letters) {
    const { data: _data, ...item } = prepare(deps.registry, letter, handled.has(letter.id), request.patch);
    if (item.status === 'would-replay' && !dryRun) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      next = Math.max(next, performance.now()) + interval;
      // Checked again on the locked row: another replay may have changed it since it was read.
      items.push(await replayOne(deps, request, letter.id));
    } else {
      items.push(item);
    }
    deps.onProgress?.(items.length, letters.length);
  }
  items.push(...unknown.map(notFound));
  if (!dryRun) deps.onQueued?.();
  const replayed = items.filter((i) => i.status === 'replayed').length;
  return {
    dryRun,
    matched: letters.length,
    replayed,
    failed: items.filter((i) => i.status !== 'replayed' && i.status !== 'would-replay').length,
    items,
  };
}
