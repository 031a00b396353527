import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { PollingCapability, Redactor } from '@omnihub/connector-sdk';
import { classifyFailure } from '../../broker/classify.ts';
import { retryDelay } from '../../broker/retry-policy.ts';
import type { Store } from '../../store/store.ts';
import type { LoadedConnector } from '../connector-registry.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import { adoptFailure } from './adopt-failure.ts';
import { pollCursorKey, readCursor, writeCursor } from './cursor-store.ts';
import type { InboundIntake } from './inbound-intake.ts';
import type { InstanceContexts } from './instance-context.ts';
import type { PollLease } from './poll-lease.ts';

/** Dependencies of {@link InstancePolling}. */
export interface InstancePollingDeps {
  store: Store;
  contexts: InstanceContexts;
  intake: InboundIntake;
  logger: Logger;
  now: () => Date;
  lease: PollLease;
  /** How often the lease is taken or renewed; a third of its lifetime. */
  leaseRenewMs: number;
  /** Pauses the instance after an authentication or configuration failure (never rejects). */
  pause: (reason: string) => Promise<void>;
  onAccepted?: (() => void) | undefined;
}

/** Shortest wait after a failed poll, so a failing vendor is never polled in a tight loop. */
const MIN_FAILURE_WAIT_MS = 250;

/**
 * Runs the pollers of one instance while this process holds the instance's {@link PollLease}.
 * Each polling capability polls on its interval (the instance's override, else the manifest's);
 * a page's records and its cursor commit in one transaction, and only while the lease is held;
 * `more: true` polls again at once. Failures decide the next step by kind: rate-limited waits its
 * retry-after, transient backs off with jitter, authentication and configuration pause the
 * instance, permanent ones are logged and polled again on the next interval.
 */
export class InstancePolling {
  readonly #deps: InstancePollingDeps;
  readonly #instance: ConnectorInstance;
  readonly #connector: LoadedConnector;
  readonly #redact: Redactor;
  readonly #abort = new AbortController();
  readonly #loops = new Map<string, Promise<void>>();
  #heartbeat: NodeJS.Timeout | undefined;
  #holding = false;
  #stopped = false;

  constructor(deps: InstancePollingDeps, instance: ConnectorInstance, connector: LoadedConnector, redact: Redactor) {
    this.#deps = deps;
    this.#instance = instance;
    this.#connector = connector;
    this.#redact = redact;
  }

  /** Whether this process polls the instance now. */
  get holding(): boolean {
    return this.#holding;
  }

  /** Starts competing for the lease, and polling whenever it is held. */
  start(): void {
    if ((this.#connector.manifest.capabilities.polling ?? []).length === 0) return;
    void this.#beat();
    this.#heartbeat = setInterval(() => void this.#beat(), this.#deps.leaseRenewMs);
    this.#heartbeat.unref();
  }

  /** Stops polling, waits for a poll in flight, and gives the lease up. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#heartbeat);
    this.#abort.abort();
    await Promise.allSettled([...this.#loops.values()]);
    if (this.#holding) {
      this.#holding = false;
      await this.#deps.lease.release().catch((error: unknown) => this.#deps.logger.warn({ err: error, instance: this.#instance.id }, 'poll lease release failed; it expires on its own'));
    }
  }

  async #beat(): Promise<void> {
    if (this.#stopped) return;
    try {
      this.#holding = await this.#deps.lease.acquire();
    } catch (error: unknown) {
      this.#holding = false;
      this.#deps.logger.warn({ err: error, instance: this.#instance.id }, 'poll lease could not be renewed');
    }
    if (!this.#holding || this.#stopped) return;
    for (const capability of this.#connector.manifest.capabilities.polling ?? []) {
      if (this.#loops.has(capability.name)) continue;
      this.#loops.set(capability.name, this.#loop(capability).finally(() => this.#loops.delete(capability.name)));
    }
  }

  #intervalMs(capability: PollingCapability): number {
    return (this.#instance.pollIntervals[capability.name] ?? capability.intervalSeconds) * 1000;
  }

  async #loop(capability: PollingCapability): Promise<void> {
    let failures = 0;
    while (!this.#stopped && this.#holding) {
      let waitMs: number;
      try {
        const outcome = await this.#pollOnce(capability);
        failures = 0;
        if (outcome === 'lost-lease') {
          this.#holding = false;
          return;
        }
        waitMs = outcome === 'more' ? 0 : this.#intervalMs(capability);
      } catch (error: unknown) {
        failures += 1;
        const next = this.#onFailure(capability, error, failures);
        if (next === undefined) return;
        waitMs = next;
      }
      try {
        await sleep(waitMs, undefined, { signal: this.#abort.signal });
      } catch {
        return;
      }
    }
  }

  /** One poll: read the cursor, poll, map, then commit records and cursor while holding the lease. */
  async #pollOnce(capability: PollingCapability): Promise<'more' | 'done' | 'lost-lease'> {
    const { store, contexts, intake } = this.#deps;
    const poller = this.#connector.definition.pollers?.[capability.name];
    if (poller === undefined) throw new Error(`${this.#connector.key} does not implement poller "${capability.name}"`);
    const key = pollCursorKey(capability.name);
    const cursor = await readCursor(store, this.#instance.id, key);
    const ctx = await contexts.context(this.#instance, this.#connector, store);
    const result = await poller.poll(cursor, ctx);
    const target = { instance: this.#instance, connector: this.#connector, capability, redact: this.#redact };
    const prepared = await intake.prepare(target, result.records, { now: this.#deps.now() });
    const summary = await store.transaction(async (tx) => {
      if (!(await this.#deps.lease.holds(tx))) return undefined;
      const committed = await intake.commit(tx, target, prepared);
      if (result.cursor !== undefined) await writeCursor(tx, this.#instance.id, key, result.cursor);
      return committed;
    });
    if (summary === undefined) {
      this.#deps.logger.warn({ instance: this.#instance.id, capability: capability.name }, 'poll lease lost during a poll; its page is left to the new holder');
      return 'lost-lease';
    }
    if (summary.events.length > 0) this.#deps.onAccepted?.();
    if (summary.records > 0) this.#deps.logger.debug({ instance: this.#instance.id, capability: capability.name, ...summary, events: summary.events.length }, 'poll taken in');
    // `more` with nothing new would poll a vendor in a tight loop: wait the interval instead.
    const moved = result.records.length > 0 || result.cursor !== cursor;
    return result.more === true && moved ? 'more' : 'done';
  }

  /** The wait before the next poll after a failure, or undefined when polling must stop. */
  #onFailure(capability: PollingCapability, error: unknown, failures: number): number | undefined {
    const failure = classifyFailure(adoptFailure(error, this.#redact));
    const fields = { instance: this.#instance.id, capability: capability.name, kind: failure.kind, code: failure.code, err: failure.message };
    const intervalMs = this.#intervalMs(capability);
    switch (failure.kind) {
      case 'rate-limited':
        this.#deps.logger.warn({ ...fields, retryAfterMs: failure.retryAfterMs }, 'poll rate-limited; waiting as the vendor asked');
        return Math.max(MIN_FAILURE_WAIT_MS, failure.retryAfterMs);
      case 'transient':
        this.#deps.logger.warn({ ...fields, failures }, 'poll failed; backing off');
        return Math.max(MIN_FAILURE_WAIT_MS, retryDelay({ maxAttempts: Number.POSITIVE_INFINITY, initialDelayMs: 1000, maxDelayMs: Math.max(1000, intervalMs) }, failures));
      case 'authentication':
      case 'configuration':
        this.#deps.logger.error(fields, 'poll failed; pausing the instance until its settings are fixed');
        // Not awaited: pausing stops this very loop, which must return first.
        this.#stopped = true;
        void this.#deps.pause(`${capability.name}: ${failure.code}: ${failure.message}`);
        return undefined;
      default:
        this.#deps.logger.error(fields, 'poll failed; trying again on the next interval');
        return intervalMs;
    }
  }
}
