import {
  AuthenticationFailure,
  ConfigurationFailure,
  FAILURE_KINDS,
  HandlerFailure,
  InvalidMessageFailure,
  PermanentFailure,
  RateLimitedFailure,
  TransientFailure,
  type FailureKind,
  type Redactor,
} from '@omnihub/connector-sdk';

function kindOf(error: Error): FailureKind | undefined {
  const kind = (error as { kind?: unknown }).kind;
  return typeof kind === 'string' && (FAILURE_KINDS as readonly string[]).includes(kind) ? (kind as FailureKind) : undefined;
}

function rebuild(kind: FailureKind, message: string, code: string, retryAfterMs: number, cause: unknown): HandlerFailure {
  const options = { code, cause };
  switch (kind) {
    case 'transient':
      return new TransientFailure(message, options);
    case 'rate-limited':
      return new RateLimitedFailure(message, retryAfterMs, options);
    case 'permanent':
      return new PermanentFailure(message, options);
    case 'invalid':
      return new InvalidMessageFailure(message, options);
    case 'configuration':
      return new ConfigurationFailure(message, options);
    case 'authentication':
      return new AuthenticationFailure(message, options);
  }
}

/**
 * A connector's error as the hub's own failure class, with the instance's secrets removed from
 * its message and stack. Failures made by another copy of the SDK (a plugin that bundles its own)
 * keep their kind; anything else stays as it is (the hub treats it as transient).
 */
export function adoptFailure(error: unknown, redact: Redactor): unknown {
  if (!(error instanceof Error)) return error;
  const kind = kindOf(error);
  const message = redact(error.message);
  if (kind === undefined) {
    if (message === error.message) return error;
    const copy = new Error(message, { cause: error });
    copy.name = error.name;
    return copy;
  }
  if (error instanceof HandlerFailure && message === error.message) return error;
  const code = typeof (error as { code?: unknown }).code === 'string' ? String((error as { code?: unknown }).code) : kind;
  const retryAfter = (error as { retryAfterMs?: unknown }).retryAfterMs;
  const adopted = rebuild(kind, message, code, typeof retryAfter === 'number' ? retryAfter : 0, error);
  if (error.stack !== undefined) adopted.stack = redact(error.stack);
  return adopted;
}
