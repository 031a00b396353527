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
