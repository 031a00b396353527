import type { Clock } from '../context.ts';

/**
 * A clock that stands still until told to move, with a `sleep` that moves it instead of waiting:
 * pass both to the HTTP client and retries, Retry-After waits and rate-limit spacing run at once
 * while `sleeps` records every requested delay. Each sleep moves the clock when it is called, so
 * concurrent sleepers move it by the sum of their delays.
 */
export interface TestClock extends Clock {
  /** Moves the clock forward by `ms`. */
  advance: (ms: number) => void;
  /** Sets the clock to `date`. */
  set: (date: Date | string | number) => void;
  /** Records `ms` in {@link TestClock.sleeps}, advances the clock by it and resolves without waiting. */
  sleep: (ms: number) => Promise<void>;
  /** Every delay passed to {@link TestClock.sleep}, in order. */
  readonly sleeps: number[];
}

/**
 * A {@link TestClock} starting at `start` (default: the current time).
 *
 * @example
 * const clock = fixedClock('2025-03-01T12:00:00Z');
 * const http = createHttpClient({ allowedHosts, logger, clock, sleep: clock.sleep });
 * // ... after a retried request:
 * assert.deepEqual(clock.sleeps, [2000]);
 */
export function fixedClock(start: Date | string | number = new Date()): TestClock {
  let now = toMs(start);
  const sleeps: number[] = [];
  return {
    now: () => new Date(now),
    advance: (ms) => {
      now += ms;
    },
    set: (date) => {
      now = toMs(date);
    },
    sleep: async (ms) => {
      sleeps.push(ms);
      now += Math.max(0, ms);
      await Promise.resolve();
    },
    sleeps,
  };
}

function toMs(date: Date | string | number): number {
  const ms = date instanceof Date ? date.getTime() : typeof date === 'number' ? date : Date.parse(date);
  if (!Number.isFinite(ms)) throw new RangeError(`fixedClock needs a valid date, got ${String(date)}`);
  return ms;
}
