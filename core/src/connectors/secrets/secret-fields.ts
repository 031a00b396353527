import { SECRET_KEYWORD, type JsonSchema } from '@omnihub/connector-sdk';
import { pointerSegment } from '../../schema/field-errors.ts';
import { pointerSegments, readPointer } from '../../schema/json-pointer.ts';
import type { SecretBox } from './secret-box.ts';

/** What the API and the CLI show instead of a secret. */
export const SECRET_MASK = '********';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function resolveRef(root: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = root;
  for (const raw of ref.slice(2).split('/')) {
    const part = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    node = isObject(node) ? node[part] : undefined;
  }
  return node;
}

/** Bounds `$ref` recursion in self-referencing schemas. */
const MAX_DEPTH = 64;

function collect(schema: unknown, value: unknown, root: Json, pointer: string, out: Set<string>, depth: number): void {
  if (!isObject(schema) || depth > MAX_DEPTH) return;
  if (typeof schema['$ref'] === 'string') collect(resolveRef(root, schema['$ref']), value, root, pointer, out, depth + 1);
  if (schema[SECRET_KEYWORD] === true && typeof value === 'string') out.add(pointer);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const branches = schema[key];
    if (Array.isArray(branches)) for (const branch of branches) collect(branch, value, root, pointer, out, depth + 1);
  }
  for (const key of ['if', 'then', 'else'] as const) collect(schema[key], value, root, pointer, out, depth + 1);
  if (isObject(value)) {
    const properties = isObject(schema['properties']) ? schema['properties'] : {};
    const patterns = isObject(schema['patternProperties']) ? Object.entries(schema['patternProperties']) : [];
    for (const [name, child] of Object.entries(value)) {
      const childPointer = `${pointer}/${pointerSegment(name)}`;
      let matched = false;
      if (name in properties) {
        matched = true;
        collect(properties[name], child, root, childPointer, out, depth + 1);
      }
      for (const [pattern, sub] of patterns) {
        if (new RegExp(pattern, 'u').test(name)) {
          matched = true;
          collect(sub, child, root, childPointer, out, depth + 1);
        }
      }
      if (!matched) collect(schema['additionalProperties'], child, root, childPointer, out, depth + 1);
    }
  } else if (Array.isArray(value)) {
    const prefix = Array.isArray(schema['prefixItems']) ? schema['prefixItems'] : [];
    value.forEach((item, index) => collect(index < prefix.length ? prefix[index] : schema['items'], item, root, `${pointer}/${index}`, out, depth + 1));
  }
}

/**
 * JSON pointers of the secret values inside `config`: string values whose schema (through
 * nested objects, arrays, combinators and local `$ref`s) carries `x-omnihub-secret: true`.
 */
export function secretPointers(schema: JsonSchema, config: unknown): string[] {
  const out = new Set<string>();
  collect(schema, config, schema, '', out, 0);
  return [...out].sort();
}

function writePointer(document: unknown, pointer: string, value: unknown): void {
  const parts = pointerSegments(pointer);
  const last = parts.pop();
  const parent = readPointer(document, parts.length === 0 ? '' : `/${parts.map(pointerSegment).join('/')}`);
  if (last === undefined) return;
  if (Array.isArray(parent)) parent[Number(last)] = value;
  else if (isObject(parent)) parent[last] = value;
}

/** A copy of `config` with each secret value replaced by `replace(value, pointer)`. */
export function mapSecrets<T>(schema: JsonSchema, config: T, replace: (value: string, pointer: string) => string): T {
  const copy = structuredClone(config);
  for (const pointer of secretPointers(schema, copy)) {
    const value = readPointer(copy, pointer);
    if (typeof value === 'string') writePointer(copy, pointer, replace(value, pointer));
  }
  return copy;
}

/** The config as stored: every secret encrypted. */
export function encryptSecrets<T>(schema: JsonSchema, config: T, box: SecretBox): T {
  return mapSecrets(schema, config, (value) => box.encrypt(value));
}

/** The config as a connector gets it: every secret decrypted. `where` names the owner in errors. */
export function decryptSecrets<T>(schema: JsonSchema, config: T, box: SecretBox, where = 'config'): T {
  return mapSecrets(schema, config, (value, pointer) => box.decrypt(value, `${where} ${pointer}`));
}

/** The config as the API and the CLI show it: every secret replaced by `********`. */
export function maskConfig<T>(schema: JsonSchema, config: T): T {
  return mapSecrets(schema, config, () => SECRET_MASK);
}

/** The plaintext secrets of a decrypted config, to redact from logs. */
export function secretValues(schema: JsonSchema, config: unknown): string[] {
  return secretPointers(schema, config)
    .map((pointer) => readPointer(config, pointer))
    .filter((value): value is string => typeof value === 'string' && value !== '');
}
