import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { Scope } from '@omnihub/core';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** Path of the OpenAPI document this package serves. */
export const OPENAPI_PATH = fileURLToPath(new URL('../../openapi.yaml', import.meta.url));

/** The scope an operation needs, or `none` for open endpoints (health, readiness, metrics). */
export type OperationScope = Scope | 'none';

/**
 * A schema's validator, compiled the first time it runs: the hub starts without compiling the
 * hundreds of schemas of operations it may never serve.
 */
export interface Validator {
  (data: unknown): boolean;
  /** What the last run found wrong, as ajv reports it; null or undefined when it passed. */
  readonly errors: ErrorObject[] | null | undefined;
}

/** One parameter with its schema's validator. */
export interface ParameterContract {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  validate: Validator;
  /** Whether the schema is an integer/number, so the raw string is converted before validation. */
  numeric: boolean;
}

/** Everything the facade needs to know of one operation. */
export interface OperationContract {
  operationId: string;
  method: string;
  /** OpenAPI path template, e.g. `/v1/schemas/{name}/{version}`. */
  path: string;
  scope: OperationScope;
  parameters: ParameterContract[];
  /** Request body validators by media type; empty when the operation takes no body. */
  requestBodies: Map<string, Validator>;
  requestBodyRequired: boolean;
  /** Response validators keyed `status media-type`. */
  responses: Map<string, Validator>;
  /**
   * A JSON pointer into the request body (`x-omnihub-body-checked-within`) whose contract
   * violations the handler reports itself, together with the problems its own checks find in
   * the rest of that part, instead of the body being refused before the handler runs.
   */
  bodyCheckedWithin?: string | undefined;
}

interface PathEntry {
  template: string;
  pattern: RegExp;
  names: string[];
  operations: Map<string, OperationContract>;
}

/** A match of a request against the contract. */
export type OperationMatch =
  | { kind: 'operation'; operation: OperationContract; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

type Doc = Record<string, unknown>;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const DOC_ID = 'https://omnihub.dev/openapi.yaml';

function record(value: unknown): Doc {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Doc) : {};
}

/**
 * The OpenAPI 3.1 contract, compiled: operations found by method and path, and ajv validators
 * for their parameters, request bodies and responses (OpenAPI 3.1 schemas are JSON Schema 2020-12).
 */
export class ApiContract {
  readonly document: Doc;
  readonly #paths: PathEntry[] = [];
  readonly #ajv: InstanceType<typeof Ajv2020>;
  readonly #compilers: (() => ValidateFunction)[] = [];

  constructor(document: Doc) {
    this.document = document;
    // OpenAPI adds keywords JSON Schema does not know (example, discriminator...): not strict here.
    this.#ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ $id: DOC_ID, components: record(document['components']) }, DOC_ID);
    for (const [template, item] of Object.entries(record(document['paths']))) this.#addPath(template, record(item));
  }

  /** Loads and compiles `openapi.yaml`. */
  static load(file: string = OPENAPI_PATH): ApiContract {
    return new ApiContract(record(parse(readFileSync(file, 'utf8'))));
  }

  /** A validator of `schema` compiled on first use; local refs (#/components/...) resolve against the registered document. */
  #compile(schema: unknown): Validator {
    let compiled: ValidateFunction | undefined;
    const compile = (): ValidateFunction => (compiled ??= this.#ajv.compile(rebase(record(schema))));
    this.#compilers.push(compile);
    const validate = (data: unknown): boolean => compile()(data);
    return Object.defineProperty(validate, 'errors', { get: () => compiled?.errors }) as Validator;
  }

  /** Compiles every validator now (a contract check: a schema that cannot compile throws here, not on a request). */
  compileAll(): void {
    for (const compile of this.#compilers) compile();
  }

  #resolve(node: unknown): Doc {
    const ref = record(node)['$ref'];
    if (typeof ref !== 'string') return record(node);
    let target: unknown = this.document;
    for (const part of ref.replace(/^#\//, '').split('/')) target = record(target)[part];
    return this.#resolve(target);
  }

  #addPath(template: string, item: Doc): void {
    const names: string[] = [];
    const source = template.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{([a-zA-Z]+)\\\}/g, (_match, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    const entry: PathEntry = { template, pattern: new RegExp(`^${source}$`), names, operations: new Map() };
    const shared = Array.isArray(item['parameters']) ? item['parameters'] : [];
    for (const method of METHODS) {
      const op = record(item[method]);
      if (Object.keys(op).length === 0) continue;
      entry.operations.set(method.toUpperCase(), this.#operation(template, method.toUpperCase(), op, shared));
    }
    this.#paths.push(entry);
  }

  #operation(template: string, method: string, op: Doc, shared: unknown[]): OperationContract {
    const parameters = [...shared, ...(Array.isArray(op['parameters']) ? (op['parameters'] as unknown[]) : [])].map((p) => {
      const param = this.#resolve(p);
      const schema = record(param['schema']);
      const type = schema['type'];
      return {
        name: String(param['name']),
        in: param['in'] as ParameterContract['in'],
        required: param['required'] === true,
        validate: this.#compile(schema),
        numeric: type === 'integer' || type === 'number',
      };
    });
    const body = this.#resolve(op['requestBody']);
    const requestBodies = new Map<string, Validator>();
    for (const [media, content] of Object.entries(record(body['content']))) {
      requestBodies.set(media, this.#compile(record(content)['schema'] ?? {}));
    }
    const responses = new Map<string, Validator>();
    for (const [status, response] of Object.entries(record(op['responses']))) {
      for (const [media, content] of Object.entries(record(this.#resolve(response)['content']))) {
        responses.set(`${status} ${media}`, this.#compile(record(content)['schema'] ?? {}));
      }
    }
    const scope = op['x-omnihub-scope'];
    const checkedWithin = op['x-omnihub-body-checked-within'];
    if (typeof op['operationId'] !== 'string') throw new Error(`${method} ${template}: operationId missing`);
    return {
      operationId: op['operationId'],
      method,
      path: template,
      scope: typeof scope === 'string' ? (scope as OperationScope) : 'admin',
      parameters,
      requestBodies,
      requestBodyRequired: body['required'] === true,
      responses,
      ...(typeof checkedWithin === 'string' ? { bodyCheckedWithin: checkedWithin } : {}),
    };
  }

  /** Finds the operation for a method and a concrete path. */
  match(method: string, path: string): OperationMatch {
    for (const entry of this.#paths) {
      const found = entry.pattern.exec(path);
      if (found === null) continue;
      const operation = entry.operations.get(method === 'HEAD' ? 'GET' : method);
      if (operation === undefined) return { kind: 'method-not-allowed', allowed: [...entry.operations.keys()] };
      const params: Record<string, string> = {};
      entry.names.forEach((name, index) => {
        params[name] = decodeURIComponent(found[index + 1] ?? '');
      });
      return { kind: 'operation', operation, params };
    }
    return { kind: 'not-found' };
  }

  /** Every operation of the contract. */
  operations(): OperationContract[] {
    return this.#paths.flatMap((entry) => [...entry.operations.values()]);
  }
}

/** Points local `#/components/...` refs at the registered document. */
function rebase(node: Doc): Doc {
  return JSON.parse(JSON.stringify(node).replaceAll('"$ref":"#/components/', `"$ref":"${DOC_ID}#/components/`)) as Doc;
}
