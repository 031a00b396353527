import { pointerSegment } from '../schema/field-errors.ts';

/** One difference between two JSON documents, at a JSON pointer. */
export interface JsonDifference {
  /** JSON pointer (RFC 6901) of the differing value; empty for the whole document. */
  path: string;
  /** `changed` (both have a different value), `missing` (only the expected/left side has it), `unexpected` (only the actual/right side has it). */
  kind: 'changed' | 'missing' | 'unexpected';
  expected?: unknown;
  actual?: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The differences between `expected` and `actual`, deepest first where they differ: objects
 * compare by key (order ignored), arrays item by item, anything else by value. Empty when equal.
 */
export function jsonDiff(expected: unknown, actual: unknown, path = ''): JsonDifference[] {
  if (Array.isArray(expected) && Array.isArray(actual)) {
    const differences: JsonDifference[] = [];
    for (let index = 0; index < Math.max(expected.length, actual.length); index += 1) {
      const where = `${path}/${index}`;
      if (index >= actual.length) differences.push({ path: where, kind: 'missing', expected: expected[index] });
      else if (index >= expected.length) differences.push({ path: where, kind: 'unexpected', actual: actual[index] });
      else differences.push(...jsonDiff(expected[index], actual[index], where));
    }
    return differences;
  }
  if (isObject(expected) && isObject(actual)) {
    const differences: JsonDifference[] = [];
    for (const key of Object.keys(expected)) {
      const where = `${path}/${pointerSegment(key)}`;
      if (!Object.prototype.hasOwnProperty.call(actual, key)) differences.push({ path: where, kind: 'missing', expected: expected[key] });
      else differences.push(...jsonDiff(expected[key], actual[key], where));
    }
    for (const key of Object.keys(actual)) {
      if (!Object.prototype.hasOwnProperty.call(expected, key)) differences.push({ path: `${path}/${pointerSegment(key)}`, kind: 'unexpected', actual: actual[key] });
    }
    return differences;
  }
  if (expected === actual || (Number.isNaN(expected) && Number.isNaN(actual))) return [];
  return [{ path, kind: 'changed', expected, actual }];
}

/** One line per difference, e.g. `/order/lines/0/sku: expected "A", got "B"`. */
export function describeDifferences(differences: readonly JsonDifference[]): string[] {
  const show = (value: unknown): string => (value === undefined ? 'nothing' : JSON.stringify(value));
  return differences.map((difference) => {
    const where = difference.path === '' ? '(root)' : difference.path;
    switch (difference.kind) {
      case 'missing':
        return `${where}: missing, expected ${show(difference.expected)}`;
      case 'unexpected':
        return `${where}: unexpected ${show(difference.actual)}`;
      default:
        return `${where}: expected ${show(difference.expected)}, got ${show(difference.actual)}`;
    }
  });
}
