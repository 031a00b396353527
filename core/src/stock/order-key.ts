import { Buffer } from 'node:buffer';

/**
 * Separates the parts of an ordering key. U+0001 sorts below every printable character, so a key
 * whose part is a prefix of another's sorts first, as the parts themselves would.
 */
const SEPARATOR = '\u0001';

/** RFC 3339 date-time; an offset's hours run 00-23 and its minutes 00-59. */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

/**
 * An RFC 3339 time in UTC with nine fractional digits (`2025-04-14T06:55:00.000000000Z`), so that
 * times from sources with different precision and offsets compare correctly as text.
 *
 * @throws Error when `time` is not an RFC 3339 date-time with an offset.
 */
export function normalizeTime(time: string): string {
  const match = DATE_TIME.exec(time);
  if (match === null) throw new Error(`"${time}" is not an RFC 3339 date-time with an offset`);
  const [, year = '', month = '', day = '', hour = '', minute = '', given = '', fraction = '', offset = 'Z'] = match;
  // A leap second (:60) is the last instant of its minute, before the next one starts.
  const leap = given === '60';
  const second = leap ? '59' : given;
  const digits = leap ? '999999999' : fraction.slice(0, 9).padEnd(9, '0');
  // A UTC time whose fields are all in range is already what the calendar arithmetic below would
  // give back (days up to the 28th exist in every month).
  if ((offset === 'Z' || offset === 'z') && year >= '1000' && month >= '01' && month <= '12' && day >= '01' && day <= '28' && hour <= '23' && minute <= '59' && second <= '59') {
    return `${year}-${month}-${day}T${hour}:${minute}:${second}.${digits}Z`;
  }
  let ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (offset !== 'Z' && offset !== 'z') {
    const sign = offset.startsWith('-') ? -1 : 1;
    ms -= sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  }
  const whole = new Date(ms).toISOString().slice(0, 19);
  return `${whole}.${digits}Z`;
}

/** A source sequence as sortable text: numbers zero-padded (`i` + 20 digits), cursors as given (`s` + text). */
export function sequenceKey(sequence: number | string | undefined): string {
  if (sequence === undefined) return '';
  return typeof sequence === 'number' ? `i${String(sequence).padStart(20, '0')}` : `s${sequence}`;
}

/** What orders one movement against the others of its SKU, location and bucket. */
export interface OrderedFields {
  occurredAt: string;
  sourceEventTime?: string | undefined;
  sourceSequence?: number | string | undefined;
  movementId: string;
}

/**
 * The ordering key of a movement: occurredAt, then the source's event time, then its sequence,
 * then the movement id. It is a total order, so the state computed from a set of movements never
 * depends on the order they arrived in. A count with key K replaces its bucket; deltas with a key
 * above K are applied on top of it, the others are already in the count.
 */
export function orderKey(fields: OrderedFields): string {
  return orderKeyOf(
    normalizeTime(fields.occurredAt),
    fields.sourceEventTime === undefined ? undefined : normalizeTime(fields.sourceEventTime),
    fields.sourceSequence,
    fields.movementId,
  );
}

/** {@link orderKey} of times already passed through {@link normalizeTime}. */
export function orderKeyOf(occurredAt: string, sourceEventTime: string | undefined, sourceSequence: number | string | undefined, movementId: string): string {
  return `${occurredAt}${SEPARATOR}${sourceEventTime ?? ''}${SEPARATOR}${sequenceKey(sourceSequence)}${SEPARATOR}${movementId}`;
}

/** Compares two ordering keys byte-wise, as PostgreSQL's "C" collation does. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
