import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SECRET_KEYWORD, type JsonSchema } from '@omnihub/connector-sdk';
import type { FieldError } from '../../errors/hub-error.ts';
import { pointerSegment } from '../../schema/field-errors.ts';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/**
 * Property names that hold a credential: such a field must carry `x-omnihub-secret: true`, or it
 * would be stored in clear and shown by the API.
 */
const CREDENTIAL_NAME = /(password|passphrase|secret|token|apikey|api_key|privatekey|private_key)$/i;

/** A fresh ajv for connector config schemas: 2020-12, formats, the secret mark as a known keyword. */
export function configSchemaAjv(): InstanceType<typeof Ajv2020> {
  // Unknown keywords are errors (a typo such as `requried` must not pass silently); type
  // strictness stays off so a plain `{ "type": "object", "properties": ... }` needs no ceremony.
  const ajv = new Ajv2020({ strictSchema: true, strictTypes: false, strictTuples: false, strictRequired: false, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: SECRET_KEYWORD, schemaType: 'boolean' });
  return ajv;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const SUBSCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'] as const;
const SUBSCHEMA_SINGLE = ['items', 'additionalProperties', 'contains', 'not', 'if', 'then', 'else', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems'] as const;
const SUBSCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'] as const;

/** Visits every subschema of `schema` with its JSON pointer inside the schema document. */
export function walkSchema(schema: unknown, visit: (node: Record<string, unknown>, pointer: string, propertyName: string | undefined) => void, pointer = '', propertyName?: string): void {
  if (!isObject(schema)) return;
  visit(schema, pointer, propertyName);
  for (const key of SUBSCHEMA_MAPS) {
    const map = schema[key];
    if (!isObject(map)) continue;
    for (const [name, sub] of Object.entries(map)) walkSchema(sub, visit, `${pointer}/${key}/${pointerSegment(name)}`, key === 'properties' ? name : undefined);
  }
  for (const key of SUBSCHEMA_SINGLE) walkSchema(schema[key], visit, `${pointer}/${key}`);
  for (const key of SUBSCHEMA_LISTS) {
    const list = schema[key];
    if (Array.isArray(list)) list.forEach((sub, index) => walkSchema(sub, visit, `${pointer}/${key}/${index}`));
  }
}

/**
 * Checks a connector's config schema: an object schema that ajv compiles, secret marks only on
 * string fields, and every credential-like field marked secret. Paths start at `/configSchema`.
 */
export function checkConfigSchema(schema: JsonSchema): FieldError[] {
  const errors: FieldError[] = [];
  if (schema['type'] !== 'object') errors.push({ path: '/configSchema/type', message: 'must be "object" (an instance config is an object)', keyword: 'type' });
  try {
    configSchemaAjv().compile(schema);
  } catch (error: unknown) {
    errors.push({ path: '/configSchema', message: `is not a valid JSON Schema: ${error instanceof Error ? error.message : String(error)}`, keyword: 'schema' });
  }
  walkSchema(schema, (node, pointer, propertyName) => {
    const mark = node[SECRET_KEYWORD];
    if (mark !== undefined) {
      if (mark !== true) errors.push({ path: `/configSchema${pointer}/${SECRET_KEYWORD}`, message: 'must be true when present', keyword: SECRET_KEYWORD });
      else if (node['type'] !== 'string') errors.push({ path: `/configSchema${pointer}`, message: `is marked ${SECRET_KEYWORD} but is not of type "string"`, keyword: SECRET_KEYWORD });
    } else if (propertyName !== undefined && CREDENTIAL_NAME.test(propertyName) && node['type'] === 'string') {
      errors.push({ path: `/configSchema${pointer}`, message: `looks like a credential ("${propertyName}"): mark it "${SECRET_KEYWORD}": true so it is encrypted and masked`, keyword: SECRET_KEYWORD });
    }
  });
  return errors;
}

/** The subschema of a dotted config field (`auth.baseUrl`) through nested `properties`, if declared. */
export function fieldSchema(schema: JsonSchema, field: string): Record<string, unknown> | undefined {
  let node: unknown = schema;
  for (const part of field.split('.')) {
    const properties = isObject(node) ? node['properties'] : undefined;
    node = isObject(properties) ? properties[part] : undefined;
  }
  return isObject(node) ? node : undefined;
}
