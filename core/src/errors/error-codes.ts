/**
 * The closed set of error codes omnihub reports. Each code has one HTTP status and one
 * sentence of meaning; `docs/errors.md` documents every code and a test keeps the two in step.
 */
export const ERROR_CODES = {
  'bad-request': { status: 400, title: 'Bad request' },
  'malformed-json': { status: 400, title: 'Malformed JSON body' },
  unauthorized: { status: 401, title: 'Missing or invalid API key' },
  forbidden: { status: 403, title: 'API key lacks the required scope' },
  'not-found': { status: 404, title: 'Resource not found' },
  'schema-not-found': { status: 404, title: 'Schema not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'idempotency-key-conflict': { status: 409, title: 'Idempotency key reused with another request' },
  'payload-too-large': { status: 413, title: 'Request body too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'validation-failed': { status: 422, title: 'Validation failed' },
  'unknown-event-type': { status: 422, title: 'Unknown event type or version' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  'not-ready': { status: 503, title: 'Service not ready' },
} as const satisfies Record<string, { status: number; title: string }>;

/** One of omnihub's documented error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Every error code, in declaration order. */
export const errorCodes = Object.keys(ERROR_CODES) as ErrorCode[];
