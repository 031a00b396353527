import type { Subscription } from '../../broker/event-bus.ts';
import type { LoadedConnector } from '../connector-registry.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import { subscribeActions, type InstanceActionsDeps } from './instance-actions.ts';
import { InstancePolling, type InstancePollingDeps } from './instance-polling.ts';
import { PollLease } from './poll-lease.ts';

/** Dependencies of an {@link InstanceRunner}. */
export interface InstanceRunnerDeps {
  polling: Omit<InstancePollingDeps, 'lease' | 'pause'>;
  actions: Omit<InstanceActionsDeps, 'pause'>;
  /** This process's id in poll leases. */
  holder: string;
  leaseTtlMs: number;
  pause: (instanceId: string, reason: string) => Promise<void>;
}

/** The running parts of one enabled instance in this process: its pollers and its action subscriptions. */
export class InstanceRunner {
  /** Which instance state this runner was started from (version and last change). */
  readonly stamp: string;
  readonly instance: ConnectorInstance;
  readonly #polling: InstancePolling;
  readonly #deps: InstanceRunnerDeps;
  readonly #connector: LoadedConnector;
  readonly #redact: (text: string) => string;
  #subscriptions: Subscription[] = [];

  constructor(deps: InstanceRunnerDeps, instance: ConnectorInstance, connector: LoadedConnector, redact: (text: string) => string) {
    this.#deps = deps;
    this.instance = instance;
    this.#connector = connector;
    this.stamp = runnerStamp(instance);
    const pause = (reason: string): Promise<void> => deps.pause(instance.id, reason);
    const lease = new PollLease(deps.polling.store, instance.id, deps.holder, deps.leaseTtlMs);
    this.#polling = new InstancePolling({ ...deps.polling, lease, pause }, instance, connector, redact);
    this.#redact = redact;
  }

  /** Whether this process holds the instance's poll lease. */
  get polling(): boolean {
    return this.#polling.holding;
  }

  /** Subscribes the actions and starts competing for the poll lease. */
  async start(): Promise<void> {
    this.#subscriptions = await subscribeActions({ ...this.#deps.actions, pause: (reason) => this.#deps.pause(this.instance.id, reason) }, this.instance, this.#connector, this.#redact);
    this.#polling.start();
  }

  /** Stops pollers (releasing the lease) and cancels the subscriptions. */
  async stop(): Promise<void> {
    await this.#polling.stop();
    await Promise.allSettled(this.#subscriptions.map((s) => s.cancel()));
    this.#subscriptions = [];
  }
}

/** What makes a runner stale: a new version, config, override or state. */
export function runnerStamp(instance: ConnectorInstance): string {
  return `${instance.version}|${instance.updatedAt}|${instance.state}`;
}
