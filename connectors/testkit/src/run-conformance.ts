import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ConnectorDefinition, ConnectorManifest } from '@omnihub/connector-sdk';
import { CHECK_NAMES, fail, isCheckName, type CheckName, type CheckResult, type ConformanceReport } from './check-result.ts';
import type { ConformanceConfig, ConformanceEnvironment, VendorDouble } from './conformance-config.ts';
import { checkActionIdempotency } from './checks/action-idempotency.ts';
import { checkConfigRefused } from './checks/config-refused.ts';
import { checkHttpClassification } from './checks/http-classification.ts';
import { checkManifest } from './checks/manifest.ts';
import { checkMappingFixtures, type MappingFixtureRunner } from './checks/mapping-fixtures.ts';
import { checkSecretsNotLogged } from './checks/secrets-not-logged.ts';
import { checkWebhookFreshness } from './checks/webhook-freshness.ts';
import { checkWebhookSignature } from './checks/webhook-signature.ts';
import { createRunEnvironment, describeThrown, withConsoleCaptured, type RunEnvironment } from './run-environment.ts';

/** Shortest waiver reason accepted: a sentence that says why, not "n/a" or "skip". */
export const MIN_WAIVER_REASON_LENGTH = 12;

/** What {@link runConformance} runs. */
export interface RunConformanceOptions<Config> {
  /** The connector package's default export. */
  connector: ConnectorDefinition<Config>;
  /** The connector's conformance config (the default export of its `conformance.config.ts`). */
  conformance: ConformanceConfig<Config>;
  /** Waivers added to (and overriding) the conformance config's own. */
  waivers?: Partial<Record<CheckName, string>> | undefined;
  /** Runs a mapping's fixture pairs; without it a connector that names mappings fails `mapping-fixtures`. */
  fixtures?: MappingFixtureRunner | undefined;
  /**
   * More manifest rules, each broken one returned as a finding: the hub's own validation (canonical
   * events that exist, the SDK range met). `omnihub connectors test` passes core's.
   */
  manifestRules?: ((manifest: ConnectorManifest) => string[] | Promise<string[]>) | undefined;
  /** Receives what the connector prints to the console during the run, secrets redacted (default: the console). */
  onConsole?: ((line: string) => void) | undefined;
}

/** The waivers of a run, checked: an unknown check name is a mistake in the conformance config. */
function waiversOf<Config>(options: RunConformanceOptions<Config>): Map<CheckName, string> {
  const merged = { ...options.conformance.waivers, ...options.waivers } as Record<string, unknown>;
  const waivers = new Map<CheckName, string>();
  for (const [name, reason] of Object.entries(merged)) {
    if (!isCheckName(name)) throw new Error(`the conformance config waives "${name}", which is no check of the kit (checks: ${CHECK_NAMES.join(', ')})`);
    if (reason !== undefined) waivers.set(name, typeof reason === 'string' ? reason.trim() : '');
  }
  return waivers;
}

function waived(check: CheckName, reason: string): CheckResult {
  if (reason.length < MIN_WAIVER_REASON_LENGTH) {
    return fail(check, [`waived without a written reason (say why in a sentence of ${MIN_WAIVER_REASON_LENGTH} characters or more)`]);
  }
  return { check, status: 'waived', message: `${check}: waived: ${reason}`, details: [] };
}

async function runCheck<Config>(check: CheckName, env: RunEnvironment<Config>, options: RunConformanceOptions<Config>): Promise<CheckResult> {
  switch (check) {
    case 'manifest':
      return checkManifest(env.connector, options.manifestRules);
    case 'config-refused':
      return checkConfigRefused(env.connector.manifest, env.config, env.conformance.invalidConfigs ?? []);
    case 'webhook-signature':
      return checkWebhookSignature(env);
    case 'webhook-freshness':
      return checkWebhookFreshness(env);
    case 'action-idempotency':
      return checkActionIdempotency(env);
    case 'http-classification':
      return checkHttpClassification(env);
    case 'secrets-not-logged':
      return checkSecretsNotLogged(env);
    case 'mapping-fixtures':
      return checkMappingFixtures(env.connector.manifest, options.fixtures);
  }
}

async function resolveConfig<Config>(conformance: ConformanceConfig<Config>, environment: ConformanceEnvironment): Promise<Config> {
  const { config } = conformance;
  if (typeof config === 'function') return (config as (environment: ConformanceEnvironment) => Config | Promise<Config>)(environment);
  return structuredClone(config);
}

/**
 * Runs every check of the kit on a connector and reports each as pass, fail or waived, with a
 * message naming the check. It starts the conformance config's vendor double, builds the run's
 * instance config, runs the checks in {@link CHECK_NAMES} order with one captured logger, then
 * stops the double and removes the run's temporary folder.
 *
 * @example
 * import connector from '@acme/omnihub-connector';
 * import conformance from '@acme/omnihub-connector/conformance.config.ts';
 * const report = await runConformance({ connector, conformance });
 * for (const result of report.results) console.log(result.status, result.message);
 */
export async function runConformance<Config>(options: RunConformanceOptions<Config>): Promise<ConformanceReport> {
  const { connector, conformance } = options;
  const waivers = waiversOf(options);
  // A broken package may lack a manifest: the report still names what was tested.
  const manifest = connector.manifest as Partial<ConnectorDefinition['manifest']> | undefined;
  const identity = { id: manifest?.id ?? '(no id)', version: manifest?.version ?? '(no version)' };
  const workDir = await mkdtemp(path.join(tmpdir(), 'omnihub-conformance-'));
  let vendor: VendorDouble | undefined;
  const results: CheckResult[] = [];
  try {
    vendor = conformance.vendor === undefined ? undefined : await conformance.vendor.start();
    const config = await resolveConfig(conformance, { vendorUrl: vendor?.url, workDir });
    const env = createRunEnvironment(connector, conformance, config, vendor);
    await withConsoleCaptured(
      env.secrets,
      (line) => env.observe(line),
      async () => {
        for (const check of CHECK_NAMES) {
          const reason = waivers.get(check);
          if (reason !== undefined) {
            results.push(waived(check, reason));
            continue;
          }
          try {
            results.push(await runCheck(check, env, options));
          } catch (error: unknown) {
            env.observe(error);
            results.push(fail(check, [`the check could not run: ${describeThrown(error)}`]));
          }
        }
      },
      options.onConsole,
    );
  } finally {
    await vendor?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
  return { connector: identity, results, passed: results.every((result) => result.status !== 'fail') };
}
