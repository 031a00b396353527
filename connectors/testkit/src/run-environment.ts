import { createHttpClient, createRedactor, resolveAllowedHosts, type Clock, type ConnectorContext, type ConnectorDefinition } from '@omnihub/connector-sdk';
import { captureLogger, fixedClock, memoryCursorStore, type CapturedLogger } from '@omnihub/connector-sdk/testing';
import type { ConformanceConfig, VendorDouble } from './conformance-config.ts';
import { secretFields, type SecretField } from './secrets.ts';

/** Instance id the connector sees during a kit run. */
export const CONFORMANCE_INSTANCE_ID = 'conformance';

/** Public URL the kit's webhook requests claim to be sent to. */
export const CONFORMANCE_WEBHOOK_URL = `https://hub.omnihub.test/v1/webhooks/${CONFORMANCE_INSTANCE_ID}`;

/** Longest one connector call may take before the check gives up on it. */
export const CALL_TIMEOUT_MS = 20_000;

/** What every check of one run shares. */
export interface RunEnvironment<Config> {
  connector: ConnectorDefinition<Config>;
  conformance: ConformanceConfig<Config>;
  config: Config;
  vendor: VendorDouble | undefined;
  /** Stands still for the whole run: webhook signatures and their freshness are judged against it. */
  clock: Clock;
  /** Every line the connector logged during the run, unredacted. */
  logs: CapturedLogger;
  secrets: SecretField[];
  /** A fresh context (own cursor store) for one connector call; the logger is shared. */
  context(): ConnectorContext<Config>;
  /** Keeps an error, a verify reason or a result, so the secrets check can scan it. */
  observe(value: unknown): void;
  observed(): readonly unknown[];
}

/**
 * Builds the run's environment. The HTTP client is the SDK's own, set up so that classification
 * is visible at once: no retries, no in-process Retry-After wait, no circuit breaker.
 */
export function createRunEnvironment<Config>(
  connector: ConnectorDefinition<Config>,
  conformance: ConformanceConfig<Config>,
  config: Config,
  vendor: VendorDouble | undefined,
): RunEnvironment<Config> {
  const clock = fixedClock(new Date());
  const logs = captureLogger();
  const observed: unknown[] = [];
  const secrets = secretFields(connector.manifest.configSchema, config);
  let allowedHosts: string[] = [...connector.manifest.allowedHosts];
  try {
    allowedHosts = resolveAllowedHosts(connector.manifest, config);
  } catch (error: unknown) {
    observed.push(error);
  }
  const http = createHttpClient({
    allowedHosts,
    logger: logs,
    secrets: secrets.map((secret) => secret.value),
    retries: 0,
    maxRetryAfterMs: 0,
    circuitBreaker: false,
    timeoutMs: 10_000,
    clock,
  });
  return {
    connector,
    conformance,
    config,
    vendor,
    clock,
    logs,
    secrets,
    context: () => ({ instanceId: CONFORMANCE_INSTANCE_ID, config, logger: logs, http, cursors: memoryCursorStore(), clock }),
    observe: (value) => observed.push(value),
    observed: () => observed,
  };
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Runs `work` with the console captured: each line printed goes to `sink` as is (for the secrets
 * check), and with the run's secrets redacted to `forward` (default: the console itself).
 */
export async function withConsoleCaptured<T>(secrets: readonly SecretField[], sink: (line: string) => void, work: () => Promise<T>, forward?: (line: string) => void): Promise<T> {
  const redact = createRedactor(secrets.map((secret) => secret.value));
  const saved = CONSOLE_METHODS.map((method) => [method, Object.getOwnPropertyDescriptor(console, method)] as const);
  for (const method of CONSOLE_METHODS) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]): void => {
      const line = args.map((arg) => (typeof arg === 'string' ? arg : safeJson(arg))).join(' ');
      sink(line);
      if (forward === undefined) original(redact(line));
      else forward(redact(line));
    };
  }
  try {
    return await work();
  } finally {
    for (const [method, descriptor] of saved) {
      if (descriptor !== undefined) Object.defineProperty(console, method, descriptor);
    }
  }
}

function safeJson(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}\n${value.stack ?? ''}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Runs `call`, failing with a clear message when it takes longer than {@link CALL_TIMEOUT_MS}. */
export async function within<T>(what: string, call: () => Promise<T> | T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${CALL_TIMEOUT_MS / 1000} s`)), CALL_TIMEOUT_MS);
  });
  try {
    return await Promise.race([Promise.resolve().then(call), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A short description of what was thrown, for a finding. */
export function describeThrown(error: unknown): string {
  if (error instanceof Error) {
    const kind = (error as { kind?: unknown }).kind;
    return `${error.name}${typeof kind === 'string' ? ` (${kind})` : ''}: ${error.message}`;
  }
  return String(error);
}
