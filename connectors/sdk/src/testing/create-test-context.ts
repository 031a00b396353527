import type { ConnectorContext } from '../context.ts';
import { createHttpClient } from '../http/create-http-client.ts';
import { resolveAllowedHosts } from '../http/host-allow-list.ts';
import type { HttpClientOptions } from '../http/options.ts';
import type { ConnectorManifest } from '../manifest.ts';
import { createRedactor, redactingLogger, secretValuesOf } from '../redact.ts';
import { captureLogger, type CapturedLogger } from './capture-logger.ts';
import { fixedClock, type TestClock } from './fixed-clock.ts';
import { memoryCursorStore, type MemoryCursorStore } from './memory-cursor-store.ts';

/** Input of {@link createTestContext}. */
export interface TestContextOptions<Config> {
  /** The instance config, as the runtime would hand it over (secrets decrypted). */
  config: Config;
  /** When given, its allowed hosts (with those from config) and its secret config fields are used. */
  manifest?: ConnectorManifest | undefined;
  /** Hosts allowed on top of the manifest's. */
  allowedHosts?: readonly string[] | undefined;
  /** Values to redact on top of the manifest's secret fields. */
  secrets?: readonly string[] | undefined;
  /** Default `test-instance`. */
  instanceId?: string | undefined;
  /** Default: a {@link fixedClock} at the current time. */
  clock?: TestClock | undefined;
  /** Default: an empty {@link memoryCursorStore}. */
  cursors?: MemoryCursorStore | undefined;
  /**
   * Other HTTP client settings. By default the client waits on the test clock's virtual `sleep`,
   * so retries and rate-limit waits take no real time; pass `sleep` to change that.
   */
  http?: Omit<HttpClientOptions, 'allowedHosts' | 'logger' | 'secrets' | 'clock'> | undefined;
}

/** A full connector context for tests, with handles on its parts. */
export interface TestContext<Config> extends ConnectorContext<Config> {
  clock: TestClock;
  cursors: MemoryCursorStore;
  /** Every line the connector and its HTTP client logged, already redacted. */
  logs: CapturedLogger;
  /** The secret values this context redacts. */
  secrets: readonly string[];
}

/**
 * Builds a {@link ConnectorContext} for a connector's tests: the real HTTP client (allow-list,
 * retries, rate limit, circuit breaker, redaction) on virtual time, a captured redacting logger,
 * an in-memory cursor store and a {@link fixedClock}.
 *
 * @example
 * const ctx = createTestContext({ manifest, config: { shop: 'acme', accessToken: 'shpat_x' } });
 * nock('https://acme.myshopify.com').post('/admin/api/2025-01/graphql.json').reply(200, { data: {} });
 * await connector.testConnection?.(ctx);
 * assert.doesNotMatch(ctx.logs.text(), /shpat_x/);
 */
export function createTestContext<Config>(options: TestContextOptions<Config>): TestContext<Config> {
  const { manifest, config } = options;
  const secrets = [...new Set([...(manifest === undefined ? [] : secretValuesOf(manifest.configSchema, config)), ...(options.secrets ?? [])])];
  const allowedHosts = [...new Set([...(manifest === undefined ? [] : resolveAllowedHosts(manifest, config)), ...(options.allowedHosts ?? [])])];
  const clock = options.clock ?? fixedClock();
  const logs = captureLogger();
  const logger = redactingLogger(logs, createRedactor(secrets));
  const http = createHttpClient({ ...options.http, sleep: options.http?.sleep ?? clock.sleep, allowedHosts, logger: logs, secrets, clock });
  return {
    instanceId: options.instanceId ?? 'test-instance',
    config,
    logger,
    http,
    cursors: options.cursors ?? memoryCursorStore(),
    clock,
    logs,
    secrets,
  };
}
