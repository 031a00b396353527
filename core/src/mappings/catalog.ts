import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import Ajv2020Module, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { FieldError } from '../errors/hub-error.ts';
import { toFieldErrors } from '../schema/field-errors.ts';
import { SchemaRegistry } from '../schema/registry.ts';
import { parseSchemaRef, type SchemaRef } from '../schema/schema-ref.ts';
import { ExpressionEvaluationError, ExpressionSyntaxError, locateInText, MappingExpression, type EngineMode } from './expression.ts';
import { describeEndpoint, isCanonicalEndpoint, sameEndpoint, type MappingEndpoint } from './mapping-definition.ts';
import { evaluationFailure, invalidExpression, invalidOutput, mappingNotFound, type FailureContext } from './mapping-failures.ts';
import { findMappingFolders } from './discover.ts';
import { MappingFolderError, readMappingFolder, type MappingFolder } from './mapping-folder.ts';
import { mappingRef, type MappingVersion } from './mapping-version.ts';
import { compareSemVer, maxSatisfying, parseRange, parseSemVer, type SemVer } from './semver.ts';
import { runFixtures, type FixtureReport } from './fixtures.ts';
import { checkOverride, type OverrideReport } from './override-check.ts';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** The mappings shipped with omnihub (the repository's top-level `mappings/` folder). */
export const MAPPINGS_DIR = fileURLToPath(new URL('../../../mappings/', import.meta.url));

/** The mappings folder a process uses: `OMNIHUB_MAPPINGS_DIR`, else {@link MAPPINGS_DIR}. */
export function mappingsDir(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env['OMNIHUB_MAPPINGS_DIR'];
  return configured === undefined || configured === '' ? MAPPINGS_DIR : path.resolve(configured);
}

/** Options of {@link MappingCatalog.load}. */
export interface CatalogOptions {
  /** The canonical schema registry results are validated with (default: the shipped schemas). */
  registry?: SchemaRegistry | undefined;
  /** `auto` (default) compiles what it can; `jsonata` runs every expression on JSONata itself. */
  engine?: EngineMode | undefined;
  /**
   * Checks at load that the compiled evaluator gives JSONata's result on every fixture, and runs
   * a mapping on JSONata when it does not (default true).
   */
  verifyCompiled?: boolean | undefined;
}

/** An expression that replaces a mapping's own for one instance; same source and target. */
export interface MappingOverride {
  expression: string;
  /** Variables for the override, over the mapping's defaults. */
  bindings?: Readonly<Record<string, unknown>> | undefined;
}

/** Options of {@link MappingCatalog.apply}. */
export interface ApplyOptions {
  /** An exact version (`1.2.0`) or a range (`^1`, `1.x`, `>=1.1 <2`); the latest when absent. */
  version?: string | undefined;
  /** Overrides by mapping id: the mapping itself, or steps of a chain. A string is the expression. */
  overrides?: Readonly<Record<string, string | MappingOverride>> | undefined;
  /** Variables for the expression, over the mapping's (and the override's) defaults. */
  bindings?: Readonly<Record<string, unknown>> | undefined;
}

/** One mapping in a listing: its versions, and what the latest reads and writes. */
export interface MappingSummary {
  id: string;
  description: string;
  /** Every version, oldest first. */
  versions: string[];
  latest: string;
  source: MappingEndpoint;
  target: MappingEndpoint;
  /** Fixture pairs of the latest version. */
  fixtures: number;
  /** Evaluator of the latest version. */
  engine: MappingVersion['engine'];
}

/** Overrides compiled and kept, at most this many (least recently used go first). */
const OVERRIDE_CACHE_SIZE = 256;

function schemaKey(dir: string, file: string): string {
  return `${dir}\0${file}`;
}

/**
 * The mapping catalog: every version of every mapping under a folder
 * (`<id>/<semver>/mapping.yaml` with an expression and fixtures), compiled once. It applies a
 * mapping to a payload (by exact version or range, with per-instance overrides and variables),
 * validates results against the canonical schema (or the vendor schema) of the target, and
 * reports failures as {@link MappingError}s naming the mapping, the place in the expression and
 * the input path.
 *
 * @example
 * const catalog = await MappingCatalog.load();
 * const data = await catalog.apply('shopify.order-to-canonical', shopifyOrder, { version: '^1' });
 */
export class MappingCatalog {
  readonly dir: string;
  readonly registry: SchemaRegistry;
  readonly engineMode: EngineMode;
  readonly #mappings: Map<string, MappingVersion[]>;
  readonly #vendorSchemas: Map<string, ValidateFunction>;
  readonly #overrides = new Map<string, Promise<MappingExpression>>();

  private constructor(dir: string, registry: SchemaRegistry, engineMode: EngineMode, mappings: Map<string, MappingVersion[]>, vendorSchemas: Map<string, ValidateFunction>) {
    this.dir = dir;
    this.registry = registry;
    this.engineMode = engineMode;
    this.#mappings = mappings;
    this.#vendorSchemas = vendorSchemas;
  }

  /**
   * Loads every mapping version under `dir`: reads and checks each declaration, compiles each
   * expression, resolves chains and checks that each step's target is the next one's source,
   * and that canonical endpoints name registered schemas. Throws one error listing every problem.
   */
  static async load(dir: string = mappingsDir(), options: CatalogOptions = {}): Promise<MappingCatalog> {
    const registry = options.registry ?? (await SchemaRegistry.load());
    const engineMode = options.engine ?? 'auto';
    const problems: string[] = [];
    const folders: MappingFolder[] = [];
    const scan = await findMappingFolders(dir);
    problems.push(...scan.problems);
    for (const found of scan.found) {
      try {
        folders.push(await readMappingFolder(found.dir, found.id, found.version));
      } catch (error: unknown) {
        if (error instanceof MappingFolderError) problems.push(...error.problems);
        else throw error;
      }
    }

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    const vendorSchemas = new Map<string, ValidateFunction>();
    const mappings = new Map<string, MappingVersion[]>();
    for (const folder of folders) {
      const declaration = path.join(folder.dir, 'mapping.yaml');
      for (const endpoint of [folder.file.source, folder.file.target]) problems.push(...checkCanonical(endpoint, registry, declaration));
      for (const [file, schema] of folder.schemas) {
        try {
          vendorSchemas.set(schemaKey(folder.dir, file), ajv.compile(schema));
        } catch (error: unknown) {
          problems.push(`${path.join(folder.dir, file)}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      let expression: MappingExpression | undefined;
      if (folder.expression !== undefined) {
        try {
          expression = await MappingExpression.compile(folder.expression, engineMode);
        } catch (error: unknown) {
          if (!(error instanceof ExpressionSyntaxError)) throw error;
          const location = locateInText(folder.expression, error.failure.position, error.failure.token);
          const file = folder.expressionFile === undefined ? declaration : path.join(folder.dir, folder.expressionFile);
          problems.push(`${file}:${location === undefined ? '' : `${location.line}:${location.column}:`} ${error.message}`);
          continue;
        }
      }
      const semver = parseSemVer(folder.file.version) as SemVer;
      const mapping: MappingVersion = {
        id: folder.file.id,
        version: semver.text,
        semver,
        description: folder.file.description.trim(),
        source: folder.file.source,
        target: folder.file.target,
        chain: undefined,
        expression,
        expressionFile: folder.expressionFile,
        bindings: folder.file.bindings ?? {},
        fixtures: folder.fixtures,
        dir: folder.dir,
        engine: expression === undefined ? 'chain' : expression.engine,
        engineNote: expression?.notCompiled,
      };
      mappings.set(mapping.id, [...(mappings.get(mapping.id) ?? []), mapping]);
    }
    for (const versions of mappings.values()) versions.sort((a, b) => compareSemVer(a.semver, b.semver));
    const byDir = new Map(folders.map((folder) => [folder.dir, folder]));
    for (const versions of mappings.values()) {
      for (const mapping of versions) {
        const chain = byDir.get(mapping.dir)?.file.chain;
        if (chain !== undefined) problems.push(...resolveChain(mapping, chain, mappings));
      }
    }
    if (problems.length > 0) throw new Error(`the mappings in ${dir} have problems:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);

    const catalog = new MappingCatalog(dir, registry, engineMode, mappings, vendorSchemas);
    if (options.verifyCompiled !== false) await catalog.#verifyCompiled();
    return catalog;
  }

  /** For each compiled mapping, compares the compiled result with JSONata's on every fixture; a difference moves the mapping to JSONata. */
  async #verifyCompiled(): Promise<void> {
    for (const mapping of this.#all()) {
      const expression = mapping.expression;
      if (expression?.engine !== 'compiled') continue;
      for (const fixture of mapping.fixtures) {
        const bindings = { ...mapping.bindings, ...fixture.bindings };
        const compiled = expression.compiledResult(fixture.input, bindings);
        if (!compiled.ok) continue;
        let reference: unknown;
        try {
          reference = await expression.reference(fixture.input, bindings);
        } catch {
          reference = Symbol('failed');
        }
        if (!isDeepStrictEqual(compiled.value, reference)) {
          mapping.expression = expression.referenceOnly(`the compiled evaluator differs from JSONata on fixture ${fixture.name}`);
          mapping.engine = 'jsonata';
          mapping.engineNote = mapping.expression.notCompiled;
          break;
        }
      }
    }
  }

  #all(): MappingVersion[] {
    return [...this.#mappings.values()].flat();
  }

  /** Mapping ids, sorted. */
  ids(): string[] {
    return [...this.#mappings.keys()].sort();
  }

  /** Every mapping with its versions; source, target, fixtures and engine are the latest version's. */
  list(): MappingSummary[] {
    return this.ids().map((id) => {
      const versions = this.versions(id);
      const latest = versions.at(-1) as MappingVersion;
      return {
        id,
        description: latest.description,
        versions: versions.map((mapping) => mapping.version),
        latest: latest.version,
        source: latest.source,
        target: latest.target,
        fixtures: latest.fixtures.length,
        engine: latest.engine,
      };
    });
  }

  /** The versions of `id`, oldest first (empty when there is no such mapping). */
  versions(id: string): MappingVersion[] {
    return [...(this.#mappings.get(id) ?? [])];
  }

  /** Whether a mapping `id` exists. */
  has(id: string): boolean {
    return this.#mappings.has(id);
  }

  /**
   * The version of `id` selected by `version` (exact or range; the latest release when absent).
   * Throws a `mapping.not-found` {@link MappingError}.
   */
  get(id: string, version?: string): MappingVersion {
    const versions = this.#mappings.get(id) ?? [];
    let selected: MappingVersion | undefined;
    if (version === undefined || version.trim() === '') {
      selected = latestRelease(versions);
    } else {
      const exact = parseSemVer(version);
      if (exact !== undefined) {
        selected = versions.find((mapping) => compareSemVer(mapping.semver, exact) === 0);
      } else {
        let range;
        try {
          range = parseRange(version);
        } catch {
          throw mappingNotFound(id, version, versions.map((mapping) => mapping.version));
        }
        const best = maxSatisfying(versions.map((mapping) => mapping.semver), range);
        selected = best === undefined ? undefined : versions.find((mapping) => mapping.semver === best);
      }
    }
    if (selected === undefined) throw mappingNotFound(id, version, versions.map((mapping) => mapping.version));
    return selected;
  }

  /**
   * Maps `input` with mapping `id` and returns the result, validated against the target's
   * schema. Throws a {@link MappingError}: `mapping.failed` (the expression raised an error),
   * `mapping.invalid-output` (the result breaks the schema), `mapping.invalid-expression` (an
   * override does not compile) or `mapping.not-found`.
   */
  async apply(id: string, input: unknown, options: ApplyOptions = {}): Promise<unknown> {
    const mapping = this.get(id, options.version);
    if (mapping.chain === undefined) return this.#applyOne(mapping, input, options, undefined);
    let current = input;
    for (const step of mapping.chain) current = await this.#applyOne(step, current, options, mappingRef(mapping));
    return current;
  }

  async #applyOne(mapping: MappingVersion, input: unknown, options: ApplyOptions, chain: string | undefined): Promise<unknown> {
    const ref = mappingRef(mapping);
    const override = normaliseOverride(options.overrides?.[mapping.id]);
    const expression = override === undefined ? mapping.expression : await this.#overrideExpression(ref, override.expression);
    if (expression === undefined) throw new Error(`${ref} has no expression`);
    const label = override === undefined ? ref : `override of ${ref}`;
    const bindings = { ...mapping.bindings, ...override?.bindings, ...options.bindings };
    const context: FailureContext = { mapping: ref, chain, expression, input, label };
    let output: unknown;
    try {
      output = await expression.evaluate(input, bindings);
    } catch (error: unknown) {
      if (error instanceof ExpressionEvaluationError) throw evaluationFailure(context, error.failure);
      throw error;
    }
    const errors = this.#validate(mapping, mapping.target, output);
    if (errors !== undefined) throw invalidOutput(context, describeEndpoint(mapping.target), output, errors);
    return output;
  }

  /** Schema errors of `data` against an endpoint (canonical, or vendor with a schema); undefined when valid or unchecked. */
  #validate(mapping: MappingVersion, endpoint: MappingEndpoint, data: unknown): FieldError[] | undefined {
    if (data === undefined) return [{ path: '', message: 'the mapping produced nothing', keyword: 'required' }];
    if (isCanonicalEndpoint(endpoint)) {
      const result = this.registry.validate(canonicalRef(endpoint.canonical), data);
      return result.valid ? undefined : result.errors;
    }
    if (endpoint.schema === undefined) return undefined;
    const validate = this.#vendorSchemas.get(schemaKey(mapping.dir, endpoint.schema));
    if (validate === undefined || validate(data)) return undefined;
    return toFieldErrors(validate.errors);
  }

  /** Schema errors of a source payload (for fixture inputs); undefined when valid or unchecked. */
  validateSource(mapping: MappingVersion, input: unknown): FieldError[] | undefined {
    return this.#validate(mapping, mapping.source, input);
  }

  /**
   * An override expression of mapping `id` compiled (compiled overrides are kept, the least
   * recently used dropped first). Throws a `mapping.invalid-expression` {@link MappingError}.
   */
  async compileOverride(id: string, expression: string, version?: string): Promise<MappingExpression> {
    return this.#overrideExpression(mappingRef(this.get(id, version)), expression);
  }

  async #overrideExpression(ref: string, text: string): Promise<MappingExpression> {
    const cached = this.#overrides.get(text);
    if (cached !== undefined) {
      this.#overrides.delete(text);
      this.#overrides.set(text, cached);
      return cached;
    }
    const compiling = MappingExpression.compile(text, this.engineMode);
    compiling.catch(() => undefined);
    this.#overrides.set(text, compiling);
    if (this.#overrides.size > OVERRIDE_CACHE_SIZE) this.#overrides.delete(this.#overrides.keys().next().value as string);
    try {
      return await compiling;
    } catch (error: unknown) {
      this.#overrides.delete(text);
      if (error instanceof ExpressionSyntaxError) throw invalidExpression(ref, `override of ${ref}`, error.failure, (position, token) => locateInText(text, position, token));
      throw error;
    }
  }

  /**
   * Checks an override before it is saved on an instance: that it compiles, and what it makes of
   * every fixture input of the mapping (each must give a valid result, or the error its fixture
   * expects).
   */
  async validateOverride(id: string, expression: string, options: { version?: string | undefined; bindings?: Readonly<Record<string, unknown>> | undefined } = {}): Promise<OverrideReport> {
    const mapping = this.get(id, options.version);
    return checkOverride(mapping, expression, (input, bindings) => this.apply(id, input, { version: mapping.version, overrides: { [id]: { expression, bindings: options.bindings } }, bindings }));
  }

  /** Runs the fixtures of `id` (every version, or the one `version` selects) and reports each case. */
  async testMapping(id: string, version?: string): Promise<FixtureReport[]> {
    const versions = version === undefined ? this.versions(id) : [this.get(id, version)];
    if (versions.length === 0) throw mappingNotFound(id, version, []);
    const reports: FixtureReport[] = [];
    for (const mapping of versions) reports.push(await runFixtures(this, mapping));
    return reports;
  }

  /** Runs the fixtures of every mapping version. */
  async testAll(): Promise<FixtureReport[]> {
    const reports: FixtureReport[] = [];
    for (const id of this.ids()) reports.push(...(await this.testMapping(id)));
    return reports;
  }
}

const canonicalRefs = new Map<string, SchemaRef>();

/** `name@version` of a canonical endpoint as a schema reference (parsed once). */
function canonicalRef(text: string): SchemaRef {
  let ref = canonicalRefs.get(text);
  if (ref === undefined) {
    const parsed = parseSchemaRef(text);
    ref = { name: parsed.name, version: parsed.version ?? 1 };
    canonicalRefs.set(text, ref);
  }
  return ref;
}

/** The newest version that is not a pre-release (the newest of all when every one is). */
function latestRelease(versions: readonly MappingVersion[]): MappingVersion | undefined {
  for (let index = versions.length - 1; index >= 0; index -= 1) {
    const candidate = versions[index] as MappingVersion;
    if (candidate.semver.prerelease.length === 0) return candidate;
  }
  return versions.at(-1);
}

function normaliseOverride(override: string | MappingOverride | undefined): MappingOverride | undefined {
  return typeof override === 'string' ? { expression: override } : override;
}

function checkCanonical(endpoint: MappingEndpoint, registry: SchemaRegistry, declaration: string): string[] {
  if (!isCanonicalEndpoint(endpoint)) return [];
  const ref = parseSchemaRef(endpoint.canonical);
  if (ref.version === undefined || registry.summary({ name: ref.name, version: ref.version }) === undefined) {
    return [`${declaration}: canonical schema ${endpoint.canonical} is not registered`];
  }
  return [];
}

function resolveChain(mapping: MappingVersion, chain: readonly string[], mappings: Map<string, MappingVersion[]>): string[] {
  const declaration = path.join(mapping.dir, 'mapping.yaml');
  const problems: string[] = [];
  const steps: MappingVersion[] = [];
  for (const entry of chain) {
    const at = entry.indexOf('@');
    const id = at < 0 ? entry : entry.slice(0, at);
    const range = at < 0 ? undefined : entry.slice(at + 1);
    const versions = mappings.get(id) ?? [];
    let step: MappingVersion | undefined;
    try {
      const best = range === undefined ? versions.filter((v) => v.semver.prerelease.length === 0).at(-1)?.semver : maxSatisfying(versions.map((v) => v.semver), parseRange(range));
      step = versions.find((candidate) => candidate.semver === best);
    } catch (error: unknown) {
      problems.push(`${declaration}: chain step ${entry}: ${error instanceof Error ? error.message : String(error)}`);
      continue;
    }
    if (step === undefined) problems.push(`${declaration}: chain step ${entry} names no mapping version`);
    else if (step.expression === undefined) problems.push(`${declaration}: chain step ${entry} is itself a chain; list its steps instead`);
    else steps.push(step);
  }
  if (problems.length > 0) return problems;
  const first = steps[0] as MappingVersion;
  const last = steps.at(-1) as MappingVersion;
  if (!sameEndpoint(first.source, mapping.source)) problems.push(`${declaration}: source ${describeEndpoint(mapping.source)} differs from the first step's ${describeEndpoint(first.source)}`);
  if (!sameEndpoint(last.target, mapping.target)) problems.push(`${declaration}: target ${describeEndpoint(mapping.target)} differs from the last step's ${describeEndpoint(last.target)}`);
  for (let index = 1; index < steps.length; index += 1) {
    const before = steps[index - 1] as MappingVersion;
    const after = steps[index] as MappingVersion;
    if (!sameEndpoint(before.target, after.source)) {
      problems.push(`${declaration}: chain step ${mappingRef(after)} reads ${describeEndpoint(after.source)} but ${mappingRef(before)} writes ${describeEndpoint(before.target)}`);
    }
  }
  mapping.chain = steps;
  return problems;
}
