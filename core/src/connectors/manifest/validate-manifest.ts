import Ajv2020Module from 'ajv/dist/2020.js';
import type { ConnectorManifest } from '@omnihub/connector-sdk';
import type { FieldError } from '../../errors/hub-error.ts';
import { toFieldErrors } from '../../schema/field-errors.ts';
import type { SchemaRegistry } from '../../schema/registry.ts';
import { isValidRange, majorSatisfies, versionSatisfies } from '../version-ranges.ts';
import { checkConfigSchema, fieldSchema } from './config-schema-checks.ts';
import { ManifestError } from './manifest-error.ts';
import { MANIFEST_PATTERNS, MANIFEST_SCHEMA } from './manifest-schema.ts';

const Ajv2020 = Ajv2020Module.default;

const validateShape = new Ajv2020({ strict: true, allErrors: true }).compile(MANIFEST_SCHEMA);

const PATTERN_WORDS = new Map<string, string>(Object.values(MANIFEST_PATTERNS).map((entry) => [entry.pattern, entry.words]));

/** What a manifest is checked against. */
export interface ManifestContext {
  /** Package name (or folder) for error messages. */
  packageName: string;
  /** The installed `@omnihub/connector-sdk` version the compatibility range must admit. */
  sdkVersion: string;
  /** Canonical schemas: `emits`, `consumes` and compatibility ranges must name known versions. */
  schemas: SchemaRegistry;
}

/** Schema errors, with each pattern named in words (`must match type@version`). */
function shapeErrors(manifest: unknown): FieldError[] {
  if (validateShape(manifest)) return [];
  const errors = toFieldErrors(validateShape.errors);
  return errors.map((error, index) => {
    const raw = validateShape.errors?.[index];
    const pattern = raw?.keyword === 'pattern' ? (raw.params as { pattern?: string }).pattern : undefined;
    const words = pattern === undefined ? undefined : PATTERN_WORDS.get(pattern);
    return words === undefined ? error : { ...error, message: `must match ${words}` };
  });
}

type CapabilityKind = 'webhooks' | 'polling' | 'actions';

function capabilityEntries(manifest: ConnectorManifest): { kind: CapabilityKind; index: number; name: string; refs: string[]; refsKey: 'emits' | 'consumes' }[] {
  const { webhooks = [], polling = [], actions = [] } = manifest.capabilities;
  return [
    ...webhooks.map((c, index) => ({ kind: 'webhooks' as const, index, name: c.name, refs: c.emits, refsKey: 'emits' as const })),
    ...polling.map((c, index) => ({ kind: 'polling' as const, index, name: c.name, refs: c.emits, refsKey: 'emits' as const })),
    ...actions.map((c, index) => ({ kind: 'actions' as const, index, name: c.name, refs: c.consumes, refsKey: 'consumes' as const })),
  ];
}

function capabilityErrors(manifest: ConnectorManifest, schemas: SchemaRegistry): FieldError[] {
  const errors: FieldError[] = [];
  const seen = new Map<string, string>();
  const canonical = manifest.compatibility.canonical;
  for (const entry of capabilityEntries(manifest)) {
    const base = `/capabilities/${entry.kind}/${entry.index}`;
    const earlier = seen.get(entry.name);
    if (earlier !== undefined) errors.push({ path: `${base}/name`, message: `"${entry.name}" is already the name of ${earlier}; capability names are unique`, keyword: 'unique' });
    else seen.set(entry.name, `${base}/name`);
    entry.refs.forEach((ref, index) => {
      const path = `${base}/${entry.refsKey}/${index}`;
      const [type = '', versionText = ''] = ref.split('@');
      const version = Number(versionText);
      const summary = schemas.summary({ name: type, version });
      if (summary === undefined || summary.kind !== 'event') {
        const latest = schemas.latestVersion(type);
        const unknownType = latest === undefined || schemas.summary({ name: type, version: latest })?.kind !== 'event';
        errors.push({ path, message: unknownType ? `names ${ref}, which is not a canonical event type` : `names ${ref}, but ${type} has versions 1 to ${latest} only`, keyword: 'event' });
        return;
      }
      const range = canonical[type];
      if (range !== undefined && isValidRange(range) && !majorSatisfies(version, range)) {
        errors.push({ path, message: `names ${ref}, outside the manifest's own compatibility range ${type} "${range}"`, keyword: 'compatibility' });
      }
    });
  }
  return errors;
}

function compatibilityErrors(manifest: ConnectorManifest, context: ManifestContext): FieldError[] {
  const errors: FieldError[] = [];
  const { sdk, canonical } = manifest.compatibility;
  if (!isValidRange(sdk)) errors.push({ path: '/compatibility/sdk', message: `"${sdk}" is not a version range (e.g. ^0.1.0)`, keyword: 'range' });
  else if (!versionSatisfies(context.sdkVersion, sdk)) {
    errors.push({ path: '/compatibility/sdk', message: `"${sdk}" is not satisfied by the installed @omnihub/connector-sdk ${context.sdkVersion}`, keyword: 'compatibility' });
  }
  for (const [name, range] of Object.entries(canonical)) {
    const path = `/compatibility/canonical/${name}`;
    const latest = context.schemas.latestVersion(name);
    if (latest === undefined) errors.push({ path, message: `names no canonical schema "${name}"`, keyword: 'schema' });
    else if (!isValidRange(range)) errors.push({ path, message: `"${range}" is not a version range (e.g. ">=1 <3")`, keyword: 'range' });
    else if (!Array.from({ length: latest }, (_, i) => i + 1).some((version) => context.schemas.summary({ name, version }) !== undefined && majorSatisfies(version, range))) {
      errors.push({ path, message: `"${range}" admits none of the installed versions of ${name} (1 to ${latest})`, keyword: 'compatibility' });
    }
  }
  return errors;
}

function hostFieldErrors(manifest: ConnectorManifest): FieldError[] {
  return (manifest.allowedHostsFromConfig ?? []).flatMap((field, index) => {
    const schema = fieldSchema(manifest.configSchema, field);
    if (schema?.['type'] === 'string') return [];
    return [{ path: `/allowedHostsFromConfig/${index}`, message: `names "${field}", which is not a string field of configSchema`, keyword: 'field' }];
  });
}

function breakingChangeErrors(manifest: ConnectorManifest): FieldError[] {
  const major = Number(manifest.version.split('.')[0]);
  return Object.keys(manifest.breakingChanges ?? {})
    .filter((key) => Number(key) > major)
    .map((key) => ({ path: `/breakingChanges/${key}`, message: `is for major ${key}, newer than this version ${manifest.version}`, keyword: 'major' }));
}

/**
 * Validates a connector manifest completely: its shape (ajv), unique capability names, events
 * that exist in the canonical registry, a valid config schema with secrets marked, host-name
 * fields that exist, SDK and canonical compatibility ranges met by what is installed, and breaking
 * changes keyed by majors. Throws a {@link ManifestError} naming every broken rule.
 */
export function validateManifest(manifest: unknown, context: ManifestContext): ConnectorManifest {
  const shape = shapeErrors(manifest);
  if (shape.length > 0) throw new ManifestError(context.packageName, shape);
  const valid = manifest as ConnectorManifest;
  const errors = [
    ...capabilityErrors(valid, context.schemas),
    ...checkConfigSchema(valid.configSchema),
    ...hostFieldErrors(valid),
    ...compatibilityErrors(valid, context),
    ...breakingChangeErrors(valid),
  ];
  if (errors.length > 0) throw new ManifestError(context.packageName, errors);
  return valid;
}
