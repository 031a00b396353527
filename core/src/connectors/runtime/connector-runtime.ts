import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Clock, FailureKind, WebhookRequest } from '@omnihub/connector-sdk';
import { classifyFailure } from '../../broker/classify.ts';
import type { EventBus } from '../../broker/event-bus.ts';
import type { RetryPolicy } from '../../broker/retry-policy.ts';
import { HubError } from '../../errors/hub-error.ts';
import type { SchemaRegistry } from '../../schema/registry.ts';
import type { Store } from '../../store/store.ts';
import type { ConnectorRegistry } from '../connector-registry.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import { InstanceStore } from '../instances/instance-store.ts';
import type { SecretKeySource } from '../secrets/secret-key.ts';
import { adoptFailure } from './adopt-failure.ts';
import { InboundIntake, pruneInboundRecords } from './inbound-intake.ts';
import { InstanceContexts, type HttpClientFactory, type HttpDefaults } from './instance-context.ts';
import { InstanceRunner, runnerStamp } from './instance-runner.ts';
import type { MappingApplier } from './mapping-applier.ts';
import { receiveWebhook, type WebhookOutcome } from './webhook-ingress.ts';

/** Dependencies and settings of {@link createConnectorRuntime}. */
export interface ConnectorRuntimeOptions {
  store: Store;
  /** Canonical schemas: mapped payloads are validated against them. */
  registry: SchemaRegistry;
  bus: EventBus;
  logger: Logger;
  mappings: MappingApplier;
  /** The key encrypting secret config fields (see `loadSecretKey`), looked up on first use. */
  secretKey: SecretKeySource;
  /** The installed connector packages. */
  connectors: ConnectorRegistry;
  clock?: Clock | undefined;
  /** Called after inbound events were committed to the outbox, to relay them at once. */
  onAccepted?: (() => void) | undefined;
  /** HTTP client settings for every instance (timeouts, retries, rate limit, circuit breaker). */
  http?: HttpDefaults | undefined;
  /** Builds each instance's HTTP client (default: the SDK's `createHttpClient`). */
  createHttpClient?: HttpClientFactory | undefined;
  /** Retry policy of the action subscriptions (default: the bus's). */
  retry?: Partial<RetryPolicy> | undefined;
  /** How often instance changes made elsewhere (other processes, the API) are picked up (default 5 s). */
  reconcileMs?: number | undefined;
  /** Lifetime of a poll lease (default 30 s); renewed every third of it. */
  leaseTtlMs?: number | undefined;
  /** Hours inbound record ids are remembered for de-duplication (default 720, thirty days). */
  inboundRetentionHours?: number | undefined;
}

/** Outcome of `POST /v1/instances/{id}/test`. */
export interface ConnectionCheck {
  ok: boolean;
  /** False when the connector has no connection check to run. */
  checked: boolean;
  kind?: FailureKind | undefined;
  code?: string | undefined;
  /** What failed, with the instance's secrets removed. */
  message?: string | undefined;
}

/** How often old de-duplication records are pruned. */
const PRUNE_INTERVAL_MS = 60 * 60_000;

/**
 * Runs connector instances: the webhook ingress, pollers (one process per instance at a time) and
 * outbound action subscriptions, each call with a context built from the instance's decrypted
 * config. Instance changes made through {@link ConnectorRuntime.instances} or by another process
 * are applied by {@link ConnectorRuntime.reconcile}, run on a timer once started.
 */
export class ConnectorRuntime {
  /** The instances in the database. */
  readonly instances: InstanceStore;
  /** The installed connectors. */
  readonly connectors: ConnectorRegistry;
  readonly #options: ConnectorRuntimeOptions;
  readonly #contexts: InstanceContexts;
  readonly #intake: InboundIntake;
  readonly #runners = new Map<string, InstanceRunner>();
  readonly #holder = randomUUID();
  readonly #clock: Clock;
  #chain: Promise<void> = Promise.resolve();
  #timers: NodeJS.Timeout[] = [];
  #started = false;

  constructor(options: ConnectorRuntimeOptions) {
    this.#options = options;
    this.connectors = options.connectors;
    this.#clock = options.clock ?? { now: () => new Date() };
    this.instances = new InstanceStore({ store: options.store, connectors: options.connectors, secretKey: options.secretKey });
    this.#contexts = new InstanceContexts({ instances: this.instances, logger: options.logger, clock: this.#clock, createHttpClient: options.createHttpClient, http: options.http });
    this.#intake = new InboundIntake({ schemas: options.registry, mappings: options.mappings, logger: options.logger });
  }

  /** Starts every enabled instance, then keeps following instance changes. */
  async start(): Promise<void> {
    this.#started = true;
    await this.reconcile();
    const reconcile = setInterval(() => {
      this.reconcile().catch((error: unknown) => this.#options.logger.error({ err: error }, 'connector instances could not be reconciled'));
    }, this.#options.reconcileMs ?? 5000);
    const prune = setInterval(() => {
      pruneInboundRecords(this.#options.store, this.#options.inboundRetentionHours ?? 720).catch((error: unknown) => this.#options.logger.warn({ err: error }, 'inbound record pruning failed'));
    }, PRUNE_INTERVAL_MS);
    reconcile.unref();
    prune.unref();
    this.#timers = [reconcile, prune];
  }

  /** Stops every running instance in this process (releasing poll leases). */
  async stop(): Promise<void> {
    this.#started = false;
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await this.#serial(async () => {
      const runners = [...this.#runners.values()];
      this.#runners.clear();
      await Promise.allSettled(runners.map((r) => r.stop()));
    });
  }

  /** Brings this process in line with the database: starts, restarts and stops instances. */
  reconcile(): Promise<void> {
    return this.#serial(async () => {
      if (!this.#started) return;
      const instances = await this.instances.list();
      const ids = new Set(instances.map((i) => i.id));
      for (const id of this.#runners.keys()) if (!ids.has(id)) await this.#apply(id, undefined);
      for (const instance of instances) await this.#apply(instance.id, instance);
    });
  }

  /** Ids of the instances running in this process. */
  running(): string[] {
    return [...this.#runners.keys()].sort();
  }

  /** Whether this process is the one polling `instanceId` now. */
  isPolling(instanceId: string): boolean {
    return this.#runners.get(instanceId)?.polling ?? false;
  }

  /** Enables an instance (webhooks, pollers and actions run). */
  startInstance(id: string): Promise<ConnectorInstance> {
    return this.#setState(id, 'enabled', undefined);
  }

  /** Disables an instance: its webhooks answer 404 and nothing of it runs. */
  stopInstance(id: string, reason?: string): Promise<ConnectorInstance> {
    return this.#setState(id, 'disabled', reason);
  }

  /** Pauses an instance until {@link resume}: webhooks answer 503 so vendors retry later. */
  pause(id: string, reason: string): Promise<ConnectorInstance> {
    return this.#setState(id, 'paused', reason);
  }

  /** Resumes a paused instance, with its action subscriptions. */
  resume(id: string): Promise<ConnectorInstance> {
    return this.#setState(id, 'enabled', undefined);
  }

  /** Applies an instance change made through {@link instances} at once in this process. */
  async refresh(id: string): Promise<void> {
    await this.#serial(async () => this.#apply(id, await this.instances.get(id)));
  }

  /**
   * Takes a vendor webhook in (see `receiveWebhook`): `not-found` for an unknown or disabled
   * instance or capability, `not-ready` while paused, `unauthorized` when the signature is refused;
   * otherwise resolves once the records' events are committed.
   */
  handleWebhook(instanceId: string, capability: string | undefined, request: WebhookRequest, options: { correlationId?: string | undefined } = {}): Promise<WebhookOutcome> {
    return receiveWebhook(
      {
        store: this.#options.store,
        instances: this.instances,
        connectors: this.connectors,
        contexts: this.#contexts,
        intake: this.#intake,
        logger: this.#options.logger,
        now: () => this.#clock.now(),
        pause: this.#pauseForFailure,
        onAccepted: this.#options.onAccepted,
      },
      instanceId,
      capability,
      request,
      options.correlationId,
    );
  }

  /** Runs the connector's live connection check for an instance (in any state). */
  async testConnection(instanceId: string): Promise<ConnectionCheck> {
    const instance = await this.instances.require(instanceId);
    const connector = this.connectors.get(instance.connectorId, instance.version);
    if (connector === undefined) throw new HubError('not-ready', { detail: `instance "${instanceId}" pins ${instance.connectorId}@${instance.version}, which is not installed on this hub` });
    const { definition } = connector;
    if (definition.testConnection === undefined) return { ok: true, checked: false, message: `${connector.key} has no connection check` };
    const ctx = await this.#contexts.context(instance, connector, this.#options.store);
    try {
      await definition.testConnection(ctx);
      return { ok: true, checked: true };
    } catch (error: unknown) {
      const failure = classifyFailure(adoptFailure(error, await this.#contexts.redactor(instance, connector)));
      return { ok: false, checked: true, kind: failure.kind, code: failure.code, message: failure.message };
    }
  }

  async #setState(id: string, state: ConnectorInstance['state'], reason: string | undefined): Promise<ConnectorInstance> {
    const instance = await this.instances.setState(id, state, reason);
    this.#options.logger.info({ instance: id, state, reason }, `connector instance ${state}`);
    await this.#serial(() => this.#apply(id, instance));
    return instance;
  }

  /** Pauses from a failing poller or action; logs instead of rejecting. */
  #pauseForFailure = async (id: string, reason: string): Promise<void> => {
    try {
      const current = await this.instances.get(id);
      if (current?.state !== 'enabled') return;
      await this.#setState(id, 'paused', reason);
    } catch (error: unknown) {
      this.#options.logger.error({ err: error, instance: id, reason }, 'connector instance could not be paused');
    }
  };

  /** Runs instance changes one at a time, so a start and a stop never interleave. */
  #serial(step: () => Promise<void>): Promise<void> {
    const next = this.#chain.then(step);
    this.#chain = next.catch(() => undefined);
    return next;
  }

  async #apply(id: string, instance: ConnectorInstance | undefined): Promise<void> {
    const runner = this.#runners.get(id);
    const wanted = this.#started && instance?.state === 'enabled';
    if (runner !== undefined && (!wanted || runner.stamp !== runnerStamp(instance))) {
      this.#runners.delete(id);
      await runner.stop();
      this.#contexts.forget(id);
    }
    if (!wanted || this.#runners.has(id)) return;
    const connector = this.connectors.get(instance.connectorId, instance.version);
    if (connector === undefined) {
      this.#options.logger.error({ instance: id, connector: `${instance.connectorId}@${instance.version}` }, 'connector instance pins a version that is not installed; it does not run here');
      return;
    }
    try {
      const redact = await this.#contexts.redactor(instance, connector);
      const started = new InstanceRunner(
        {
          polling: { store: this.#options.store, contexts: this.#contexts, intake: this.#intake, logger: this.#options.logger, now: () => this.#clock.now(), leaseRenewMs: this.#leaseTtlMs() / 3, onAccepted: this.#options.onAccepted },
          actions: { bus: this.#options.bus, contexts: this.#contexts, mappings: this.#options.mappings, logger: this.#options.logger, retry: this.#options.retry },
          holder: this.#holder,
          leaseTtlMs: this.#leaseTtlMs(),
          pause: this.#pauseForFailure,
        },
        instance,
        connector,
        redact,
      );
      await started.start();
      this.#runners.set(id, started);
    } catch (error: unknown) {
      this.#options.logger.error({ err: error, instance: id }, 'connector instance could not start; retrying at the next reconcile');
    }
  }

  #leaseTtlMs(): number {
    return this.#options.leaseTtlMs ?? 30_000;
  }
}

/**
 * Creates the connector runtime of a hub process. Call `start()` to run the enabled instances.
 *
 * @example
 * const runtime = createConnectorRuntime({ store, registry, bus, logger, mappings, secretKey, connectors });
 * await runtime.start();
 */
export function createConnectorRuntime(options: ConnectorRuntimeOptions): ConnectorRuntime {
  return new ConnectorRuntime(options);
}
