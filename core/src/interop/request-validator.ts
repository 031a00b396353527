import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { HubError } from '../errors/hub-error.ts';
import type { JsonSchema } from '../schema/registry.ts';
import { describeFieldErrors, toFieldErrors } from '../schema/field-errors.ts';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);

/**
 * Compiles a command's request schema (no `$ref`s) into a check that throws `validation-failed`
 * naming every broken rule, with paths from the request's root (`/sku`).
 */
export function requestValidator(pattern: string, schema: JsonSchema): (data: unknown) => void {
  const validate = ajv.compile(schema);
  return (data) => {
    if (validate(data)) return;
    const errors = toFieldErrors(validate.errors);
    throw new HubError('validation-failed', { detail: `${pattern} request: ${describeFieldErrors(errors)}`, errors });
  };
}
