import type { ErrorObject } from 'ajv';
import type { FieldError } from '../errors/hub-error.ts';
import { readPointer } from './json-pointer.ts';
import { narrowOneOfErrors } from './one-of-branch.ts';

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Turns ajv errors into {@link FieldError}s whose path points at the offending value itself:
 * a missing required property is reported at the property's own path, not at its parent, and a
 * failed `oneOf` speaks only of the branch the value was meant to match (see {@link narrowOneOfErrors}).
 * A value that must be one constant names it, and with `data` (what was validated) the value
 * given too: `must be omnihub.dev/v1, got "v2"`.
 */
export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined, prefix = '', data?: unknown): FieldError[] {
  if (errors === null || errors === undefined) return [];
  return narrowOneOfErrors(errors).map((error) => {
    let path = prefix + error.instancePath;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      path += `/${pointerSegment(params['missingProperty'])}`;
    } else if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      path += `/${pointerSegment(params['additionalProperty'])}`;
    }
    if (error.keyword === 'const' && 'allowedValue' in params) {
      const given = data === undefined ? undefined : readPointer(data, error.instancePath);
      const allowed = typeof params['allowedValue'] === 'string' ? params['allowedValue'] : JSON.stringify(params['allowedValue']);
      return { path, message: `must be ${allowed}${given === undefined ? '' : `, got ${JSON.stringify(given)}`}`, keyword: error.keyword };
    }
    const allowed = Array.isArray(params['allowedValues']) ? `: ${params['allowedValues'].map(String).join(', ')}` : '';
    return { path, message: `${error.message ?? 'is invalid'}${allowed}`, keyword: error.keyword };
  });
}

/** One line per error, e.g. `/lines/0/quantity must be >= 1 (minimum)`. */
export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((error) => `${error.path === '' ? '(root)' : error.path} ${error.message} (${error.keyword})`).join('; ');
}
