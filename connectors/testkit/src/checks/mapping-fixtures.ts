import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { verdict, type CheckResult } from '../check-result.ts';
import { describeThrown } from '../run-environment.ts';

/** What running one mapping's fixture pairs gave. */
export interface MappingFixtureOutcome {
  /** `id@version` of the mapping that ran. */
  mapping: string;
  /** Fixture pairs whose output matched. */
  passed: number;
  /** Fixture pairs that did not, each with what differed. */
  failures: { fixture: string; message: string }[];
}

/**
 * Runs the fixture pairs of one mapping by id (throws when there is no such mapping). The kit
 * stays free of the mapping engine: `omnihub connectors test` passes core's mapping tester.
 *
 * @example
 * const fixtures: MappingFixtureRunner = async (id) => ({ mapping: `${id}@1.0.0`, passed: 3, failures: [] });
 */
export type MappingFixtureRunner = (mappingId: string) => Promise<MappingFixtureOutcome>;

/** Mapping ids the manifest's capabilities name, each once. */
export function mappingIdsOf(manifest: ConnectorManifest): string[] {
  const { webhooks = [], polling = [], actions = [] } = manifest.capabilities;
  return [...new Set([...webhooks, ...polling, ...actions].map((capability) => capability.mapping).filter((id): id is string => id !== undefined))];
}

/**
 * The `mapping-fixtures` check: every mapping a capability names passes all its fixture pairs
 * (and has at least one). A connector naming no mapping passes: its instances bring their own.
 *
 * @example
 * const result = await checkMappingFixtures(manifest, fixtures);
 */
export async function checkMappingFixtures(manifest: ConnectorManifest, fixtures: MappingFixtureRunner | undefined): Promise<CheckResult> {
  const ids = mappingIdsOf(manifest);
  if (ids.length === 0) return verdict('mapping-fixtures', [], 'the connector names no mapping (each instance brings its own)');
  if (fixtures === undefined) {
    return verdict('mapping-fixtures', [`the connector names ${ids.join(', ')}, but no mapping runner was given: run the kit through \`omnihub connectors test\`, which brings the mapping engine`], '');
  }
  const findings: string[] = [];
  let pairs = 0;
  for (const id of ids) {
    try {
      const outcome = await fixtures(id);
      pairs += outcome.passed + outcome.failures.length;
      if (outcome.passed + outcome.failures.length === 0) findings.push(`mapping ${outcome.mapping} has no fixture pair`);
      for (const failure of outcome.failures) findings.push(`mapping ${outcome.mapping}, fixture ${failure.fixture}: ${failure.message}`);
    } catch (error: unknown) {
      findings.push(`mapping ${id}: ${describeThrown(error)}`);
    }
  }
  return verdict('mapping-fixtures', findings, `${ids.length} mapping${ids.length === 1 ? '' : 's'} pass their ${pairs} fixture pair${pairs === 1 ? '' : 's'}`);
}
