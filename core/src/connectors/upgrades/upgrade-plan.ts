import type { ConnectorManifest } from '@omnihub/connector-sdk';
import type { FieldError } from '../../errors/hub-error.ts';
import { compareVersions } from '../version-ranges.ts';
import { capabilitySettingErrors, configErrors } from '../instances/config-validation.ts';
import type { ConnectorInstance } from '../instances/instance.ts';
import { breakingChangesBetween, type BreakingChangeNote } from './breaking-changes.ts';
import { checkMappings, type MappingCheck, type UpgradeMappings } from './mapping-checks.ts';

/** What moving an instance to another version of its connector takes, checked before the switch. */
export interface UpgradePlan {
  instance: string;
  connector: string;
  from: string;
  to: string;
  /** `upgrade` to a newer version, `downgrade` to an older one (a rollback usually). */
  direction: 'upgrade' | 'downgrade';
  /** The instance's config, mapping overrides and poll intervals checked against the target version's manifest: pointers into the instance (`/config/baseUrl`). */
  configErrors: FieldError[];
  /** The target version's mapping fixtures and the instance's overrides run against them. */
  mappingChecks: MappingCheck[];
  /** Breaking changes the manifests record between the two versions. */
  breakingChanges: BreakingChangeNote[];
  /** Capabilities the target version adds and drops. */
  capabilities: { added: string[]; removed: string[] };
  /** True when every check passed: the switch may be made. */
  ready: boolean;
}

function capabilityNames(manifest: ConnectorManifest | undefined): string[] {
  if (manifest === undefined) return [];
  const { webhooks = [], polling = [], actions = [] } = manifest.capabilities;
  return [...webhooks, ...polling, ...actions].map((c) => c.name);
}

/**
 * Plans moving `instance` (its config given decrypted) from its pinned version to `target`:
 * validates the config, overrides and poll intervals against the target's manifest, runs the
 * target's mapping fixtures and the overrides on them, and lists the recorded breaking changes.
 */
export async function planUpgrade(input: {
  instance: ConnectorInstance;
  plainConfig: Record<string, unknown>;
  current: ConnectorManifest | undefined;
  target: ConnectorManifest;
  mappings: UpgradeMappings;
}): Promise<UpgradePlan> {
  const { instance, target } = input;
  const errors = [...configErrors(target, input.plainConfig), ...capabilitySettingErrors(target, instance.mappingOverrides, instance.pollIntervals)];
  const mappingChecks = await checkMappings(input.mappings, target, instance.mappingOverrides);
  const before = capabilityNames(input.current);
  const after = capabilityNames(target);
  return {
    instance: instance.id,
    connector: instance.connectorId,
    from: instance.version,
    to: target.version,
    direction: compareVersions(target.version, instance.version) > 0 ? 'upgrade' : 'downgrade',
    configErrors: errors,
    mappingChecks,
    breakingChanges: breakingChangesBetween(input.current, target, instance.version),
    capabilities: { added: after.filter((name) => !before.includes(name)), removed: input.current === undefined ? [] : before.filter((name) => !after.includes(name)) },
    ready: errors.length === 0 && mappingChecks.every((check) => check.passed),
  };
}
