import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import jsonata from 'jsonata';
import type { MappingFixtureOutcome, MappingFixtureRunner } from '../checks/mapping-fixtures.ts';
import { canonicalValidator } from './canonical-validator.ts';
import { latestVersionDir, readFixtures, readMappingFile, type MappingFixture, type MappingFile } from './mapping-folder.ts';

/** Where {@link jsonataFixtureRunner} finds mappings and the canonical schemas they target. */
export interface JsonataFixtureOptions {
  /** The folder holding one folder per mapping id, each with `<version>/mapping.yaml`. */
  mappingsDir: string | URL;
  /** Folders of canonical schemas (`<name>/v<N>.schema.json`), earlier ones winning. */
  schemaDirs: readonly (string | URL)[];
}

function pathOf(place: string | URL): string {
  return typeof place === 'string' ? place : fileURLToPath(place);
}

/** A capability emitting several event types maps to `{ type: 'name@version', data }` items. */
function typedOutput(output: unknown): { type: string; data: unknown } | undefined {
  if (output === null || typeof output !== 'object' || !('data' in output)) return undefined;
  const { type } = output as { type?: unknown };
  return typeof type === 'string' ? { type, data: output.data } : undefined;
}

function schemaFinding(mapping: MappingFile, output: unknown, schemaOf: ReturnType<typeof canonicalValidator>): string | undefined {
  const canonical = mapping.target.canonical;
  if (canonical === undefined || output === undefined || output === null) return undefined;
  const typed = typedOutput(output);
  const ref = typed?.type ?? canonical;
  const validate = schemaOf(ref);
  if (validate === undefined) return `no schema ${ref}`;
  return validate(typed === undefined ? output : typed.data) ? undefined : `output breaks ${ref}: ${JSON.stringify(validate.errors)}`;
}

async function runFixture(mapping: MappingFile, expression: jsonata.Expression, fixture: MappingFixture, schemaOf: ReturnType<typeof canonicalValidator>): Promise<string | undefined> {
  let output: unknown;
  try {
    output = await expression.evaluate(fixture.input, { ...mapping.bindings, ...fixture.bindings });
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : ((error as { message?: string } | null)?.message ?? String(error));
    const expected = fixture.error;
    if (expected?.code === 'mapping.failed' && (expected.message === undefined || message.includes(expected.message))) return undefined;
    return `evaluation failed: ${message}`;
  }
  if (fixture.error !== undefined) return `expected ${fixture.error.code}, got an output`;
  const broken = schemaFinding(mapping, output, schemaOf);
  if (broken !== undefined) return broken;
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(output ?? null)), fixture.output)) return `output ${JSON.stringify(output)} differs from ${JSON.stringify(fixture.output)}`;
  return undefined;
}

/**
 * A {@link MappingFixtureRunner} for a connector's own tests: it runs the fixture pairs of the
 * newest version of a mapping with plain JSONata and validates canonical outputs against their
 * schema. A fixture `<name>.error.json` with code `mapping.failed` expects the evaluation to fail.
 * It has none of the hub's mapping functions (`$money`, `$e164` …): mappings that call them are
 * tested through `omnihub connectors test`, which runs the hub's mapping engine.
 *
 * @example
 * const fixtures = jsonataFixtureRunner({
 *   mappingsDir: new URL('../../../mappings/hubspot/', import.meta.url),
 *   schemaDirs: [new URL('../../../core/schemas/', import.meta.url)],
 * });
 * const report = await runConformance({ connector, conformance, fixtures });
 */
export function jsonataFixtureRunner(options: JsonataFixtureOptions): MappingFixtureRunner {
  let schemaOf: ReturnType<typeof canonicalValidator> | undefined;
  return async (id) => {
    const dir = latestVersionDir(path.join(pathOf(options.mappingsDir), id));
    const mapping = readMappingFile(dir);
    const expression = jsonata(readFileSync(path.join(dir, mapping.expression), 'utf8'));
    schemaOf ??= canonicalValidator(options.schemaDirs.map(pathOf));
    const outcome: MappingFixtureOutcome = { mapping: `${mapping.id}@${mapping.version}`, passed: 0, failures: [] };
    for (const fixture of readFixtures(dir)) {
      const failure = await runFixture(mapping, expression, fixture, schemaOf);
      if (failure === undefined) outcome.passed += 1;
      else outcome.failures.push({ fixture: fixture.name, message: failure });
    }
    return outcome;
  };
}
