import { createHash } from 'node:crypto';
import type { FieldError } from '../errors/hub-error.ts';
import { normalizeTime, orderKeyOf } from './order-key.ts';
import type { StockMovement } from './types.ts';

/** A movement ready for the ledger: normalized times, its ordering key and content hash. */
export interface LedgerEntry {
  movementId: string;
  sku: string;
  locationId: string;
  /** The bucket as reported (`onHand` when the source gave none). */
  reportedBucket: NonNullable<StockMovement['bucket']>;
  mode: StockMovement['mode'];
  quantity: number;
  reason: StockMovement['reason'];
  sourceSystem: string;
  sourceInstanceId: string | undefined;
  sourceEventTime: string | undefined;
  sourceSequence: string | undefined;
  occurredAt: string;
  orderKey: string;
  orderId: string | undefined;
  lineId: string | undefined;
  reference: StockMovement['reference'] | undefined;
  /** The hub's own on-hand decrement for a consumed reservation (see reservations.ts). */
  provisional: boolean;
  eventId: string | undefined;
  /** {@link movementHash}: equal for the same movement whatever the format of its times. */
  contentHash: string;
  /**
   * The hash of the movement with its times as sent, as movements were hashed before times were
   * normalized: a ledger row recorded then still matches a movement sent again unchanged.
   */
  asSentHash?: (() => string) | undefined;
}

/** JSON with object keys sorted, so equal movements hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let index = 0; index < value.length; index += 1) {
      if (index > 0) out += ',';
      // As Array.prototype.join writes it: an element JSON has no text for is left empty.
      out += (canonicalJson(value[index]) as string | undefined) ?? '';
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  let first = true;
  // The default sort compares UTF-16 code units, as `<` does.
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(key)}:${canonicalJson(item)}`;
  }
  return `${out}}`;
}

/**
 * Hash of a movement's content: a movement id sent again with other content is a conflict, not a
 * duplicate. Times count by the instant they name, so `10:00:00Z` and `12:00:00.000+02:00` hash
 * alike; an unreadable time (refused before it reaches the ledger) hashes as written.
 */
export function movementHash(movement: StockMovement): string {
  const instant = (time: string): string => {
    try {
      return normalizeTime(time);
    } catch {
      return time;
    }
  };
  return hashAt(movement, instant(movement.occurredAt), movement.sourceEventTime === undefined ? undefined : instant(movement.sourceEventTime));
}

/** {@link movementHash} with the movement's times already normalized. */
function hashAt(movement: StockMovement, occurredAt: string, sourceEventTime: string | undefined): string {
  return asSentHash({ ...movement, occurredAt, ...(sourceEventTime === undefined ? {} : { sourceEventTime }) });
}

/** Hash of a movement with its times as written. */
function asSentHash(movement: StockMovement): string {
  return createHash('sha256').update(canonicalJson({ ...movement, bucket: movement.bucket ?? 'onHand' })).digest('hex');
}

/** The largest quantity one movement may carry, either way: positions hold 32-bit integers. */
export const MAX_MOVEMENT_QUANTITY = 1_000_000_000;

/**
 * How far ahead of the hub's clock a movement's times may be (clock skew between systems). A count
 * from the future would stand above every real movement until a later count came.
 */
export const MAX_CLOCK_AHEAD_MS = 5 * 60_000;

/**
 * Rules a schema-valid movement must also follow before it enters the ledger: a count is never
 * negative, and committed and reserved are never set absolutely (they are the sum of the hub's
 * reservations and of reported deltas); a quantity is within ±{@link MAX_MOVEMENT_QUANTITY}; a
 * numeric source sequence is a safe integer (larger ones go as strings); its times are RFC 3339 with an offset and not more than {@link MAX_CLOCK_AHEAD_MS} ahead of `now`.
 * Returns the broken rules, located by JSON pointer.
 */
export function movementProblems(movement: StockMovement, now: number = Date.now()): FieldError[] {
  const problems: FieldError[] = [];
  if (Math.abs(movement.quantity) > MAX_MOVEMENT_QUANTITY) {
    problems.push({ path: '/quantity', message: `must be between -${MAX_MOVEMENT_QUANTITY} and ${MAX_MOVEMENT_QUANTITY} units`, keyword: 'maximum' });
  }
  if (movement.mode === 'absolute' && movement.quantity < 0) {
    problems.push({ path: '/quantity', message: 'an absolute quantity (a count) cannot be negative', keyword: 'minimum' });
  }
  const bucket = movement.bucket ?? 'onHand';
  if (movement.mode === 'absolute' && (bucket === 'committed' || bucket === 'reserved')) {
    problems.push({ path: '/bucket', message: `${bucket} cannot be set absolutely: it is the sum of reservations and reported deltas; send a delta`, keyword: 'enum' });
  }
  if (typeof movement.sourceSequence === 'number' && !Number.isSafeInteger(movement.sourceSequence)) {
    problems.push({ path: '/sourceSequence', message: 'a number above 2^53 loses digits in JSON and would misorder movements: send it as a string', keyword: 'maximum' });
  }
  for (const field of ['occurredAt', 'sourceEventTime'] as const) {
    const time = movement[field];
    if (time === undefined) continue;
    let normalized: string;
    try {
      normalized = normalizeTime(time);
    } catch {
      problems.push({ path: `/${field}`, message: 'must be an RFC 3339 date-time with an offset', keyword: 'format' });
      continue;
    }
    const ahead = Date.parse(normalized.replace(/(\.\d{3})\d*Z$/, '$1Z')) - now;
    if (ahead > MAX_CLOCK_AHEAD_MS) {
      const minutes = Math.round(ahead / 60_000);
      problems.push({
        path: `/${field}`,
        message: `is ${minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`} ahead of the hub's clock (at most ${MAX_CLOCK_AHEAD_MS / 60_000} minutes): check the source's clock and time zone`,
        keyword: 'formatMaximum',
      });
    }
  }
  return problems;
}

/** Options of {@link toLedgerEntry}. */
export interface LedgerEntryOptions {
  /** Id of the event that carried the movement. */
  eventId?: string | undefined;
  provisional?: boolean | undefined;
}

/** Turns a movement that passed {@link movementProblems} into a ledger entry. */
export function toLedgerEntry(movement: StockMovement, options: LedgerEntryOptions = {}): LedgerEntry {
  const occurredAt = normalizeTime(movement.occurredAt);
  const sourceEventTime = movement.sourceEventTime === undefined ? undefined : normalizeTime(movement.sourceEventTime);
  return {
    movementId: movement.movementId,
    sku: movement.sku,
    locationId: movement.locationId,
    reportedBucket: movement.bucket ?? 'onHand',
    mode: movement.mode,
    quantity: movement.quantity,
    reason: movement.reason,
    sourceSystem: movement.sourceSystem,
    sourceInstanceId: movement.sourceInstanceId,
    sourceEventTime,
    sourceSequence: movement.sourceSequence === undefined ? undefined : String(movement.sourceSequence),
    occurredAt,
    orderKey: orderKeyOf(occurredAt, sourceEventTime, movement.sourceSequence, movement.movementId),
    orderId: movement.reference?.orderId,
    lineId: movement.reference?.lineId,
    reference: movement.reference,
    provisional: options.provisional === true,
    eventId: options.eventId,
    contentHash: hashAt(movement, occurredAt, sourceEventTime),
    asSentHash: () => asSentHash(movement),
  };
}
