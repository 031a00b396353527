/**
 * @omnihub/core: the engine. Named exports only; each group is documented at its source.
 */
export { ERROR_CODES, errorCodes, type ErrorCode } from './errors/error-codes.ts';
export { HubError, isHubError, type FieldError, type HubErrorOptions } from './errors/hub-error.ts';
export { loadConfig, HUB_ROLES, type HubConfig, type HubRole } from './config/config.ts';
export { createLogger, scrubSecrets, REDACTED_PATHS, type LoggerOptions } from './logging/logger.ts';
export { withCorrelation, currentCorrelation, type CorrelationContext } from './logging/correlation.ts';
export { CLOUD_EVENT_SCHEMA, type CloudEvent } from './envelope/cloud-event.ts';
export { defineEvent, createEvent, type EventDefinition, type EventOptions, type PayloadOf } from './events/define-event.ts';
export { validateIncomingEvent, acceptEvent, type ValidatedEvent, type AcceptOutcome } from './events/event-intake.ts';
export { SchemaRegistry, SCHEMAS_DIR, type SchemaSummary, type ValidationResult, type JsonSchema } from './schema/registry.ts';
export { parseSchemaRef, parseSchemaId, schemaId, SCHEMA_ID_BASE, type SchemaRef } from './schema/schema-ref.ts';
export { toFieldErrors, describeFieldErrors, pointerSegment } from './schema/field-errors.ts';
export { pointerWithin } from './schema/json-pointer.ts';
export type { Upcaster } from './schema/upcaster.ts';
export { UPCASTERS } from './schema/upcasters/index.ts';
export { probe, sqlLiteral, sqlArray, type Store, type SqlExecutor, type QueryResult, type Row, type StoreHealth } from './store/store.ts';
export { runTogether, type SqlStatement } from './store/statements.ts';
export { prepared } from './store/prepared.ts';
export { openPostgresStore, type PostgresStoreOptions } from './store/postgres-store.ts';
export { openPgliteStore, type PgliteStoreOptions } from './store/pglite-store.ts';
export { openStore, type StoreSelection } from './store/open-store.ts';
export { migrate, readMigrations, MIGRATIONS_DIR, type Migration, type MigrationReport } from './store/migrations.ts';
export { Coalescer } from './store/coalescer.ts';
export { SCOPES, isScope, scopeAllows, type Scope } from './auth/scopes.ts';
export {
  createApiKey,
  verifyApiKey,
  verifyApiKeys,
  countActiveKeys,
  ensureAdminKey,
  listApiKeys,
  revokeApiKey,
  type ApiKeySummary,
  type ApiKeyRecord,
  type IssuedApiKey,
  type AdminKeyOutcome,
} from './auth/api-keys.ts';
export type { Transport, TransportMessage, InboundMessage, Settlement, QueueSpec, ConsumerHandle } from './broker/transport.ts';
export { openEmbeddedTransport, type EmbeddedTransportOptions } from './broker/embedded/embedded-transport.ts';
export { openRabbitTransport, type RabbitTransportOptions } from './broker/rabbitmq/rabbitmq-transport.ts';
export { deleteRabbitTopology } from './broker/rabbitmq/delete-topology.ts';
export { topologyNames, type TopologyNames } from './broker/rabbitmq/topology.ts';
export { topicMatches, topicPatternToRegex } from './broker/topic-pattern.ts';
export { encodeEvent, decodeEvent, CE_PREFIX, ATTEMPT_HEADER, HISTORY_HEADER, type AttemptRecord, type DecodedMessage } from './broker/wire.ts';
export { DEFAULT_RETRY_POLICY, retryDelay, type RetryPolicy } from './broker/retry-policy.ts';
export { classifyFailure, type ClassifiedFailure } from './broker/classify.ts';
export { OutboxRelay, enqueueOutbox, enqueueOutboxMany, enqueueForSubscriber, type OutboxRelayOptions } from './broker/outbox.ts';
export { OutboxClaim, claimOutboxRows, outboxClaimOf, outboxSavepoint, type OutboxRow, type OutboxSavepoint } from './broker/outbox-claim.ts';
export { listSubscribers, resumeSubscriber, type SubscriberState } from './broker/subscribers.ts';
export { EventBus, type EventBusDeps, type HandlerContext, type Subscription, type SubscriptionSpec, type EventsOf } from './broker/event-bus.ts';
export { BrokerMetrics } from './broker/broker-metrics.ts';
export { openBroker, type Broker, type BrokerOptions } from './broker/broker.ts';
export { logOutcome, traceOf, pruneMessageLog, pruneInbox, type MessageOutcome, type MessageLogEntry, type TraceStep } from './broker/message-log.ts';
export { recordAudit, readAudit, contentHash, type AuditEntry, type AuditRecord } from './broker/audit-log.ts';
export {
  recordDeadLetter,
  listDeadLetters,
  selectDeadLetters,
  getDeadLetter,
  deleteDeadLetter,
  type DeadLetter,
  type NewDeadLetter,
  type DeadLetterFilter,
  type DeadLetterPage,
} from './broker/dead-letters/dead-letter-store.ts';
export { applyJsonPatch, type PatchOperation } from './broker/dead-letters/json-patch.ts';
export { replayDeadLetters, type ReplayRequest, type ReplayReport, type ReplayItem, type ReplayDeps } from './broker/dead-letters/replay.ts';
export * as Events from './events/catalog.ts';
export { EVENT_CATALOG } from './events/catalog.ts';
export * from './mappings/index.ts';
export * from './connectors/index.ts';
export * from './stock/index.ts';
export * from './locations/index.ts';
export * from './routing/index.ts';
export * from './orders/index.ts';
export * from './returns/index.ts';
export * from './customers/index.ts';
export * from './notifications/index.ts';
export type { Location } from './locations/index.ts';
export { outboxEmitter, type Emit } from './orders/index.ts';
export { startNestRpcServer, RPC_QUEUE_ARGUMENTS, type NestRpcServer, type NestRpcServerOptions } from './broker/rabbitmq/nest-rpc-server.ts';
export * from './interop/index.ts';
