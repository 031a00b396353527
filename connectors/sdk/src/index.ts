/**
 * @omnihub/connector-sdk: the only package an omnihub connector depends on.
 */
export {
  FAILURE_KINDS,
  HandlerFailure,
  TransientFailure,
  RateLimitedFailure,
  PermanentFailure,
  InvalidMessageFailure,
  ConfigurationFailure,
  AuthenticationFailure,
  isHandlerFailure,
  type FailureKind,
  type FailureOptions,
} from './errors.ts';
export { SYSTEM_KINDS, SECRET_KEYWORD, type SystemKind, type JsonSchema, type ConnectorManifest, type WebhookCapability, type PollingCapability, type ActionCapability } from './manifest.ts';
export type { ConnectorContext, ConnectorLogger, HttpClient, HttpRequest, HttpResponse, HttpMethod, CursorStore, Clock } from './context.ts';
export {
  defineConnector,
  capabilityFindings,
  type ConnectorDefinition,
  type WebhookHandler,
  type WebhookRequest,
  type VerifyResult,
  type VendorRecord,
  type Poller,
  type PollResult,
  type ActionHandler,
  type ActionInput,
  type ActionResult,
} from './define-connector.ts';
export { createHttpClient } from './http/create-http-client.ts';
export { perHttpClient } from './http/per-client.ts';
export type { HttpClientOptions } from './http/options.ts';
export { classifyHttpStatus, classifyNetworkError, headerValue, DEFAULT_RATE_LIMIT_WAIT_MS, MAX_QUOTED_BODY, type ClassifyContext } from './http/classify.ts';
export { parseRetryAfter } from './http/retry-after.ts';
export { isHostAllowed, assertUrlAllowed, hostOf, resolveAllowedHosts } from './http/host-allow-list.ts';
export { TokenBucket, type RateLimitOptions, type Sleep } from './http/rate-limiter.ts';
export { CircuitBreaker, type CircuitBreakerOptions, type CircuitState, type CircuitPermit } from './http/circuit-breaker.ts';
export { isIdempotent, backoffDelay, type BackoffOptions } from './http/retry.ts';
export { encodeForm } from './http/encode-request.ts';
export { createRedactor, redactValue, redactingLogger, secretValuesOf, REDACTED, SENSITIVE_KEY, type Redactor } from './redact.ts';
export { PayloadReader, type PayloadReaderOptions } from './payload-reader.ts';
export { TtlCache } from './ttl-cache.ts';
export { hmacSha256, timingSafeEqualString, verifyHmacSha256, isFresh, type SignatureEncoding, type VerifyHmacOptions } from './signatures.ts';
