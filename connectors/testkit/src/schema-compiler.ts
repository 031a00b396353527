import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { SECRET_KEYWORD } from '@omnihub/connector-sdk';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/**
 * Compiles a JSON Schema the way the hub does: 2020-12, formats, unknown keywords refused (a typo
 * such as `requried` must not pass) except the secret mark `x-omnihub-secret`. Throws with ajv's
 * message when the schema does not compile.
 *
 * @example
 * const validate = compileSchema({ type: 'object', required: ['baseUrl'] });
 */
export function compileSchema(schema: Record<string, unknown>): ValidateFunction {
  const ajv = new Ajv2020({ strictSchema: true, strictTypes: false, strictTuples: false, strictRequired: false, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: SECRET_KEYWORD, schemaType: 'boolean' });
  return ajv.compile(schema);
}

/** ajv errors as short `path message` lines. */
export function describeErrors(errors: readonly ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((error) => `${error.instancePath === '' ? '(root)' : error.instancePath} ${error.message ?? 'is invalid'}`).join('; ');
}
