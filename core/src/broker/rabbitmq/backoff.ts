/** Bounds of an exponential backoff, in milliseconds. */
export interface BackoffOptions {
  /** Delay before the first retry (before jitter). */
  minMs: number;
  /** Ceiling of every delay. */
  maxMs: number;
}

/** Reconnect and channel-reopen delays when the caller sets none: fast first retry, 30 s ceiling. */
export const DEFAULT_BACKOFF: BackoffOptions = { minMs: 100, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (0-based): `minMs * 2^attempt` capped at `maxMs`, with
 * "equal jitter" (uniform in the upper half). The lower half stays empty so a flapping broker is
 * never hammered, and the random upper half spreads the reconnects of many workers after a restart.
 */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxMs, options.minMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}
