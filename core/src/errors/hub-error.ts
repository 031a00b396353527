import { ERROR_CODES, type ErrorCode } from './error-codes.ts';

/** One violated rule inside a document, located by a JSON pointer. */
export interface FieldError {
  /** JSON pointer to the offending value, e.g. `/lines/0/sku` (empty string for the root). */
  path: string;
  /** What is wrong, in plain words. */
  message: string;
  /** The JSON Schema keyword (or other rule name) that was broken. */
  keyword: string;
}

/** Options of a {@link HubError}. */
export interface HubErrorOptions {
  detail?: string;
  errors?: FieldError[];
  cause?: unknown;
}

/**
 * An error that carries one of omnihub's error codes. The facade turns it into RFC 9457
 * problem+json; the CLI prints its message and exits non-zero.
 *
 * @example
 * throw new HubError('schema-not-found', { detail: 'No schema order@9' });
 */
export class HubError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly errors: FieldError[];

  constructor(code: ErrorCode, options: HubErrorOptions = {}) {
    super(options.detail ?? ERROR_CODES[code].title, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    this.code = code;
    this.status = ERROR_CODES[code].status;
    this.errors = options.errors ?? [];
  }
}

/** True when `value` is a {@link HubError}. */
export function isHubError(value: unknown): value is HubError {
  return value instanceof HubError;
}
