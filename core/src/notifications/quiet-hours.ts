/** A daily window in local time in which no notification may be delivered. */
export interface QuietHours {
  /** HH:MM, 24-hour. */
  start: string;
  /** HH:MM; earlier than start when the window spans midnight. */
  end: string;
  /** IANA time zone, e.g. Europe/Berlin. */
  timeZone: string;
}

interface LocalTime {
  year: number;
  month: number;
  day: number;
  minutes: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format;
}

function localTime(instant: Date, timeZone: string): LocalTime & { seconds: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((part) => [part.type, part.value]));
  return { year: Number(parts['year']), month: Number(parts['month']), day: Number(parts['day']), minutes: Number(parts['hour']) * 60 + Number(parts['minute']), seconds: Number(parts['second']) };
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetMinutes(instant: number, timeZone: string): number {
  const local = localTime(new Date(instant), timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, 0, local.minutes, local.seconds);
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60_000);
}

/** The instant a local wall-clock time occurs in a zone (the later offset wins across a DST change). */
function zonedToUtc(year: number, month: number, day: number, minutes: number, timeZone: string): Date {
  const guess = Date.UTC(year, month - 1, day, 0, minutes);
  const first = guess - offsetMinutes(guess, timeZone) * 60_000;
  const second = guess - offsetMinutes(first, timeZone) * 60_000;
  return new Date(second);
}

function parseMinutes(hhmm: string): number {
  const [h = '0', m = '0'] = hhmm.split(':');
  return Number(h) * 60 + Number(m);
}

/** Whether a time zone name is one this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * When the quiet window that `now` falls in ends, or undefined when `now` is outside it (a
 * notification may go at once). A window whose start equals its end is empty.
 */
export function quietUntil(now: Date, window: QuietHours): Date | undefined {
  const start = parseMinutes(window.start);
  const end = parseMinutes(window.end);
  if (start === end) return undefined;
  const local = localTime(now, window.timeZone);
  const inside = start < end ? local.minutes >= start && local.minutes < end : local.minutes >= start || local.minutes < end;
  if (!inside) return undefined;
  const endsTomorrow = start > end && local.minutes >= start;
  const date = new Date(Date.UTC(local.year, local.month - 1, local.day + (endsTomorrow ? 1 : 0)));
  return zonedToUtc(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), end, window.timeZone);
}
