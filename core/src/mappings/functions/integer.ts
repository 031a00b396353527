import { MappingFunctionError, quote } from './function-error.ts';

const INTEGER = /^[+-]?\d+(?:\.0+)?$/;

/**
 * `$integer(value)`: a whole number from a number or text such as `"-12"`, `" 7 "` or `"3.0"`
 * (CSV and form fields). Nothing for nothing or blank text; an error for anything else, e.g.
 * `"12.5"` or `"twelve"`.
 */
export function integer(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value;
    throw new MappingFunctionError('mapping.integer.value', `$integer: ${quote(value)} is not a whole number`, value);
  }
  if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return undefined;
    const parsed = Number(text);
    if (INTEGER.test(text) && Number.isSafeInteger(parsed)) return parsed;
  }
  throw new MappingFunctionError('mapping.integer.value', `$integer: ${quote(value)} is not a whole number`, value);
}
