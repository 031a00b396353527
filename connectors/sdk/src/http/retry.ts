import type { HttpRequest, HttpResponse } from '../context.ts';

/** What one attempt ended with, when it did not give the caller a response. */
export type AttemptOutcome =
  | { kind: 'response'; response: HttpResponse }
  | { kind: 'network'; errorCode: string; detail: string; timedOut: boolean };

/** Carries a failed attempt through p-retry; turned into an SDK failure once retrying stops. */
export class AttemptFailed extends Error {
  readonly outcome: AttemptOutcome;

  constructor(outcome: AttemptOutcome) {
    super(outcome.kind === 'response' ? `status ${outcome.response.status}` : outcome.errorCode);
    this.name = 'AttemptFailed';
    this.outcome = outcome;
  }
}

const IDEMPOTENT_METHODS = new Set(['GET', 'PUT', 'DELETE']);
const IDEMPOTENCY_HEADERS = new Set(['idempotency-key', 'x-idempotency-key']);
// The connection was refused or the name did not resolve: the request never left, so resending is safe.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND']);

/**
 * Whether resending `request` is safe: `idempotent` when given, else true for GET, PUT and
 * DELETE and for any request carrying an `Idempotency-Key` header.
 *
 * @example
 * isIdempotent({ method: 'POST', url, headers: { 'Idempotency-Key': key } }); // true
 */
export function isIdempotent(request: HttpRequest): boolean {
  if (request.idempotent !== undefined) return request.idempotent;
  if (IDEMPOTENT_METHODS.has(request.method)) return true;
  return Object.keys(request.headers ?? {}).some((name) => IDEMPOTENCY_HEADERS.has(name.toLowerCase()));
}

/**
 * Whether an attempt's outcome may be retried. 429 always may (the vendor refused the request
 * without acting on it, whatever the method), as may a connection that was never made;
 * 5xx, 408, timeouts and other network errors only for idempotent requests.
 */
export function isRetryable(outcome: AttemptOutcome, idempotent: boolean): boolean {
  if (outcome.kind === 'network') return idempotent || (!outcome.timedOut && NOT_SENT_CODES.has(outcome.errorCode));
  const { status } = outcome.response;
  if (status === 429) return true;
  return idempotent && (status === 408 || status >= 500);
}

/** True when the outcome says the vendor is down (counts towards the circuit breaker). */
export function isVendorFailure(outcome: AttemptOutcome | undefined): boolean {
  if (outcome === undefined) return false;
  return outcome.kind === 'network' || outcome.response.status >= 500;
}

/** Backoff bounds. */
export interface BackoffOptions {
  minRetryDelayMs: number;
  maxRetryDelayMs: number;
  /** A number in [0, 1); `Math.random` by default. */
  random: () => number;
}

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, min × 2^(retry-1))],
 * so clients that failed together do not retry together.
 *
 * @example
 * backoffDelay(3, { minRetryDelayMs: 200, maxRetryDelayMs: 5000, random: () => 0.5 }); // 400
 */
export function backoffDelay(retry: number, options: BackoffOptions): number {
  const ceiling = Math.min(options.maxRetryDelayMs, options.minRetryDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(options.random() * ceiling);
}
