import type { Logger } from 'pino';
import {
  createHttpClient,
  createRedactor,
  redactingLogger,
  resolveAllowedHosts,
  type Clock,
  type ConnectorContext,
  type ConnectorLogger,
  type HttpClient,
  type HttpClientOptions,
  type Redactor,
} from '@omnihub/connector-sdk';
import type { SqlExecutor } from '../../store/store.ts';
import type { LoadedConnector } from '../connector-registry.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import type { InstanceStore } from '../instances/instance-store.ts';
import { secretValues } from '../secrets/secret-fields.ts';
import { sqlCursorStore } from './cursor-store.ts';

/** Builds the HTTP client of one instance (default: the SDK's `createHttpClient`). */
export type HttpClientFactory = (options: HttpClientOptions) => HttpClient;

/** HTTP client settings applied to every instance (timeouts, retries, rate limit...). */
export type HttpDefaults = Omit<HttpClientOptions, 'allowedHosts' | 'logger' | 'secrets' | 'clock'>;

/** What an instance's calls share: its decrypted config, redacting logger and HTTP client. */
interface InstanceParts {
  stamp: string;
  config: Record<string, unknown>;
  logger: ConnectorLogger;
  http: HttpClient;
  redact: Redactor;
}

/** Dependencies of {@link InstanceContexts}. */
export interface InstanceContextDeps {
  instances: InstanceStore;
  logger: Logger;
  clock: Clock;
  createHttpClient?: HttpClientFactory | undefined;
  http?: HttpDefaults | undefined;
}

/** A pino logger seen through the SDK's logger interface. */
function connectorLogger(logger: Logger): ConnectorLogger {
  return {
    debug: (fields, message) => logger.debug(fields, message),
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
  };
}

/**
 * Builds the {@link ConnectorContext} of each call. Per instance (rebuilt when the instance
 * changes) it decrypts the config, makes a logger that redacts the instance's secrets and an HTTP
 * client allowed only the manifest's hosts and those of its host fields (the client keeps its
 * rate limit and circuit breaker across calls). Per call it binds the cursor store to the caller's
 * executor, so cursors written in a delivery commit with it.
 */
export class InstanceContexts {
  readonly #deps: InstanceContextDeps;
  readonly #parts = new Map<string, InstanceParts>();

  constructor(deps: InstanceContextDeps) {
    this.#deps = deps;
  }

  async #partsOf(instance: ConnectorInstance, connector: LoadedConnector): Promise<InstanceParts> {
    const stamp = `${instance.version}|${instance.updatedAt}`;
    const cached = this.#parts.get(instance.id);
    if (cached?.stamp === stamp) return cached;
    const { manifest } = connector;
    const config = await this.#deps.instances.decryptedConfig(instance);
    const secrets = secretValues(manifest.configSchema, config);
    const redact = createRedactor(secrets);
    const base = connectorLogger(this.#deps.logger.child({ instance: instance.id, connector: connector.key }));
    const factory = this.#deps.createHttpClient ?? createHttpClient;
    const http = factory({ ...this.#deps.http, allowedHosts: resolveAllowedHosts(manifest, config), logger: base, secrets, clock: this.#deps.clock });
    const parts: InstanceParts = { stamp, config, logger: redactingLogger(base, redact), http, redact };
    this.#parts.set(instance.id, parts);
    return parts;
  }

  /** The context of one call for `instance`; cursors go through `db`. */
  async context(instance: ConnectorInstance, connector: LoadedConnector, db: SqlExecutor): Promise<ConnectorContext> {
    const parts = await this.#partsOf(instance, connector);
    return { instanceId: instance.id, config: parts.config, logger: parts.logger, http: parts.http, cursors: sqlCursorStore(db, instance.id), clock: this.#deps.clock };
  }

  /** Redacts the instance's secrets from a text (error messages kept in dead letters and states). */
  async redactor(instance: ConnectorInstance, connector: LoadedConnector): Promise<Redactor> {
    return (await this.#partsOf(instance, connector)).redact;
  }

  /** Drops what was cached for an instance (after it changed or was removed). */
  forget(instanceId: string): void {
    this.#parts.delete(instanceId);
  }
}
