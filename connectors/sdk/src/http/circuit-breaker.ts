import type { Clock } from '../context.ts';

/** When a client stops calling a failing vendor. */
export interface CircuitBreakerOptions {
  /** Consecutive failed calls (network error, timeout, 5xx) that open the circuit (default 5). */
  failureThreshold?: number | undefined;
  /** How long it stays open before one probe call is let through (default 30 000 ms). */
  openMs?: number | undefined;
}

/** The breaker's state. */
export type CircuitState = 'closed' | 'open' | 'half-open';

/** A permit from {@link CircuitBreaker.enter}: report its outcome exactly once. */
export type CircuitPermit = { allowed: true; probe: boolean } | { allowed: false; retryInMs: number };

/**
 * Counts consecutive failed calls; at the threshold it opens and refuses calls for `openMs`,
 * then lets a single probe through (half-open). The probe's success closes it, its failure
 * opens it again for another `openMs`.
 *
 * @example
 * const breaker = new CircuitBreaker({ failureThreshold: 5, openMs: 30_000 }, { now: () => new Date() });
 * const permit = breaker.enter();
 * if (permit.allowed) { const ok = await call(); breaker.leave(permit.probe, ok); }
 */
export class CircuitBreaker {
  readonly #threshold: number;
  readonly #openMs: number;
  readonly #clock: Clock;
  readonly #onChange: (state: CircuitState) => void;
  #state: CircuitState = 'closed';
  #failures = 0;
  #openedAt = 0;
  #probing = false;

  constructor(options: CircuitBreakerOptions, clock: Clock, onChange: (state: CircuitState) => void = () => undefined) {
    this.#threshold = options.failureThreshold ?? 5;
    this.#openMs = options.openMs ?? 30_000;
    if (!Number.isInteger(this.#threshold) || this.#threshold < 1) throw new RangeError(`circuitBreaker.failureThreshold must be a positive integer, got ${this.#threshold}`);
    if (!(this.#openMs >= 0)) throw new RangeError(`circuitBreaker.openMs must be 0 or more, got ${this.#openMs}`);
    this.#clock = clock;
    this.#onChange = onChange;
  }

  /** The current state. */
  get state(): CircuitState {
    return this.#state;
  }

  /** Asks to make a call. */
  enter(): CircuitPermit {
    if (this.#state === 'closed') return { allowed: true, probe: false };
    const sinceOpen = this.#clock.now().getTime() - this.#openedAt;
    if (this.#state === 'open' && sinceOpen >= this.#openMs) {
      this.#set('half-open');
      this.#probing = true;
      return { allowed: true, probe: true };
    }
    if (this.#state === 'half-open' && !this.#probing) {
      this.#probing = true;
      return { allowed: true, probe: true };
    }
    return { allowed: false, retryInMs: Math.max(0, this.#openMs - sinceOpen) };
  }

  /** Reports the outcome of an allowed call: `ok` false for a network error, timeout or 5xx. */
  leave(probe: boolean, ok: boolean): void {
    if (probe) {
      this.#probing = false;
      if (ok) this.#close();
      else this.#open();
      return;
    }
    // Calls that started before the circuit opened do not change it once it is open.
    if (this.#state !== 'closed') return;
    if (ok) {
      this.#failures = 0;
      return;
    }
    this.#failures += 1;
    if (this.#failures >= this.#threshold) this.#open();
  }

  #open(): void {
    this.#openedAt = this.#clock.now().getTime();
    this.#set('open');
  }

  #close(): void {
    this.#failures = 0;
    this.#set('closed');
  }

  #set(state: CircuitState): void {
    if (state === this.#state) return;
    this.#state = state;
    this.#onChange(state);
  }
}
