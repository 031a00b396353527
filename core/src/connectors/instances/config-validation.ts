import type { ValidateFunction } from 'ajv';
import type { ConnectorManifest } from '@omnihub/connector-sdk';
import type { FieldError } from '../../errors/hub-error.ts';
import { MappingExpression } from '../../mappings/expression.ts';
import { toFieldErrors } from '../../schema/field-errors.ts';
import { configSchemaAjv } from '../manifest/config-schema-checks.ts';

const compiled = new WeakMap<ConnectorManifest, ValidateFunction>();

/**
 * Validates an instance config against the config schema of the pinned connector version.
 * Returns the broken rules with JSON pointers under `prefix` (e.g. `/config/baseUrl`).
 */
export function configErrors(manifest: ConnectorManifest, config: unknown, prefix = '/config'): FieldError[] {
  let validate = compiled.get(manifest);
  if (validate === undefined) {
    validate = configSchemaAjv().compile(manifest.configSchema);
    compiled.set(manifest, validate);
  }
  return validate(config) ? [] : toFieldErrors(validate.errors, prefix);
}

const INSTANCE_ID = /^[a-z][a-z0-9-]{0,62}$/;

/** Errors of an instance id: a slug of lower-case letters, digits and dashes (it names queues and URLs). */
export function instanceIdErrors(id: string): FieldError[] {
  return INSTANCE_ID.test(id) ? [] : [{ path: '/id', message: 'must be lower-case letters, digits and dashes, starting with a letter (at most 63)', keyword: 'pattern' }];
}

/** Errors of mapping overrides (a capability of the pinned version, an expression that parses) and poll intervals. */
export function capabilitySettingErrors(manifest: ConnectorManifest, overrides: Record<string, string>, intervals: Record<string, number>): FieldError[] {
  const { webhooks = [], polling = [], actions = [] } = manifest.capabilities;
  const all = new Set([...webhooks, ...polling, ...actions].map((c) => c.name));
  const pollers = new Set(polling.map((c) => c.name));
  const errors: FieldError[] = [];
  for (const [name, expression] of Object.entries(overrides)) {
    if (!all.has(name)) errors.push({ path: `/mappingOverrides/${name}`, message: `${manifest.id}@${manifest.version} has no capability "${name}" (it has ${[...all].join(', ') || 'none'})`, keyword: 'capability' });
    else if (typeof expression !== 'string' || expression.trim() === '') errors.push({ path: `/mappingOverrides/${name}`, message: 'must be a non-empty mapping expression', keyword: 'type' });
    else {
      // A broken override would pause the instance on its first event: it is refused before it is saved.
      const problem = MappingExpression.syntaxProblem(expression);
      if (problem !== undefined) errors.push({ path: `/mappingOverrides/${name}`, message: `does not parse: ${problem}`, keyword: 'expression' });
    }
  }
  for (const [name, seconds] of Object.entries(intervals)) {
    if (!pollers.has(name)) errors.push({ path: `/pollIntervals/${name}`, message: `${manifest.id}@${manifest.version} has no polling capability "${name}"`, keyword: 'capability' });
    else if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) errors.push({ path: `/pollIntervals/${name}`, message: 'must be a whole number of seconds from 1 to 86400', keyword: 'range' });
  }
  return errors;
}
