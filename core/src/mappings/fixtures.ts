import { describeFieldErrors } from '../schema/field-errors.ts';
import type { FieldError } from '../errors/hub-error.ts';
import type { Fixture, FixtureErrorExpectation } from './fixture.ts';
import { jsonDiff, type JsonDifference } from './json-diff.ts';
import { describeEndpoint } from './mapping-definition.ts';
import { isMappingError, type MappingError } from './mapping-error.ts';
import { mappingRef, type MappingVersion } from './mapping-version.ts';

/** The outcome of one fixture case. */
export interface FixtureCaseResult {
  name: string;
  passed: boolean;
  /** For an expected output: where the result differs from it. */
  differences: JsonDifference[];
  /** Why the case failed, when it is not (only) a difference: an unexpected error, a missing one, an invalid input. */
  problem?: string;
}

/** The fixture cases of one mapping version. */
export interface FixtureReport {
  /** `id@version`. */
  mapping: string;
  id: string;
  version: string;
  engine: MappingVersion['engine'];
  passed: number;
  failed: number;
  cases: FixtureCaseResult[];
}

/** What runs a mapping version on an input (the catalog's apply, pinned to that version). */
export interface FixtureRunner {
  apply(id: string, input: unknown, options: { version: string; bindings?: Readonly<Record<string, unknown>> | undefined }): Promise<unknown>;
  validateSource(mapping: MappingVersion, input: unknown): FieldError[] | undefined;
}

function expectationProblem(expected: FixtureErrorExpectation, error: MappingError): string | undefined {
  if (error.code !== expected.code) return `expected ${expected.code}, got ${error.code}: ${error.message}`;
  if (expected.message !== undefined && !error.message.includes(expected.message)) return `expected a message containing ${JSON.stringify(expected.message)}, got: ${error.message}`;
  if (expected.inputPath !== undefined && error.inputPath !== expected.inputPath) {
    return `expected input path ${expected.inputPath}, got ${error.inputPath ?? 'none'}: ${error.message}`;
  }
  for (const wanted of expected.errors ?? []) {
    const found = error.errors.some((actual) => actual.path === wanted.path && (wanted.keyword === undefined || actual.keyword === wanted.keyword));
    if (!found) return `expected a schema error at ${wanted.path}${wanted.keyword === undefined ? '' : ` (${wanted.keyword})`}, got: ${describeFieldErrors(error.errors)}`;
  }
  return undefined;
}

async function runCase(runner: FixtureRunner, mapping: MappingVersion, fixture: Fixture): Promise<FixtureCaseResult> {
  const result: FixtureCaseResult = { name: fixture.name, passed: false, differences: [] };
  const inputErrors = runner.validateSource(mapping, fixture.input);
  if (inputErrors !== undefined) {
    result.problem = `the input is not a valid ${describeEndpoint(mapping.source)}: ${describeFieldErrors(inputErrors)}`;
    return result;
  }
  let output: unknown;
  try {
    output = await runner.apply(mapping.id, fixture.input, { version: mapping.version, bindings: fixture.bindings });
  } catch (error: unknown) {
    if (!isMappingError(error)) throw error;
    if (fixture.error === undefined) {
      result.problem = error.message;
      return result;
    }
    const problem = expectationProblem(fixture.error, error);
    if (problem !== undefined) result.problem = problem;
    else result.passed = true;
    return result;
  }
  if (fixture.error !== undefined) {
    result.problem = `expected ${fixture.error.code}${fixture.error.message === undefined ? '' : ` (${fixture.error.message})`}, but the mapping gave a result`;
    return result;
  }
  result.differences = jsonDiff(fixture.output, output);
  result.passed = result.differences.length === 0;
  return result;
}

/**
 * Runs every fixture of a mapping version: maps each input (with its bindings) and deep-compares
 * the result with the expected output, reporting differences by JSON pointer, or checks that the
 * mapping refuses it as its `.error.json` expects. Inputs of a canonical source (or a vendor
 * source with a schema) must be valid themselves.
 */
export async function runFixtures(runner: FixtureRunner, mapping: MappingVersion): Promise<FixtureReport> {
  const cases: FixtureCaseResult[] = [];
  for (const fixture of mapping.fixtures) cases.push(await runCase(runner, mapping, fixture));
  const passed = cases.filter((entry) => entry.passed).length;
  return { mapping: mappingRef(mapping), id: mapping.id, version: mapping.version, engine: mapping.engine, passed, failed: cases.length - passed, cases };
}
