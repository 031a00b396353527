import type { FieldError } from '../../errors/hub-error.ts';
import { isHubError } from '../../errors/hub-error.ts';
import type { SchemaRegistry } from '../../schema/registry.ts';
import { parseSchemaId } from '../../schema/schema-ref.ts';
import type { Store } from '../../store/store.ts';
import { contentHash, recordAudit } from '../audit-log.ts';
import { enqueueForSubscriber } from '../outbox.ts';
import type { AttemptRecord } from '../wire.ts';
import { selectDeadLetters, type DeadLetter, type DeadLetterFilter } from './dead-letter-store.ts';
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

/** Outcome for one dead letter. */
export interface ReplayItem {
  id: string;
  eventId: string;
  subscriber: string;
  status: 'replayed' | 'would-replay' | 'invalid' | 'skipped';
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

function prepare(registry: SchemaRegistry, letter: DeadLetter, patch: readonly PatchOperation[] | undefined): ReplayItem & { data?: unknown } {
  const base = { id: letter.id, eventId: letter.eventId, subscriber: letter.subscriber };
  if (letter.envelope === null) return { ...base, status: 'skipped', detail: 'the message could not be decoded; there is no event to replay' };
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

/**
 * Replays dead letters to their original subscriber only, optionally after a JSON Patch of their
 * data (re-validated). Each replay and its audit line commit together; the message keeps its
 * attempt history, so one that fails again returns to dead letters with the history intact.
 */
export async function replayDeadLetters(deps: ReplayDeps, request: ReplayRequest): Promise<ReplayReport> {
  const max = request.max ?? 10_000;
  const letters = request.ids !== undefined ? await selectDeadLetters(deps.store, { ...request.filter, ids: request.ids }, max) : await selectDeadLetters(deps.store, request.filter ?? {}, max);
  const dryRun = request.dryRun === true;
  const interval = 1000 / Math.max(0.1, request.ratePerSecond ?? 100);
  const items: ReplayItem[] = [];
  let next = performance.now();
  for (const letter of letters) {
    const { data, ...item } = prepare(deps.registry, letter, request.patch);
    if (item.status === 'would-replay' && !dryRun && letter.envelope !== null) {
      const wait = next - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      next = Math.max(next, performance.now()) + interval;
      const before = letter.envelope;
      const after = { ...before, data };
      const edited = contentHash(before) !== contentHash(after);
      const history: AttemptRecord[] = [...letter.attemptHistory, { attempt: 0, at: new Date().toISOString(), kind: 'replay', code: edited ? 'replay.edited' : 'replay', message: request.reason }];
      await deps.store.transaction(async (tx) => {
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
      });
      item.status = 'replayed';
    }
    items.push(item);
    deps.onProgress?.(items.length, letters.length);
  }
  if (!dryRun) deps.onQueued?.();
  return {
    dryRun,
    matched: letters.length,
    replayed: items.filter((i) => i.status === 'replayed').length,
    failed: items.filter((i) => i.status === 'invalid' || i.status === 'skipped').length,
    items,
  };
}
