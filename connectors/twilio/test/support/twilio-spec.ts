import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';

/** The package's copies of Twilio's OpenAPI subsets (see vendor-spec/PROVENANCE.md). */
const SPECS = new URL('../../vendor-spec/', import.meta.url);

/** A JSON pointer segment: `~` and `/` escaped as OpenAPI paths need. */
export function pointerSegment(text: string): string {
  return text.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The pointer to the form-encoded request schema of `method path`. */
export function formRequest(path: string, method = 'post'): string {
  return `/paths/${pointerSegment(path)}/${method}/requestBody/content/application~1x-www-form-urlencoded/schema`;
}

/** The pointer to a component schema. */
export function component(name: string): string {
  return `/components/schemas/${name}`;
}

/**
 * OpenAPI 3.0's `nullable` as ajv takes it: kept beside a `type` (ajv reads it there), dropped
 * where the schema has no type (it accepts null already), and turned into `anyOf` beside a `$ref`
 * (where OpenAPI 3.0 would ignore it although Twilio sends null).
 */
function adaptNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(adaptNullable);
  if (node === null || typeof node !== 'object') return node;
  const { nullable, ...rest } = node as Record<string, unknown>;
  const adapted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, adaptNullable(value)]));
  if (nullable !== true) return adapted;
  if (typeof adapted['$ref'] === 'string') return { anyOf: [{ $ref: adapted['$ref'] }, { type: 'null' }] };
  return adapted['type'] === undefined ? adapted : { ...adapted, nullable: true };
}

/**
 * An assertion that a value is valid against the schema at `pointer` of a vendor spec file, with
 * Twilio's non-standard formats registered (and `uri`, which Twilio declares on relative URIs)
 * and `nullable` adapted.
 */
export function specValidator(file: string, pointer: string): (value: unknown) => void {
  const spec = JSON.parse(readFileSync(new URL(file, SPECS), 'utf8')) as Record<string, unknown>;
  const ajv = new AjvModule.default({ strict: false, allErrors: true });
  addFormatsModule.default(ajv);
  for (const format of ['phone-number', 'date-time-rfc-2822', 'uri-map', 'currency', 'uri']) ajv.addFormat(format, true);
  ajv.addSchema({ ...(adaptNullable(spec) as Record<string, unknown>), $id: 'spec' });
  const validate = ajv.compile({ $ref: `spec#${pointer}` });
  return (value) => assert.ok(validate(value), `${file}#${pointer}: ${JSON.stringify(validate.errors)}`);
}
