import { pointerSegment } from '../schema/field-errors.ts';

import { FunctionValue } from './compiled/semantics.ts';

/** A function value of either evaluator: a JavaScript function, the compiled evaluator's, or JSONata's (marked objects). */
function isFunctionLike(value: object, jsonataMarkers: boolean): boolean {
  if (typeof value === 'function' || value instanceof FunctionValue) return true;
  if (!jsonataMarkers) return false;
  const marked = value as { _jsonata_function?: unknown; _jsonata_lambda?: unknown };
  return marked._jsonata_function === true || marked._jsonata_lambda === true;
}

function copy(value: unknown, jsonataMarkers: boolean): unknown {
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : null;
    case 'object':
    case 'function':
      break;
    default:
      return undefined;
  }
  if (isFunctionLike(value, jsonataMarkers)) return undefined;
  if (Array.isArray(value)) {
    const result: unknown[] = new Array<unknown>(value.length);
    for (let index = 0; index < value.length; index += 1) result[index] = copy(value[index], jsonataMarkers) ?? null;
    return result;
  }
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = copy((value as Record<string, unknown>)[key], jsonataMarkers);
    if (item === undefined) continue;
    if (key === '__proto__') Object.defineProperty(result, key, { value: item, enumerable: true, writable: true, configurable: true });
    else result[key] = item;
  }
  return result;
}

/**
 * An evaluation result as plain JSON data, with JSON's rules: functions and undefined members
 * dropped (null inside arrays), non-finite numbers null, every object a plain object (no shared
 * part with the input). Both evaluators' results go through it, so they compare and serialise
 * alike; `jsonataMarkers` also drops JSONata's own function objects (results of its evaluator).
 */
export function toJsonValue(value: unknown, jsonataMarkers = true): unknown {
  return copy(value, jsonataMarkers);
}

/** The value at a JSON pointer (RFC 6901), or undefined. */
export function valueAt(document: unknown, pointer: string): unknown {
  if (pointer === '') return document;
  let current = document;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * The JSON pointer of the first place (depth first, in document order) where `value` occurs in
 * `document`: used to name where in the input an offending value came from. Only strings with
 * visible characters and numbers are looked for (a `true` or `null` would match anywhere); a
 * number also matches its decimal text, as CSV and vendor payloads often carry numbers as text.
 */
export function locateValue(document: unknown, value: unknown): string | undefined {
  const wanted = typeof value === 'string' ? (value.trim() === '' ? undefined : value) : typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  if (wanted === undefined) return undefined;
  const asText = typeof wanted === 'number' ? String(wanted) : undefined;
  const visit = (node: unknown, path: string, depth: number): string | undefined => {
    if (node === wanted || (asText !== undefined && typeof node === 'string' && node.trim() === asText)) return path;
    if (node === null || typeof node !== 'object' || depth > 64) return undefined;
    for (const key of Object.keys(node)) {
      const found = visit((node as Record<string, unknown>)[key], `${path}/${pointerSegment(key)}`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  return visit(document, '', 0);
}
