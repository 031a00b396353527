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
