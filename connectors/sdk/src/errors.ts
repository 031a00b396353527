/**
 * The closed set of failure kinds. The kind, not the message, decides what the hub does next:
 *
 * | kind | what happens |
 * |---|---|
 * | `transient` | retried with exponential backoff and full jitter |
 * | `rate-limited` | retried no sooner than its `retryAfterMs` |
 * | `permanent` | dead-lettered at once (retrying cannot help) |
 * | `invalid` | dead-lettered at once: the message itself is unparseable or breaks its schema |
 * | `configuration` | the subscriber or connector instance is paused until someone fixes its settings |
 * | `authentication` | like `configuration`: credentials are wrong or expired |
 */
export const FAILURE_KINDS = ['transient', 'rate-limited', 'permanent', 'invalid', 'configuration', 'authentication'] as const;

/** One failure kind. */
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** Options shared by every {@link HandlerFailure}. */
export interface FailureOptions {
  /** Short machine-readable code, e.g. `vendor.http.503` or `shopify.user-error`. */
  code?: string;
  cause?: unknown;
}

/**
 * Base of the failure classes a handler or connector throws to tell the hub what to do.
 * Any other error is treated as `transient` (a bug may be fixed by a later deploy) until the
 * subscription's attempts run out.
 *
 * @example
 * throw new PermanentFailure('SKU unknown at the vendor', { code: 'vendor.sku-unknown' });
 */
export class HandlerFailure extends Error {
  readonly kind: FailureKind;
  readonly code: string;

  constructor(kind: FailureKind, message: string, options: FailureOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.kind = kind;
    this.code = options.code ?? kind;
  }
}

/**
 * A failure that may pass on its own: a timeout, a 5xx, a dropped connection.
 *
 * @example
 * throw new TransientFailure('vendor answered 503', { code: 'vendor.http.503' });
 */
export class TransientFailure extends HandlerFailure {
  constructor(message: string, options: FailureOptions = {}) {
    super('transient', message, options);
  }
}

/**
 * The vendor asked us to slow down; retry no sooner than `retryAfterMs`.
 *
 * @example
 * throw new RateLimitedFailure('429 from Shopify', 2000, { code: 'vendor.http.429' });
 */
export class RateLimitedFailure extends HandlerFailure {
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, options: FailureOptions = {}) {
    super('rate-limited', message, options);
    this.retryAfterMs = Math.max(0, retryAfterMs);
  }
}

/**
 * A failure retrying cannot fix: the vendor refused the request as invalid (4xx validation).
 *
 * @example
 * throw new PermanentFailure('order already cancelled at the vendor', { code: 'vendor.http.422' });
 */
export class PermanentFailure extends HandlerFailure {
  constructor(message: string, options: FailureOptions = {}) {
    super('permanent', message, options);
  }
}

/**
 * The message itself is bad: unparseable, or its payload breaks the canonical schema.
 *
 * @example
 * throw new InvalidMessageFailure('/data/order/lines/0/sku is required', { code: 'schema.required' });
 */
export class InvalidMessageFailure extends HandlerFailure {
  constructor(message: string, options: FailureOptions = {}) {
    super('invalid', message, options);
  }
}

/**
 * Settings are wrong (a missing location mapping, an unknown shop); pause until fixed.
 *
 * @example
 * throw new ConfigurationFailure('no Square location mapped for store berlin-1');
 */
export class ConfigurationFailure extends HandlerFailure {
  constructor(message: string, options: FailureOptions = {}) {
    super('configuration', message, options);
  }
}

/**
 * Credentials were refused (401/403 from the vendor); pause until they are replaced.
 *
 * @example
 * throw new AuthenticationFailure('Shopify access token revoked', { code: 'vendor.http.401' });
 */
export class AuthenticationFailure extends HandlerFailure {
  constructor(message: string, options: FailureOptions = {}) {
    super('authentication', message, options);
  }
}

/** True when `value` is one of the failure classes above. */
export function isHandlerFailure(value: unknown): value is HandlerFailure {
  return value instanceof HandlerFailure;
}
