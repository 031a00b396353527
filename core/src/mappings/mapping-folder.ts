import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Ajv2020Module from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describeFieldErrors, toFieldErrors } from '../schema/field-errors.ts';
import { FIXTURE_ERROR_SCHEMA, type Fixture } from './fixture.ts';
import { EXPRESSION_FILE, isCanonicalEndpoint, MAPPING_FILE_SCHEMA, type MappingFile } from './mapping-definition.ts';

const Ajv2020 = Ajv2020Module.default;

/** The name of the file that declares a mapping version. */
export const MAPPING_FILE = 'mapping.yaml';

/** One mapping version as read from its folder `<id>/<version>/`, before compilation. */
export interface MappingFolder {
  dir: string;
  file: MappingFile;
  /** The expression text (from the file it names, or inline); undefined for a chain. */
  expression: string | undefined;
  /** The `.jsonata` file holding the expression, when it is in a file. */
  expressionFile: string | undefined;
  fixtures: Fixture[];
  /** JSON Schemas named by `schema:` of vendor endpoints, by file name. */
  schemas: Map<string, Record<string, unknown>>;
}

/** A mapping folder with problems: each names the file and what is wrong with it. */
export class MappingFolderError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('\n'));
    this.name = 'MappingFolderError';
    this.problems = problems;
  }
}

const ajv = new Ajv2020({ strict: true, allErrors: true, strictRequired: false });
const validateMappingFile = ajv.compile(MAPPING_FILE_SCHEMA);
const validateFixtureError = ajv.compile(FIXTURE_ERROR_SCHEMA);

const FIXTURE_FILE = /^(.+)\.(input|output|error|bindings)\.json$/;

async function readJson(file: string, problems: string[]): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as unknown;
  } catch (error: unknown) {
    problems.push(`${file}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}

async function readFixtures(dir: string, problems: string[]): Promise<Fixture[]> {
  const fixturesDir = path.join(dir, 'fixtures');
  let files: string[];
  try {
    files = (await readdir(fixturesDir)).sort();
  } catch {
    return [];
  }
  const cases = new Map<string, Map<string, string>>();
  for (const file of files) {
    const match = FIXTURE_FILE.exec(file);
    if (match === null) {
      problems.push(`${path.join(fixturesDir, file)}: not a fixture file; name it <case>.input.json, <case>.output.json, <case>.error.json or <case>.bindings.json`);
      continue;
    }
    const [, name = '', role = ''] = match;
    cases.set(name, (cases.get(name) ?? new Map<string, string>()).set(role, path.join(fixturesDir, file)));
  }
  const fixtures: Fixture[] = [];
  for (const [name, roles] of cases) {
    const where = path.join(fixturesDir, name);
    const inputFile = roles.get('input');
    if (inputFile === undefined || roles.has('output') === roles.has('error')) {
      problems.push(`${where}: a fixture needs ${name}.input.json and exactly one of ${name}.output.json or ${name}.error.json`);
      continue;
    }
    const fixture: Fixture = { name, input: await readJson(inputFile, problems) };
    const outputFile = roles.get('output');
    if (outputFile !== undefined) fixture.output = await readJson(outputFile, problems);
    const errorFile = roles.get('error');
    if (errorFile !== undefined) {
      const expectation = await readJson(errorFile, problems);
      if (validateFixtureError(expectation)) fixture.error = expectation;
      else problems.push(`${errorFile}: ${describeFieldErrors(toFieldErrors(validateFixtureError.errors))}`);
    }
    const bindingsFile = roles.get('bindings');
    if (bindingsFile !== undefined) {
      const bindings = await readJson(bindingsFile, problems);
      if (bindings !== null && typeof bindings === 'object' && !Array.isArray(bindings)) fixture.bindings = bindings as Record<string, unknown>;
      else problems.push(`${bindingsFile}: must hold an object of variable names and values`);
    }
    fixtures.push(fixture);
  }
  return fixtures;
}

/**
 * Reads `<dir>/mapping.yaml`, its expression file, vendor schemas and fixtures, and checks the
 * declaration: schema of the file, id and version equal to the folder names. Throws
 * {@link MappingFolderError} listing every problem found.
 */
export async function readMappingFolder(dir: string, id: string, version: string): Promise<MappingFolder> {
  const problems: string[] = [];
  const declaration = path.join(dir, MAPPING_FILE);
  let document: unknown;
  try {
    document = parse(await readFile(declaration, 'utf8')) as unknown;
  } catch (error: unknown) {
    throw new MappingFolderError([`${declaration}: ${error instanceof Error ? error.message : String(error)}`]);
  }
  if (!validateMappingFile(document)) throw new MappingFolderError([`${declaration}: ${describeFieldErrors(toFieldErrors(validateMappingFile.errors))}`]);
  const file = document as MappingFile;
  if (file.id !== id) problems.push(`${declaration}: id ${file.id} does not match its folder ${id}`);
  if (file.version !== version) problems.push(`${declaration}: version ${file.version} does not match its folder ${version}`);

  let expression: string | undefined;
  let expressionFile: string | undefined;
  if (file.expression !== undefined) {
    if (EXPRESSION_FILE.test(file.expression.trim())) {
      expressionFile = file.expression.trim();
      try {
        expression = await readFile(path.join(dir, expressionFile), 'utf8');
      } catch {
        problems.push(`${declaration}: expression file ${expressionFile} is missing`);
      }
    } else {
      expression = file.expression;
    }
  }

  const schemas = new Map<string, Record<string, unknown>>();
  for (const endpoint of [file.source, file.target]) {
    if (isCanonicalEndpoint(endpoint) || endpoint.schema === undefined || schemas.has(endpoint.schema)) continue;
    const schema = await readJson(path.join(dir, endpoint.schema), problems);
    if (schema !== null && typeof schema === 'object' && !Array.isArray(schema)) schemas.set(endpoint.schema, schema as Record<string, unknown>);
    else if (schema !== undefined) problems.push(`${path.join(dir, endpoint.schema)}: must hold a JSON Schema object`);
  }

  const fixtures = await readFixtures(dir, problems);
  if (problems.length > 0) throw new MappingFolderError(problems);
  return { dir, file, expression, expressionFile, fixtures, schemas };
}
