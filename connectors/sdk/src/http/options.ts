import type { Clock, ConnectorLogger } from '../context.ts';
import type { CircuitBreakerOptions } from './circuit-breaker.ts';
import type { RateLimitOptions, Sleep } from './rate-limiter.ts';

/**
 * Settings of {@link createHttpClient}; one client per connector instance.
 *
 * @example
 * const options: HttpClientOptions = { allowedHosts: ['*.myshopify.com'], logger, secrets: [config.accessToken], rateLimit: { requestsPerSecond: 2, burst: 40 } };
 */
export interface HttpClientOptions {
  /** Hosts the client may call: exact names or `*.suffix` wildcards. Anything else is refused before any I/O. */
  allowedHosts: readonly string[];
  /** Receives one debug line per attempt and a warning per retry, all redacted. */
  logger: ConnectorLogger;
  /** Values never to write to a log line or an error message (the instance's secret config fields). */
  secrets?: readonly string[] | undefined;
  /** Per-attempt timeout (default 10 000 ms); a request may override it. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt (default 3). */
  retries?: number | undefined;
  /** Base of the exponential backoff (default 200 ms). */
  minRetryDelayMs?: number | undefined;
  /** Cap of the exponential backoff (default 5 000 ms). */
  maxRetryDelayMs?: number | undefined;
  /**
   * Longest Retry-After the client waits for in process (default 30 000 ms); a longer one ends the
   * request at once with a RateLimitedFailure carrying it, so the hub reschedules the work instead.
   */
  maxRetryAfterMs?: number | undefined;
  /** Request budget of this client (none by default). */
  rateLimit?: RateLimitOptions | undefined;
  /** Circuit breaker settings, or false to turn it off (on by default: 5 failures, 30 s). */
  circuitBreaker?: CircuitBreakerOptions | false | undefined;
  /** `user-agent` header (default `omnihub-connector-sdk`). */
  userAgent?: string | undefined;
  /** Time source for Retry-After dates, the rate limit and the circuit breaker. */
  clock?: Clock | undefined;
  /** How the client waits between retries and for rate-limit tokens (tests pass virtual time). */
  sleep?: Sleep | undefined;
  /** Jitter source, a number in [0, 1) (default `Math.random`). */
  random?: (() => number) | undefined;
}

/** {@link HttpClientOptions} with every default filled in. */
export interface ResolvedHttpClientOptions {
  allowedHosts: readonly string[];
  logger: ConnectorLogger;
  secrets: readonly string[];
  timeoutMs: number;
  retries: number;
  minRetryDelayMs: number;
  maxRetryDelayMs: number;
  maxRetryAfterMs: number;
  rateLimit: RateLimitOptions | undefined;
  circuitBreaker: CircuitBreakerOptions | false;
  userAgent: string;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
}

const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Fills in defaults and checks the numbers. */
export function resolveOptions(options: HttpClientOptions): ResolvedHttpClientOptions {
  const resolved: ResolvedHttpClientOptions = {
    allowedHosts: options.allowedHosts,
    logger: options.logger,
    secrets: options.secrets ?? [],
    // 10 s: long enough for a slow vendor page, short enough for a handler's delivery budget.
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 3,
    minRetryDelayMs: options.minRetryDelayMs ?? 200,
    maxRetryDelayMs: options.maxRetryDelayMs ?? 5_000,
    maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
    rateLimit: options.rateLimit,
    circuitBreaker: options.circuitBreaker ?? {},
    userAgent: options.userAgent ?? 'omnihub-connector-sdk',
    clock: options.clock ?? { now: () => new Date() },
    sleep: options.sleep ?? realSleep,
    random: options.random ?? Math.random,
  };
  for (const name of ['timeoutMs', 'retries', 'minRetryDelayMs', 'maxRetryDelayMs', 'maxRetryAfterMs'] as const) {
    const value = resolved[name];
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`HTTP client option ${name} must be a finite number of 0 or more, got ${value}`);
  }
  if (!Number.isInteger(resolved.retries)) throw new RangeError(`HTTP client option retries must be an integer, got ${resolved.retries}`);
  return resolved;
}
