import { capabilityFindings, SECRET_KEYWORD, type ConnectorDefinition, type ConnectorManifest } from '@omnihub/connector-sdk';
import { verdict, type CheckResult } from '../check-result.ts';
import { MANIFEST_SCHEMA } from '../manifest-schema.ts';
import { compileSchema } from '../schema-compiler.ts';
import type { ErrorObject } from 'ajv';

/** Config property names that hold credentials and so must carry `x-omnihub-secret: true`. */
const SECRET_NAME = /(password|passwd|secret|token|api[-_]?key|private[-_]?key|credentials?|passphrase)$/i;

const validateManifest = compileSchema(MANIFEST_SCHEMA);

/** Walks the config schema's properties, calling `visit` with each property's path and schema. */
function eachProperty(schema: unknown, visit: (path: string, node: Record<string, unknown>) => void, path = '', depth = 0): void {
  if (depth > 16 || schema === null || typeof schema !== 'object') return;
  const node = schema as Record<string, unknown>;
  const properties = node['properties'];
  if (properties !== null && typeof properties === 'object') {
    for (const [name, child] of Object.entries(properties as Record<string, unknown>)) {
      if (child === null || typeof child !== 'object') continue;
      const childPath = `${path}/${name}`;
      visit(childPath, child as Record<string, unknown>);
      eachProperty(child, visit, childPath, depth + 1);
    }
  }
  if (node['items'] !== undefined) eachProperty(node['items'], visit, `${path}/items`, depth + 1);
}

/** The schema of the property at a dotted path (`auth.host`), if declared. */
function propertyAt(schema: Record<string, unknown>, dotted: string): Record<string, unknown> | undefined {
  let node: Record<string, unknown> | undefined = schema;
  for (const name of dotted.split('.')) {
    const properties: unknown = node?.['properties'];
    if (properties === null || typeof properties !== 'object') return undefined;
    const child = (properties as Record<string, unknown>)[name];
    node = child !== null && typeof child === 'object' ? (child as Record<string, unknown>) : undefined;
  }
  return node;
}

function configSchemaFindings(configSchema: Record<string, unknown>, hostFields: readonly string[]): string[] {
  const findings: string[] = [];
  try {
    compileSchema(configSchema);
  } catch (error: unknown) {
    findings.push(`configSchema does not compile: ${error instanceof Error ? error.message : String(error)}`);
  }
  eachProperty(configSchema, (path, node) => {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const marked = node[SECRET_KEYWORD];
    if (marked !== undefined && typeof marked !== 'boolean') findings.push(`configSchema${path}: ${SECRET_KEYWORD} must be true or false`);
    if (marked === true && node['type'] !== 'string') findings.push(`configSchema${path} is marked secret but is not of type "string"`);
    if (marked !== true && SECRET_NAME.test(name) && node['type'] === 'string') {
      findings.push(`configSchema${path} looks like a credential: mark it with "${SECRET_KEYWORD}": true (or rename it)`);
    }
  });
  for (const field of hostFields) {
    const node = propertyAt(configSchema, field);
    if (node === undefined) findings.push(`allowedHostsFromConfig names "${field}", which configSchema does not declare`);
    else if (node['type'] !== 'string') findings.push(`allowedHostsFromConfig names "${field}", which is not a string in configSchema`);
  }
  return findings;
}

function breakingChangeFindings(version: string, breakingChanges: Record<string, string[]> | undefined): string[] {
  const major = Number(version.split('.')[0]);
  const findings: string[] = [];
  if (major >= 2 && (breakingChanges?.[String(major)] ?? []).length === 0) {
    findings.push(`version ${version} starts major ${major}, but breakingChanges["${major}"] records no breaking change`);
  }
  for (const key of Object.keys(breakingChanges ?? {})) {
    if (Number(key) > major) findings.push(`breakingChanges["${key}"] is for a major newer than this version (${version})`);
  }
  return findings;
}

function explain(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const extra =
    params['additionalProperty'] !== undefined
      ? ` (${JSON.stringify(params['additionalProperty'])})`
      : params['allowedValues'] !== undefined
        ? ` (one of ${(params['allowedValues'] as unknown[]).join(', ')})`
        : '';
  return `manifest${error.instancePath} ${error.message ?? 'is invalid'}${extra}`;
}

/**
 * The `manifest` check: the manifest matches the manifest schema (ids, semver, kinds, capability
 * names, `type@version` references, ranges), every capability is implemented and every
 * implementation declared, the config schema compiles and marks its credentials secret, host
 * fields exist, a new major records its breaking changes, and any `hubRules` hold.
 *
 * @example
 * const result = await checkManifest(connector);
 */
export async function checkManifest(definition: ConnectorDefinition<unknown>, hubRules?: ((manifest: ConnectorManifest) => string[] | Promise<string[]>)): Promise<CheckResult> {
  const manifest = definition.manifest as unknown;
  if (!validateManifest(manifest)) {
    return verdict('manifest', (validateManifest.errors ?? []).map(explain), '');
  }
  const { manifest: m } = definition;
  const own = [...capabilityFindings(definition), ...configSchemaFindings(m.configSchema, m.allowedHostsFromConfig ?? []), ...breakingChangeFindings(m.version, m.breakingChanges)];
  const hub = hubRules === undefined ? [] : await hubRules(m);
  const findings = [...new Set([...own, ...hub])];
  return verdict('manifest', findings, `${m.id}@${m.version} is well formed and matches its implementation`);
}
