import { MappingFunctionError, quote } from './function-error.ts';

const OFFSET = /^(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)$/i;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

function normaliseOffset(offset: string): string {
  if (offset.toUpperCase() === 'Z') return 'Z';
  const digits = offset.replace(':', '');
  return `${digits.slice(0, 3)}:${digits.slice(3)}`;
}

/** Days of each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Whether the fields name a date and time that exists (no 30 February, no 24:00, no leap second). */
function realDateTime(year: number, month: number, day: number, hour: number, minute: number, second: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : (MONTH_DAYS[month - 1] ?? 31));
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function fromEpoch(millis: number): string {
  return new Date(millis).toISOString().replace('.000Z', 'Z');
}

/**
 * `$toIso(date, defaultOffset?)`: an RFC 3339 timestamp with an explicit offset, as canonical
 * schemas require. Accepts ISO 8601 date-times with or without `T`, seconds or fraction
 * (`2025-04-14 17:42`), a bare date (midnight), or epoch milliseconds; keeps the offset it is
 * given, else applies `defaultOffset` (`Z` unless given, e.g. `+02:00`). Nothing for nothing; an
 * error for text that is not a date or names an impossible one.
 */
export function toIso(date: unknown, defaultOffset?: unknown): string | undefined {
  if (date === undefined || date === null || date === '') return undefined;
  if (typeof date === 'number') {
    if (!Number.isFinite(date)) throw new MappingFunctionError('mapping.toIso.date', `$toIso: ${quote(date)} is not a time`, date);
    return fromEpoch(date);
  }
  const fallback = defaultOffset === undefined || defaultOffset === null ? 'Z' : typeof defaultOffset === 'string' ? defaultOffset : JSON.stringify(defaultOffset);
  if (!OFFSET.test(fallback)) {
    throw new MappingFunctionError('mapping.toIso.offset', `$toIso: default offset ${quote(defaultOffset)} is not Z or ±hh:mm`, defaultOffset);
  }
  const match = typeof date === 'string' ? DATE_TIME.exec(date.trim()) : null;
  if (match === null) throw new MappingFunctionError('mapping.toIso.date', `$toIso: ${quote(date)} is not an ISO 8601 date or date-time`, date);
  const [, year = '', month = '', day = '', hour = '00', minute = '00', second = '00', fraction = '', offset] = match;
  if (!realDateTime(Number(year), Number(month), Number(day), Number(hour), Number(minute), Number(second))) throw new MappingFunctionError('mapping.toIso.date', `$toIso: ${quote(date)} is not a real date and time`, date);
  return `${year}-${month}-${day}T${pad(Number(hour))}:${pad(Number(minute))}:${pad(Number(second))}${fraction}${normaliseOffset(offset ?? fallback)}`;
}
