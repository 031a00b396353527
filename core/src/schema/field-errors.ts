import type { ErrorObject } from 'ajv';
import type { FieldError } from '../errors/hub-error.ts';
import { narrowOneOfErrors } from './one-of-branch.ts';

/** Escapes one JSON pointer segment (RFC 6901). */
export function pointerSegment(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}

/**
 * Turns ajv errors into {@link FieldError}s whose path points at the offending value itself:
 * a missing required property is reported at the property's own path, not at its parent, and a
 * failed `oneOf` speaks only of the branch the value was meant to match (see {@link narrowOneOfErrors}).
 */
export function toFieldErrors(errors: readonly ErrorObject[] | null | undefined, prefix = ''): FieldError[] {
  if (errors === null || errors === undefined) return [];
  return narrowOneOfErrors(errors).map((error) => {
    let path = prefix + error.instancePath;
    const params = error.params as Record<string, unknown>;
    if (error.keyword === 'required' && typeof params['missingProperty'] === 'string') {
      path += `/${pointerSegment(params['missingProperty'])}`;
    } else if (error.keyword === 'additionalProperties' && typeof params['additionalProperty'] === 'string') {
      path += `/${pointerSegment(params['additionalProperty'])}`;
    }
    const allowed = Array.isArray(params['allowedValues']) ? `: ${params['allowedValues'].map(String).join(', ')}` : '';
    return { path, message: `${error.message ?? 'is invalid'}${allowed}`, keyword: error.keyword };
  });
}

/** One line per error, e.g. `/lines/0/quantity must be >= 1 (minimum)`. */
export function describeFieldErrors(errors: readonly FieldError[]): string {
  return errors.map((error) => `${error.path === '' ? '(root)' : error.path} ${error.message} (${error.keyword})`).join('; ');
}
