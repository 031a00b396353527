import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import Ajv2020Module, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { HubError, type FieldError } from '../errors/hub-error.ts';
import { describeFieldErrors, toFieldErrors } from './field-errors.ts';
import { parseSchemaId, schemaId, type SchemaRef } from './schema-ref.ts';
import type { Upcaster } from './upcaster.ts';
import { CLOUD_EVENT_SCHEMA } from '../envelope/cloud-event.ts';
import { UPCASTERS } from './upcasters/index.ts';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** The folder of canonical schemas shipped with core (`core/schemas`). */
export const SCHEMAS_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

/** What the registry tells about one schema version. */
export interface SchemaSummary {
  name: string;
  version: number;
  id: string;
  title: string;
  description: string;
  kind: 'entity' | 'event';
  latest: boolean;
}

/** Outcome of a validation: the data is valid, or these rules are broken. */
export type ValidationResult = { valid: true } | { valid: false; errors: FieldError[] };

/** A JSON Schema document as loaded from disk. */
export type JsonSchema = Record<string, unknown>;

interface Entry {
  summary: SchemaSummary;
  schema: JsonSchema;
  validate: ValidateFunction;
}

const FILE = /^v([1-9]\d*)\.schema\.json$/;

/**
 * The canonical schema registry: compiles every schema once with ajv (2020-12 dialect, formats,
 * strict), serves them, validates documents with errors located by JSON pointer, and upcasts
 * documents of old versions to newer ones.
 */
export class SchemaRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #latest = new Map<string, number>();
  readonly #upcasters = new Map<string, Upcaster>();
  readonly #ajv: InstanceType<typeof Ajv2020>;

  private constructor(documents: JsonSchema[], upcasters: readonly Upcaster[]) {
    this.#ajv = new Ajv2020({ strict: true, allErrors: true });
    addFormats(this.#ajv);
    this.#ajv.addKeyword('x-omnihub-kind');
    this.#ajv.addSchema(CLOUD_EVENT_SCHEMA);
    for (const document of documents) this.#ajv.addSchema(document);
    for (const document of documents) this.#register(document);
    for (const upcaster of upcasters) this.#upcasters.set(`${upcaster.name}@${upcaster.from}`, upcaster);
    for (const entry of this.#entries.values()) {
      entry.summary.latest = this.#latest.get(entry.summary.name) === entry.summary.version;
    }
  }

  /** Loads and compiles every `<name>/v<N>.schema.json` below `dir`. Throws on any broken schema. */
  static async load(dir: string = SCHEMAS_DIR, upcasters: readonly Upcaster[] = UPCASTERS): Promise<SchemaRegistry> {
    const documents: JsonSchema[] = [];
    for (const name of (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
      for (const file of (await readdir(`${dir}/${name}`)).filter((f) => FILE.test(f)).sort()) {
        const document = JSON.parse(await readFile(`${dir}/${name}/${file}`, 'utf8')) as JsonSchema;
        const version = Number(FILE.exec(file)?.[1]);
        if (document['$id'] !== schemaId({ name, version })) {
          throw new Error(`${name}/${file}: $id must be ${schemaId({ name, version })}`);
        }
        documents.push(document);
      }
    }
    return new SchemaRegistry(documents, upcasters);
  }

  #register(document: JsonSchema): void {
    const id = String(document['$id']);
    const ref = parseSchemaId(id);
    if (ref === undefined) throw new Error(`schema ${id} is outside ${schemaId({ name: 'x', version: 1 })}`);
    const validate = this.#ajv.getSchema(id);
    if (validate === undefined) throw new Error(`schema ${id} did not compile`);
    const kind = document['x-omnihub-kind'] === 'event' ? 'event' : 'entity';
    this.#entries.set(key(ref), {
      schema: document,
      validate,
      summary: {
        ...ref,
        id,
        title: typeof document['title'] === 'string' ? document['title'] : ref.name,
        description: typeof document['description'] === 'string' ? document['description'] : '',
        kind,
        latest: false,
      },
    });
    this.#latest.set(ref.name, Math.max(ref.version, this.#latest.get(ref.name) ?? 0));
  }

  /** Every schema version, sorted by name then version. */
  list(): SchemaSummary[] {
    return [...this.#entries.values()]
      .map((entry) => entry.summary)
      .sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
  }

  /** The schema document of `name@version`, or undefined. */
  get(ref: SchemaRef): JsonSchema | undefined {
    return this.#entries.get(key(ref))?.schema;
  }

  /** Summary of `name@version`, or undefined. */
  summary(ref: SchemaRef): SchemaSummary | undefined {
    return this.#entries.get(key(ref))?.summary;
  }

  /** Newest version of `name`, or undefined when the name is unknown. */
  latestVersion(name: string): number | undefined {
    return this.#latest.get(name);
  }

  /** Validates `data` against `name@version`. Throws `schema-not-found` for an unknown schema. */
  validate(ref: SchemaRef, data: unknown): ValidationResult {
    const entry = this.#entries.get(key(ref));
    if (entry === undefined) throw new HubError('schema-not-found', { detail: `no schema ${key(ref)}` });
    return entry.validate(data) ? { valid: true } : { valid: false, errors: toFieldErrors(entry.validate.errors, '', data) };
  }

  /** Validates a structured CloudEvent's envelope (not its payload). */
  validateEnvelope(event: unknown): ValidationResult {
    const validate = this.#ajv.getSchema(CLOUD_EVENT_SCHEMA.$id);
    if (validate === undefined) throw new Error('the CloudEvents envelope schema did not compile');
    return validate(event) ? { valid: true } : { valid: false, errors: toFieldErrors(validate.errors, '', event) };
  }

  /** Validates and throws `validation-failed` naming every broken rule. */
  assertValid(ref: SchemaRef, data: unknown, pathPrefix = ''): void {
    const result = this.validate(ref, data);
    if (!result.valid) {
      const errors = result.errors.map((error) => ({ ...error, path: pathPrefix + error.path }));
      throw new HubError('validation-failed', { detail: `${key(ref)}: ${describeFieldErrors(errors)}`, errors });
    }
  }

  /**
   * Upcasts a valid `name@from` document step by step to `to` (default: the newest version) and
   * validates the result against the target version.
   */
  upcast(ref: SchemaRef, data: unknown, to?: number): unknown {
    const target = to ?? this.latestVersion(ref.name);
    if (target === undefined) throw new HubError('schema-not-found', { detail: `no schema named ${ref.name}` });
    this.assertValid(ref, data);
    let current = data;
    for (let version = ref.version; version < target; version += 1) {
      const upcaster = this.#upcasters.get(`${ref.name}@${version}`);
      if (upcaster === undefined) {
        throw new HubError('schema-not-found', { detail: `no upcaster from ${ref.name}@${version} to @${version + 1}` });
      }
      current = upcaster.upcast(current);
    }
    this.assertValid({ name: ref.name, version: target }, current);
    return current;
  }
}

function key(ref: SchemaRef): string {
  return `${ref.name}@${ref.version}`;
}
