import type { Clock } from '../context.ts';

/** A client's request budget. */
export interface RateLimitOptions {
  /** Sustained rate. */
  requestsPerSecond: number;
  /** Requests that may go at once after a quiet spell (default: one second's worth, at least 1). */
  burst?: number | undefined;
}

/** Waits `ms` milliseconds (injectable so tests run on virtual time). */
export type Sleep = (ms: number) => Promise<void>;

/**
 * A token bucket: `burst` tokens, refilled at `requestsPerSecond`. Each request takes one token;
 * when none is left it reserves the next one and waits until it is due, so concurrent callers
 * are served in arrival order and spaced evenly.
 *
 * @example
 * const bucket = new TokenBucket({ requestsPerSecond: 2, burst: 1 }, { now: () => new Date() }, (ms) => new Promise((r) => setTimeout(r, ms)));
 * await bucket.take(); // at once
 * await bucket.take(); // about 500 ms later
 */
export class TokenBucket {
  readonly #rate: number;
  readonly #burst: number;
  readonly #clock: Clock;
  readonly #sleep: Sleep;
  #tokens: number;
  #updatedAt: number;

  constructor(options: RateLimitOptions, clock: Clock, sleep: Sleep) {
    if (!(options.requestsPerSecond > 0) || !Number.isFinite(options.requestsPerSecond)) {
      throw new RangeError(`rateLimit.requestsPerSecond must be a positive number, got ${options.requestsPerSecond}`);
    }
    const burst = options.burst ?? Math.max(1, Math.floor(options.requestsPerSecond));
    if (!(burst >= 1) || !Number.isFinite(burst)) throw new RangeError(`rateLimit.burst must be at least 1, got ${burst}`);
    this.#rate = options.requestsPerSecond;
    this.#burst = burst;
    this.#clock = clock;
    this.#sleep = sleep;
    this.#tokens = burst;
    this.#updatedAt = clock.now().getTime();
  }

  /** Takes one token, waiting for it when the bucket is empty; resolves to the ms waited. */
  async take(): Promise<number> {
    const now = this.#clock.now().getTime();
    const elapsed = Math.max(0, now - this.#updatedAt);
    this.#tokens = Math.min(this.#burst, this.#tokens + (elapsed * this.#rate) / 1000);
    this.#updatedAt = now;
    this.#tokens -= 1;
    if (this.#tokens >= 0) return 0;
    const waitMs = Math.ceil((-this.#tokens * 1000) / this.#rate);
    await this.#sleep(waitMs);
    return waitMs;
  }
}
