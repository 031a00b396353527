import { HubError, type FieldError } from '../../errors/hub-error.ts';
import { describeFieldErrors } from '../../schema/field-errors.ts';
import type { Store } from '../../store/store.ts';
import type { ConnectorRegistry } from '../connector-registry.ts';
import { InstanceStore } from '../instances/instance-store.ts';
import type { SecretKeySource } from '../secrets/secret-key.ts';
import { exportConfig, type ExportedConfig, type SecretExportMode } from './config-export.ts';
import { checkMappings, type UpgradeMappings } from '../upgrades/mapping-checks.ts';
import type { ConfigDocument } from './config-document.ts';
import { computePlan, type ConfigPlan, type PlanStep } from './config-plan.ts';
import { planDigest } from './plan-digest.ts';
import { currentInstances } from './current-instances.ts';
import { transactionStore } from './transaction-store.ts';

/** Dependencies of {@link ConfigAsCode}. */
export interface ConfigAsCodeDeps {
  store: Store;
  connectors: ConnectorRegistry;
  /** The key of the instances' secrets (the runtime's). */
  secretKey: SecretKeySource;
  /**
   * The hub's mapping catalog: a version change in the file runs the new version's mapping
   * fixtures (and the instance's overrides on them), as `omnihub instances upgrade` does.
   */
  mappings?: UpgradeMappings | undefined;
}

/** Options of a plan or an apply. */
export interface PlanOptions {
  /** Delete the instances the file does not declare. */
  prune?: boolean | undefined;
}

/** Options of an apply. */
export interface ApplyOptions extends PlanOptions {
  /** The digest of the plan that was shown: the apply refuses (`conflict`) when its plan differs. */
  planDigest?: string | undefined;
}

/**
 * Serialises applies, and holds off instance changes made meanwhile by the API or the runtime:
 * the lock mode conflicts with itself and with every write, while reads go on.
 */
const LOCK_INSTANCES = 'lock table connector_instances in share row exclusive mode';

async function runStep(instances: InstanceStore, step: PlanStep): Promise<void> {
  if (step.action === 'delete') {
    await instances.delete(step.id);
  } else if (step.action === 'create') {
    await instances.create(step.instance);
  } else {
    if (step.changes !== undefined) await instances.update(step.id, step.changes);
    if (step.state !== undefined) await instances.setState(step.id, step.state, step.state === 'disabled' ? 'disabled by the config file' : undefined);
  }
}

/** The mapping checks a version change failed, as errors at the declaration's `/version`. */
function failedChecks(plan: ConfigPlan, document: ConfigDocument): FieldError[] {
  return plan.changes.flatMap((change) =>
    (change.mappingChecks ?? [])
      .filter((check) => !check.passed)
      .map((check) => ({
        path: `/instances/${document.instances.findIndex((d) => d.id === change.id)}/version`,
        message: `${check.kind === 'override' ? `the override of ${check.capability}` : `mapping ${check.mapping ?? check.capability}`} fails on ${change.connector}@${change.version}: ${check.failures.join('; ')}`,
        keyword: `mapping-${check.kind}`,
      })),
  );
}

/**
 * Connector instances declared as code: the plan between a config file and the hub, its apply in
 * one transaction, and the export of the hub's instances as a file that applies back to no change.
 *
 * @example
 * const code = new ConfigAsCode({ store, connectors, secretKey, mappings: catalog });
 * const plan = await code.plan(parseConfigYaml(text), { prune: false });
 * if (plan.changes.length > 0) await code.apply(document, { planDigest: plan.digest });
 */
export class ConfigAsCode {
  readonly #deps: ConfigAsCodeDeps;
  readonly #instances: InstanceStore;

  constructor(deps: ConfigAsCodeDeps) {
    this.#deps = deps;
    this.#instances = new InstanceStore({ store: deps.store, connectors: deps.connectors, secretKey: deps.secretKey });
  }

  /** What applying `document` would do; changes nothing. */
  async plan(document: unknown, options: PlanOptions = {}): Promise<ConfigPlan> {
    const current = await currentInstances(this.#instances);
    return this.#withMappingChecks(computePlan({ document, current, connectors: this.#deps.connectors, prune: options.prune }).plan, document);
  }

  /** Runs the mapping checks of every version change, and digests the plan with them. */
  async #withMappingChecks(plan: ConfigPlan, document: unknown): Promise<ConfigPlan> {
    const { mappings, connectors } = this.#deps;
    if (mappings === undefined) return plan;
    const declared = (document as ConfigDocument).instances;
    for (const change of plan.changes) {
      const target = connectors.get(change.connector, change.version)?.manifest;
      if (change.fromVersion === undefined || target === undefined) continue;
      change.mappingChecks = await checkMappings(mappings, target, declared.find((d) => d.id === change.id)?.mappings ?? {});
    }
    return { ...plan, digest: planDigest(plan.changes) };
  }

  /**
   * Applies `document` in one transaction: the plan is computed again under a lock on the
   * instances table and carried out whole, or not at all (any failing step rolls every step back).
   * A version change whose mapping checks fail refuses the whole file (`validation-failed` at the
   * declaration's `/version`). With `planDigest`, a plan that differs from the one shown is
   * refused with `conflict`.
   */
  async apply(document: unknown, options: ApplyOptions = {}): Promise<ConfigPlan> {
    return this.#deps.store.transaction(async (tx) => {
      await tx.query(LOCK_INSTANCES);
      const instances = new InstanceStore({ store: transactionStore(this.#deps.store, tx), connectors: this.#deps.connectors, secretKey: this.#deps.secretKey });
      const computed = computePlan({ document, current: await currentInstances(instances), connectors: this.#deps.connectors, prune: options.prune });
      const plan = await this.#withMappingChecks(computed.plan, document);
      const failed = failedChecks(plan, document as ConfigDocument);
      if (failed.length > 0) throw new HubError('validation-failed', { detail: `the config file is refused: ${describeFieldErrors(failed)}`, errors: failed });
      if (options.planDigest !== undefined && options.planDigest !== plan.digest) {
        throw new HubError('conflict', { detail: `the instances changed since the plan was made (plan ${options.planDigest.slice(0, 12)}, now ${plan.digest.slice(0, 12)}): plan again and review it` });
      }
      for (const step of computed.steps) await runStep(instances, step);
      return { ...plan, applied: true };
    });
  }

  /** The hub's instances as a config document; secrets as `${ENV}` references or `********`. */
  async export(options: { secrets: SecretExportMode }): Promise<ExportedConfig> {
    return exportConfig(await this.#instances.list(), options);
  }
}
