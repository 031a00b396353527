import { HubError, isHubError, type FieldError } from '../errors/hub-error.ts';
import type { ErrorCode } from '../errors/error-codes.ts';

/**
 * The error of a command reply, as a caller receives it: Nest's `{ status: 'error', message }`
 * shape (what its `RpcException` sends), with the hub's stable error `code` and the field errors of
 * a `validation-failed`.
 */
export interface CommandError {
  status: 'error';
  code: ErrorCode;
  message: string;
  errors?: FieldError[];
}

/**
 * Turns anything a handler threw into the error sent back to the caller. A `HubError` keeps its
 * code, message and field errors; anything else is `internal` with a generic message (the cause is
 * logged by the transport, never sent: it may name internals).
 */
export function commandError(error: unknown): CommandError {
  if (isHubError(error)) {
    return { status: 'error', code: error.code, message: error.message, ...(error.errors.length === 0 ? {} : { errors: error.errors }) };
  }
  return { status: 'error', code: 'internal', message: 'the hub could not run the command; it was logged' };
}

/** The error for a pattern no handler takes, naming the ones that exist. */
export function unknownCommand(pattern: string, known: readonly string[]): HubError {
  return new HubError('not-found', { detail: `no hub command "${pattern}"; the hub takes ${known.join(', ')}` });
}
