import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { HubError, type FieldError } from '../../errors/hub-error.ts';
import { jsonDiff } from '../../mappings/json-diff.ts';
import { describeFieldErrors } from '../../schema/field-errors.ts';
import type { ConnectorRegistry } from '../connector-registry.ts';
import { capabilitySettingErrors, configErrors, instanceIdErrors } from '../instances/config-validation.ts';
import type { InstanceChanges, NewInstance } from '../instances/instance.ts';
import { pointerWithin, readPointer } from '../../schema/json-pointer.ts';
import { mapSecrets, secretPointers, SECRET_MASK } from '../secrets/secret-fields.ts';
import { breakingChangesBetween, type BreakingChangeNote } from '../upgrades/breaking-changes.ts';
import type { MappingCheck } from '../upgrades/mapping-checks.ts';
import { configDocumentErrors, type ConfigDocument, type InstanceDeclaration } from './config-document.ts';
import type { CurrentInstance } from './current-instances.ts';
import { maskAt } from './mask-at.ts';
import { planDigest } from './plan-digest.ts';

/** One field an apply sets, changes or removes. Secret values show as `********`. */
export interface FieldChange {
  /** JSON pointer inside the instance declaration: `/version`, `/enabled`, `/config/baseUrl`, `/mappings/orders`, `/pollIntervals/orders`. */
  path: string;
  /** The value now; absent when the field is added. */
  before?: unknown;
  /** The value after the apply; absent when the field is removed. */
  after?: unknown;
  /** True when the field is (or holds) a secret: both values are masked. */
  secret?: boolean;
}

/** What an apply does to one instance. */
export interface PlannedChange {
  id: string;
  action: 'create' | 'update' | 'delete';
  connector: string;
  /** The version the instance pins after the apply (for a deletion: the one it pins now). */
  version: string;
  /** The fields set (create) or changed (update); empty for a deletion. */
  fields: FieldChange[];
  /** For a version change, the version pinned before. */
  fromVersion?: string;
  /** For a version change, the breaking changes its manifests record between the two versions. */
  breakingChanges?: BreakingChangeNote[];
  /** For a version change, the new version's mapping fixtures and the instance's overrides run on them. */
  mappingChecks?: MappingCheck[];
}

/** The difference between a config file and the hub: what an apply would do, instance by instance. */
export interface ConfigPlan {
  changes: PlannedChange[];
  /** Declared instances that already match the file. */
  unchanged: string[];
  /** Instances of the hub the file does not declare, left alone (apply with `prune` to delete them). */
  unmanaged: string[];
  /** Whether instances missing from the file are deleted. */
  prune: boolean;
  summary: { create: number; update: number; delete: number; unchanged: number };
  /** SHA-256 of `changes`: an apply given it refuses to act when the plan has changed since. */
  digest: string;
  /** Whether the changes were made (false for a plan). */
  applied: boolean;
}

/** One step an apply takes, in order: deletions, creations, then updates. */
export type PlanStep =
  | { action: 'create'; instance: NewInstance }
  | { action: 'update'; id: string; changes: InstanceChanges | undefined; state: 'enabled' | 'disabled' | undefined }
  | { action: 'delete'; id: string };

/** What a plan is computed from: the file, the hub's instances (secrets decrypted) and its connectors. */
export interface PlanInput {
  document: unknown;
  current: readonly CurrentInstance[];
  connectors: ConnectorRegistry;
  /** Delete the instances the file does not declare. */
  prune?: boolean | undefined;
}

/** A computed plan and the steps that carry it out. */
export interface ComputedPlan {
  plan: ConfigPlan;
  steps: PlanStep[];
}

interface Desired {
  declaration: InstanceDeclaration;
  index: number;
  manifest: ConnectorManifest;
  config: Record<string, unknown>;
  mappings: Record<string, string>;
  pollIntervals: Record<string, number>;
  enabled: boolean;
}

/** The `validation-failed` error refusing a config file for these problems. */
export function invalidConfigFile(errors: FieldError[]): HubError {
  return new HubError('validation-failed', { detail: `the config file is invalid: ${describeFieldErrors(errors)}`, errors });
}

/** The manifest the declaration pins, or the errors saying why there is none. */
function manifestOf(declaration: InstanceDeclaration, at: string, current: CurrentInstance | undefined, connectors: ConnectorRegistry, errors: FieldError[]): ConnectorManifest | undefined {
  const installed = connectors.versions(declaration.connector);
  if (installed.length === 0) {
    errors.push({ path: `${at}/connector`, message: `no connector "${declaration.connector}" is installed`, keyword: 'installed' });
    return undefined;
  }
  if (current !== undefined && current.instance.connectorId !== declaration.connector) {
    errors.push({
      path: `${at}/connector`,
      message: `instance "${declaration.id}" is a ${current.instance.connectorId} instance and cannot become ${declaration.connector}: give it another id, or delete it first`,
      keyword: 'immutable',
    });
    return undefined;
  }
  const version = declaration.version ?? current?.instance.version ?? connectors.latest(declaration.connector)?.manifest.version;
  const loaded = version === undefined ? undefined : connectors.get(declaration.connector, version);
  if (loaded === undefined) {
    const where = declaration.version === undefined ? `instance "${declaration.id}" pins ${declaration.connector}@${version ?? '?'}, which` : `${declaration.connector}@${version ?? '?'}`;
    errors.push({ path: `${at}/version`, message: `${where} is not installed (installed: ${installed.join(', ')})`, keyword: 'installed' });
    return undefined;
  }
  return loaded.manifest;
}

/** The declared config with each `********` secret replaced by the stored one it stands for. */
function keepMaskedSecrets(manifest: ConnectorManifest, config: Record<string, unknown>, current: CurrentInstance | undefined, at: string, errors: FieldError[]): Record<string, unknown> {
  return mapSecrets(manifest.configSchema, config, (value, pointer) => {
    if (value !== SECRET_MASK) return value;
    const kept = current === undefined ? undefined : readPointer(current.plainConfig, pointer);
    if (typeof kept === 'string') return kept;
    errors.push({ path: `${at}/config${pointer}`, message: `is masked (${SECRET_MASK}) but no secret is stored there to keep: give the secret, e.g. as an \${ENV_VAR} reference`, keyword: 'secret' });
    return value;
  });
}

/**
 * Validates each declaration against its connector version, every problem at once. An
 * `undefined` entry (a declaration of the wrong shape) is skipped, its index kept.
 */
function checkDeclarations(declarations: readonly (InstanceDeclaration | undefined)[], byId: Map<string, CurrentInstance>, connectors: ConnectorRegistry): { desired: Desired[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const seen = new Map<string, number>();
  const desired: Desired[] = [];
  declarations.forEach((declaration, index) => {
    if (declaration === undefined) return;
    const at = `/instances/${index}`;
    errors.push(...instanceIdErrors(declaration.id).map((e) => ({ ...e, path: `${at}${e.path}` })));
    const first = seen.get(declaration.id);
    if (first !== undefined) errors.push({ path: `${at}/id`, message: `"${declaration.id}" is declared twice (first at /instances/${first})`, keyword: 'unique' });
    seen.set(declaration.id, first ?? index);
    const current = byId.get(declaration.id);
    const manifest = manifestOf(declaration, at, current, connectors, errors);
    if (manifest === undefined) return;
    const own: FieldError[] = [];
    const config = keepMaskedSecrets(manifest, declaration.config ?? {}, current, at, own);
    const mappings = declaration.mappings ?? {};
    const pollIntervals = declaration.pollIntervals ?? {};
    own.push(...configErrors(manifest, config, `${at}/config`));
    for (const error of capabilitySettingErrors(manifest, mappings, pollIntervals)) {
      own.push({ ...error, path: error.path.replace(/^\/mappingOverrides\//, `${at}/mappings/`).replace(/^\/pollIntervals\//, `${at}/pollIntervals/`) });
    }
    errors.push(...own);
    desired.push({ declaration, index, manifest, config, mappings, pollIntervals, enabled: declaration.enabled ?? true });
  });
  return { desired, errors };
}

/**
 * The declarations of a document whose shape is wrong that can still be checked against their
 * connector: those whose only shape problems are unknown keys (the others are `undefined`).
 */
function checkableDeclarations(document: unknown, shapeErrors: readonly FieldError[]): (InstanceDeclaration | undefined)[] {
  const instances = document !== null && typeof document === 'object' ? (document as Record<string, unknown>)['instances'] : undefined;
  if (!Array.isArray(instances)) return [];
  const broken = new Set(
    shapeErrors.filter((error) => error.keyword !== 'additionalProperties').map((error) => /^\/instances\/(\d+)(?:\/|$)/.exec(error.path)?.[1]),
  );
  return instances.map((declaration: unknown, index) => (broken.has(String(index)) ? undefined : (declaration as InstanceDeclaration)));
}

/** Config differences, field by field, with secret values masked on either side. */
function configChanges(before: Record<string, unknown>, beforeSecrets: readonly string[], after: Record<string, unknown>, afterSecrets: readonly string[]): FieldChange[] {
  return jsonDiff(before, after).map((difference) => {
    const secret = [...beforeSecrets, ...afterSecrets].some((pointer) => pointerWithin(pointer, difference.path) || pointerWithin(difference.path, pointer));
    const change: FieldChange = { path: `/config${difference.path}` };
    if (difference.kind !== 'unexpected') change.before = maskAt(difference.expected, difference.path, beforeSecrets);
    if (difference.kind !== 'missing') change.after = maskAt(difference.actual, difference.path, afterSecrets);
    if (secret) change.secret = true;
    return change;
  });
}

/** Differences of a flat map (mapping overrides, poll intervals) under `prefix`. */
function mapChanges(prefix: string, before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  return jsonDiff(before, after).map((difference) => {
    const change: FieldChange = { path: `${prefix}${difference.path}` };
    if (difference.kind !== 'unexpected') change.before = difference.expected;
    if (difference.kind !== 'missing') change.after = difference.actual;
    return change;
  });
}

function planCreate(want: Desired): { change: PlannedChange; step: PlanStep } {
  const secrets = secretPointers(want.manifest.configSchema, want.config);
  const fields: FieldChange[] = [
    { path: '/version', after: want.manifest.version },
    { path: '/enabled', after: want.enabled },
    ...configChanges({}, [], want.config, secrets),
    ...mapChanges('/mappings', {}, want.mappings),
    ...mapChanges('/pollIntervals', {}, want.pollIntervals),
  ];
  return {
    change: { id: want.declaration.id, action: 'create', connector: want.manifest.id, version: want.manifest.version, fields },
    step: {
      action: 'create',
      instance: { id: want.declaration.id, connectorId: want.manifest.id, version: want.manifest.version, config: want.config, mappingOverrides: want.mappings, pollIntervals: want.pollIntervals, state: want.enabled ? 'enabled' : 'disabled' },
    },
  };
}

function planUpdate(want: Desired, current: CurrentInstance, connectors: ConnectorRegistry): { change: PlannedChange; step: PlanStep } | undefined {
  const { instance } = current;
  const fields: FieldChange[] = [];
  const versionChanged = instance.version !== want.manifest.version;
  if (versionChanged) fields.push({ path: '/version', before: instance.version, after: want.manifest.version });
  // `paused` is an operational state (after a credentials failure, or by an operator): the file's
  // `enabled: true` leaves it alone; only `disabled` is the file's business.
  const enabledNow = instance.state !== 'disabled';
  if (enabledNow !== want.enabled) fields.push({ path: '/enabled', before: enabledNow, after: want.enabled });
  const settings = [
    ...configChanges(current.plainConfig, current.secretPointers, want.config, secretPointers(want.manifest.configSchema, want.config)),
    ...mapChanges('/mappings', instance.mappingOverrides, want.mappings),
    ...mapChanges('/pollIntervals', instance.pollIntervals, want.pollIntervals),
  ];
  fields.push(...settings);
  if (fields.length === 0) return undefined;
  const change: PlannedChange = { id: instance.id, action: 'update', connector: instance.connectorId, version: want.manifest.version, fields };
  if (versionChanged) {
    change.fromVersion = instance.version;
    change.breakingChanges = breakingChangesBetween(connectors.get(instance.connectorId, instance.version)?.manifest, want.manifest, instance.version);
  }
  const changes: InstanceChanges | undefined =
    versionChanged || settings.length > 0 ? { version: want.manifest.version, config: want.config, mappingOverrides: want.mappings, pollIntervals: want.pollIntervals } : undefined;
  return { change, step: { action: 'update', id: instance.id, changes, state: enabledNow === want.enabled ? undefined : want.enabled ? 'enabled' : 'disabled' } };
}

/**
 * Compares a config file with the hub's instances and says what an apply would do: create the
 * instances the file adds, update those whose version, state, config, mapping overrides or poll
 * intervals differ (field by field, secrets masked), and, with `prune`, delete those it leaves
 * out. Pure: reads nothing and changes nothing. The whole file is validated first (its shape,
 * and each declaration of the right shape, unknown keys aside, against its connector version's
 * schema); every problem is thrown at once as `validation-failed` with JSON pointers into the
 * file (`/instances/1/config/baseUrl`).
 */
export function computePlan(input: PlanInput): ComputedPlan {
  const byId = new Map(input.current.map((current) => [current.instance.id, current]));
  const shapeErrors = configDocumentErrors(input.document);
  if (shapeErrors.length > 0) {
    // Unknown keys (a typo) hide nothing: the declarations they leave sound are checked too.
    const { errors } = checkDeclarations(checkableDeclarations(input.document, shapeErrors), byId, input.connectors);
    throw invalidConfigFile([...shapeErrors, ...errors]);
  }
  const document = input.document as ConfigDocument;
  const { desired, errors } = checkDeclarations(document.instances, byId, input.connectors);
  if (errors.length > 0) throw invalidConfigFile(errors);
  const declared = new Set(desired.map((want) => want.declaration.id));
  const prune = input.prune === true;
  const deletions: { change: PlannedChange; step: PlanStep }[] = [];
  const creations: { change: PlannedChange; step: PlanStep }[] = [];
  const updates: { change: PlannedChange; step: PlanStep }[] = [];
  const unchanged: string[] = [];
  const unmanaged: string[] = [];
  for (const current of input.current) {
    if (declared.has(current.instance.id)) continue;
    if (!prune) unmanaged.push(current.instance.id);
    else deletions.push({ change: { id: current.instance.id, action: 'delete', connector: current.instance.connectorId, version: current.instance.version, fields: [] }, step: { action: 'delete', id: current.instance.id } });
  }
  for (const want of desired) {
    const current = byId.get(want.declaration.id);
    if (current === undefined) creations.push(planCreate(want));
    else {
      const update = planUpdate(want, current, input.connectors);
      if (update === undefined) unchanged.push(want.declaration.id);
      else updates.push(update);
    }
  }
  const ordered = [...deletions, ...creations, ...updates];
  const changes = ordered.map((entry) => entry.change);
  return {
    plan: {
      changes,
      unchanged: unchanged.sort(),
      unmanaged: unmanaged.sort(),
      prune,
      summary: { create: creations.length, update: updates.length, delete: deletions.length, unchanged: unchanged.length },
      digest: planDigest(changes),
      applied: false,
    },
    steps: ordered.map((entry) => entry.step),
  };
}
