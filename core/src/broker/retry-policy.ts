/** How a subscription retries transient failures. */
export interface RetryPolicy {
  /** Attempts in all, the first delivery included (default 5). */
  maxAttempts: number;
  /** Ceiling of the first retry's delay (default 1 s). */
  initialDelayMs: number;
  /** Ceiling of any delay (default 5 min). */
  maxDelayMs: number;
}

/** Defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, initialDelayMs: 1000, maxDelayMs: 5 * 60_000 };

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, initial × 2^(attempt−1))].
 * Full jitter spreads retries of a burst so they do not hit a recovering vendor together.
 * A rate-limited failure waits at least its retry-after.
 */
export function retryDelay(policy: RetryPolicy, attempt: number, retryAfterMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.max(retryAfterMs, Math.round(random() * ceiling));
}
