import { isHandlerFailure, type FailureKind } from '@omnihub/connector-sdk';
import { isHubError } from '../errors/hub-error.ts';

/** A failure reduced to what decides the next step. */
export interface ClassifiedFailure {
  kind: FailureKind;
  code: string;
  message: string;
  stack: string | undefined;
  retryAfterMs: number;
}

/**
 * Maps any thrown value to a failure kind. Handler failures carry theirs; a schema violation is
 * `invalid`; anything else is `transient` (it may be a passing fault) until attempts run out.
 */
export function classifyFailure(error: unknown): ClassifiedFailure {
  const stack = error instanceof Error ? error.stack : undefined;
  const message = error instanceof Error ? error.message : String(error);
  if (isHandlerFailure(error)) {
    const retryAfterMs = 'retryAfterMs' in error && typeof error.retryAfterMs === 'number' ? error.retryAfterMs : 0;
    return { kind: error.kind, code: error.code, message, stack, retryAfterMs };
  }
  if (isHubError(error) && (error.code === 'validation-failed' || error.code === 'unknown-event-type' || error.code === 'schema-not-found')) {
    return { kind: 'invalid', code: `schema.${error.code}`, message, stack, retryAfterMs: 0 };
  }
  return { kind: 'transient', code: error instanceof Error ? `error.${error.name}` : 'error.unknown', message, stack, retryAfterMs: 0 };
}
