import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { verdict, type CheckResult } from '../check-result.ts';
import type { InvalidConfig } from '../conformance-config.ts';
import { compileSchema, describeErrors } from '../schema-compiler.ts';

/** One config per required top-level property, with that property left out of the valid config. */
function withoutEachRequired(schema: Record<string, unknown>, valid: unknown): InvalidConfig[] {
  const required = Array.isArray(schema['required']) ? (schema['required'] as unknown[]).filter((name): name is string => typeof name === 'string') : [];
  if (valid === null || typeof valid !== 'object') return [];
  return required.map((name) => {
    const config = Object.fromEntries(Object.entries(valid).filter(([key]) => key !== name));
    return { config, why: `required "${name}" left out` };
  });
}

/**
 * The `config-refused` check: the run's config passes the connector's config schema, and every
 * invalid config of the conformance config (plus one per required property, left out) fails it.
 *
 * @example
 * const result = checkConfigRefused(manifest, config, conformance.invalidConfigs);
 */
export function checkConfigRefused(manifest: ConnectorManifest, config: unknown, invalidConfigs: readonly InvalidConfig[]): CheckResult {
  let validate;
  try {
    validate = compileSchema(manifest.configSchema);
  } catch (error: unknown) {
    return verdict('config-refused', [`configSchema does not compile: ${error instanceof Error ? error.message : String(error)}`], '');
  }
  const findings: string[] = [];
  // Validation may fill defaults: check copies so the run's config stays as written.
  if (!validate(structuredClone(config))) findings.push(`the run's config is refused by configSchema: ${describeErrors(validate.errors)}`);
  const cases = [...invalidConfigs, ...withoutEachRequired(manifest.configSchema, config)];
  if (cases.length === 0) findings.push('there is no invalid config to try: list some in invalidConfigs');
  for (const [index, invalid] of cases.entries()) {
    if (typeof invalid.why !== 'string' || invalid.why.trim() === '') findings.push(`invalidConfigs[${index}] does not say why it is invalid`);
    if (validate(structuredClone(invalid.config))) findings.push(`an invalid config was accepted: ${invalid.why}`);
  }
  return verdict('config-refused', findings, `the config is accepted and ${cases.length} invalid config${cases.length === 1 ? ' is' : 's are'} refused`);
}
