import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { describeDifferences } from '../../mappings/json-diff.ts';
import type { MappingCatalog } from '../../mappings/catalog.ts';
import { ExpressionSyntaxError, MappingExpression } from '../../mappings/expression.ts';

/** What an upgrade check needs of the mapping engine (the hub's `MappingCatalog`). */
export type UpgradeMappings = Pick<MappingCatalog, 'has' | 'get' | 'testMapping' | 'validateOverride' | 'engineMode'>;

/** The outcome of one mapping check of an upgrade. */
export interface MappingCheck {
  /** The capability of the target version whose mapping was checked. */
  capability: string;
  /**
   * `fixtures`: the fixture pairs of the mapping the capability names; `override`: the instance's
   * override of the capability (run on those fixtures' inputs, or only compiled when the
   * capability names no mapping).
   */
  kind: 'fixtures' | 'override';
  /** `id@version` of the mapping, when the capability names one. */
  mapping?: string;
  passed: boolean;
  /** Fixture cases run. */
  cases: number;
  /** What failed, one line each (`fixture-name: reason`). */
  failures: string[];
}

function capabilitiesOf(manifest: ConnectorManifest): { name: string; mapping?: string | undefined }[] {
  const { webhooks = [], polling = [], actions = [] } = manifest.capabilities;
  return [...webhooks, ...polling, ...actions];
}

async function fixturesCheck(mappings: UpgradeMappings, capability: string, id: string): Promise<MappingCheck> {
  const version = mappings.get(id);
  const [report] = await mappings.testMapping(id, version.version);
  const cases = report?.cases ?? [];
  const failures = cases.filter((c) => !c.passed).map((c) => `${c.name}: ${[c.problem, ...describeDifferences(c.differences)].filter((m) => m !== undefined).join('; ')}`);
  return { capability, kind: 'fixtures', mapping: report?.mapping ?? `${id}@${version.version}`, passed: failures.length === 0, cases: cases.length, failures };
}

async function overrideCheck(mappings: UpgradeMappings, capability: string, id: string | undefined, expression: string): Promise<MappingCheck> {
  if (id !== undefined) {
    const report = await mappings.validateOverride(id, expression);
    const failures = report.error !== undefined ? [report.error.message] : report.cases.filter((c) => c.status === 'failed').map((c) => `${c.name}: ${c.message ?? c.code ?? 'failed'}`);
    return { capability, kind: 'override', mapping: report.mapping, passed: report.valid, cases: report.cases.length, failures };
  }
  try {
    await MappingExpression.compile(expression, mappings.engineMode);
    return { capability, kind: 'override', passed: true, cases: 0, failures: [] };
  } catch (error: unknown) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    return { capability, kind: 'override', passed: false, cases: 0, failures: [`the override does not compile: ${error.message}`] };
  }
}

/**
 * Runs, for the connector version an instance moves to, the fixtures of every mapping its
 * manifest names (at the mapping's newest release, the one the runtime uses), and checks the
 * instance's overrides of its capabilities against those fixtures' inputs. A mapping the hub does
 * not have fails its check.
 */
export async function checkMappings(mappings: UpgradeMappings, manifest: ConnectorManifest, overrides: Readonly<Record<string, string>>): Promise<MappingCheck[]> {
  const checks: MappingCheck[] = [];
  for (const capability of capabilitiesOf(manifest)) {
    const override = overrides[capability.name];
    if (capability.mapping !== undefined) {
      if (!mappings.has(capability.mapping)) {
        checks.push({ capability: capability.name, kind: 'fixtures', mapping: capability.mapping, passed: false, cases: 0, failures: [`the hub has no mapping ${capability.mapping}`] });
        continue;
      }
      checks.push(await fixturesCheck(mappings, capability.name, capability.mapping));
    }
    if (override !== undefined && (capability.mapping === undefined || mappings.has(capability.mapping))) {
      checks.push(await overrideCheck(mappings, capability.name, capability.mapping, override));
    }
  }
  return checks;
}
