import { existsSync, readFileSync } from 'node:fs';
import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

/** One operation of the Square subset, from vendor-spec/operations.json. */
export interface SquareOperation {
  operationId: string;
  method: string;
  path: string;
  file: string;
  request: Record<string, string> | null;
  responses: Record<string, Record<string, string>>;
}

const SPEC_DIR = new URL('../../vendor-spec/', import.meta.url);

/** The operations of the subset whose spec file is copied here (the connector calls no customer operation). */
export const OPERATIONS: readonly SquareOperation[] = (JSON.parse(readFileSync(new URL('operations.json', SPEC_DIR), 'utf8')) as SquareOperation[]).filter((operation) => existsSync(new URL(operation.file, SPEC_DIR)));

type Json = unknown;

/**
 * Rewrites Square's OpenAPI 3.0 schemas for a JSON Schema validator. Square writes `nullable: true`
 * beside `$ref`, where OpenAPI ignores it but Square really sends null: such a node becomes
 * `anyOf: [{ $ref }, { type: 'null' }]`, and `nullable` beside `type` becomes a type list. With
 * `closed`, every object schema that lists its properties refuses any other property, so a
 * misspelled field in a request fails.
 */
export function normaliseSchema(node: Json, closed: boolean): Json {
  if (Array.isArray(node)) return node.map((item) => normaliseSchema(item, closed));
  if (node === null || typeof node !== 'object') return node;
  let out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) out[key] = normaliseSchema(value, closed);
  if (out['nullable'] === true) {
    const { nullable: _nullable, ...rest } = out;
    if (typeof rest['$ref'] === 'string') {
      const { $ref, ...siblings } = rest;
      out = { ...siblings, anyOf: [{ $ref }, { type: 'null' }] };
    } else if (typeof rest['type'] === 'string') {
      out = { ...rest, type: [rest['type'], 'null'], ...(Array.isArray(rest['enum']) ? { enum: [...(rest['enum'] as Json[]), null] } : {}) };
    } else {
      out = rest;
    }
  }
  if (closed && out['type'] === 'object' && out['properties'] !== undefined && out['additionalProperties'] === undefined) out['additionalProperties'] = false;
  return out;
}

function validatorSet(closed: boolean): (file: string, ref: string) => ValidateFunction {
  // strict: false because the spec carries x-… extensions and OpenAPI keywords (readOnly, example).
  const ajv = new Ajv({ strict: false, allErrors: true });
  // The only non-standard format in the subset is OpenAPI's int64 (on integers), which ajv-formats knows.
  addFormats(ajv);
  for (const file of new Set(OPERATIONS.map((operation) => operation.file))) {
    ajv.addSchema(normaliseSchema(JSON.parse(readFileSync(new URL(file, SPEC_DIR), 'utf8')), closed) as object, `square/${file}`);
  }
  return (file, ref) => {
    const validate = ajv.getSchema(`square/${file}${ref}`);
    if (validate === undefined) throw new Error(`no schema ${ref} in ${file}`);
    return validate;
  };
}

const requests = validatorSet(true);
const replies = validatorSet(false);

/** Validation errors, one line each (`/changes/0/adjustment must NOT have additional properties (quantty)`). */
export function describeAjvErrors(errors: readonly ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => {
    const extra = (error.params as { additionalProperty?: string; missingProperty?: string }).additionalProperty ?? (error.params as { missingProperty?: string }).missingProperty;
    return `${error.instancePath === '' ? '/' : error.instancePath} ${error.message ?? 'is invalid'}${extra === undefined ? '' : ` (${extra})`}`;
  });
}

/** Checks a request body against the operation's request schema (closed objects); the errors, or none. */
export function validateRequest(operation: SquareOperation, body: unknown): string[] {
  const ref = operation.request?.['application/json'];
  if (ref === undefined) return body === undefined ? [] : ['the operation takes no body'];
  const validate = requests(operation.file, ref);
  return validate(body) ? [] : describeAjvErrors(validate.errors);
}

/** Checks a 200 reply against the operation's response schema; the errors, or none. */
export function validateReply(operation: SquareOperation, body: unknown): string[] {
  const ref = operation.responses['200']?.['application/json'];
  if (ref === undefined) return [];
  const validate = replies(operation.file, ref);
  return validate(body) ? [] : describeAjvErrors(validate.errors);
}

/** The operation a method and path call, with the path parameters. */
export function matchOperation(method: string, path: string): { operation: SquareOperation; params: Record<string, string> } | undefined {
  const bare = path.split('?')[0] ?? path;
  for (const operation of OPERATIONS) {
    if (operation.method !== method) continue;
    const names: string[] = [];
    const pattern = new RegExp(`^${operation.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      names.push(name);
      return '([^/]+)';
    })}$`);
    const match = pattern.exec(bare);
    if (match !== null) return { operation, params: Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')])) };
  }
  return undefined;
}
