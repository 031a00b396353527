import { HubError, type FieldError } from '../../errors/hub-error.ts';
import { describeFieldErrors } from '../../schema/field-errors.ts';
import type { Store } from '../../store/store.ts';
import { currentOf } from '../config-as-code/current-instances.ts';
import { transactionStore } from '../config-as-code/transaction-store.ts';
import type { ConnectorRegistry } from '../connector-registry.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import { InstanceStore } from '../instances/instance-store.ts';
import type { SecretKeySource } from '../secrets/secret-key.ts';
import type { UpgradeMappings } from './mapping-checks.ts';
import { planUpgrade, type UpgradePlan } from './upgrade-plan.ts';

/** Dependencies of {@link InstanceUpgrades}. */
export interface InstanceUpgradesDeps {
  store: Store;
  connectors: ConnectorRegistry;
  /** The key of the instances' secrets (the runtime's). */
  secretKey: SecretKeySource;
  /** The hub's mapping catalog, whose fixtures an upgrade runs. */
  mappings: UpgradeMappings;
}

/** An upgrade's (or rollback's) plan, whether the switch was made, and the instance after it (masked). */
export interface UpgradeOutcome {
  plan: UpgradePlan;
  applied: boolean;
  instance: ConnectorInstance;
}

/** Options of an upgrade or a rollback. */
export interface UpgradeOptions {
  /** Plan and check only; switch nothing. */
  dryRun?: boolean | undefined;
}

/** The checks that failed, as field errors of the instance (`/config/...`, `/mappingOverrides/...`, `/mappings/<capability>`). */
function blockers(plan: UpgradePlan): FieldError[] {
  return [
    ...plan.configErrors,
    ...plan.mappingChecks
      .filter((check) => !check.passed)
      .map((check) => ({
        path: `/mappings/${check.capability}`,
        message: `${check.kind === 'override' ? 'the instance override' : `mapping ${check.mapping ?? ''}`} fails on ${plan.connector}@${plan.to}: ${check.failures.join('; ')}`,
        keyword: check.kind,
      })),
  ];
}

/**
 * Moves connector instances between installed versions of their connector: plans the move
 * (config validated against the target's schema, the target's mapping fixtures run, breaking
 * changes listed), then switches in one transaction holding the instance's row, recording the
 * version left as the previous one. A rollback is a move back to that previous version, checked
 * the same way; the version it leaves becomes the previous one in turn.
 *
 * @example
 * const upgrades = new InstanceUpgrades({ store, connectors, secretKey, mappings: catalog });
 * const { plan } = await upgrades.upgrade('erp-orders', '2.0.0', { dryRun: true });
 */
export class InstanceUpgrades {
  readonly #deps: InstanceUpgradesDeps;

  constructor(deps: InstanceUpgradesDeps) {
    this.#deps = deps;
  }

  /** Plans (and, unless `dryRun`, makes) the move of instance `id` to version `to`. */
  upgrade(id: string, to: string, options: UpgradeOptions = {}): Promise<UpgradeOutcome> {
    return this.#move(id, () => to, options, 'upgrade');
  }

  /** Plans (and, unless `dryRun`, makes) the move of instance `id` back to its previous version. */
  rollback(id: string, options: UpgradeOptions = {}): Promise<UpgradeOutcome> {
    return this.#move(
      id,
      (instance) => {
        if (instance.previousVersion === null) throw new HubError('conflict', { detail: `instance "${id}" has no previous version to return to: it has pinned ${instance.connectorId}@${instance.version} since it was created` });
        return instance.previousVersion;
      },
      options,
      'rollback',
    );
  }

  #move(id: string, target: (instance: ConnectorInstance) => string, options: UpgradeOptions, what: 'upgrade' | 'rollback'): Promise<UpgradeOutcome> {
    const { store, connectors } = this.#deps;
    return store.transaction(async (tx) => {
      const instances = new InstanceStore({ store: transactionStore(store, tx), connectors, secretKey: this.#deps.secretKey });
      await tx.query('select id from connector_instances where id = $1 for update', [id]);
      const instance = await instances.require(id);
      const to = target(instance);
      if (to === instance.version) throw new HubError('conflict', { detail: `instance "${id}" already pins ${instance.connectorId}@${to}` });
      const loaded = connectors.get(instance.connectorId, to);
      if (loaded === undefined) {
        const installed = connectors.versions(instance.connectorId);
        const path = what === 'upgrade' ? '/to' : '/previousVersion';
        throw new HubError('validation-failed', {
          detail: `${instance.connectorId}@${to} is not installed (installed: ${installed.join(', ') || 'none'})`,
          errors: [{ path, message: `${instance.connectorId}@${to} is not installed (installed: ${installed.join(', ') || 'none'})`, keyword: 'installed' }],
        });
      }
      const { plainConfig } = currentOf(instance, await instances.secrets());
      const plan = await planUpgrade({ instance, plainConfig, current: connectors.get(instance.connectorId, instance.version)?.manifest, target: loaded.manifest, mappings: this.#deps.mappings });
      if (options.dryRun === true) return { plan, applied: false, instance: instances.masked(instance) };
      const problems = blockers(plan);
      if (problems.length > 0) {
        throw new HubError('validation-failed', { detail: `the ${what} of "${id}" to ${instance.connectorId}@${to} is refused: ${describeFieldErrors(problems)}`, errors: problems });
      }
      const switched = await instances.update(id, { version: to, config: plainConfig });
      return { plan, applied: true, instance: instances.masked(switched) };
    });
  }
}
