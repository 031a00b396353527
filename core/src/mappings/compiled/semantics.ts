import { createSequence, isConsArray, isSequence, type Sequence } from './sequence.ts';

/**
 * JSONata's value semantics (JSONata 2.x, https://docs.jsonata.org), written for the compiled
 * evaluator: truthiness, equality, comparison, string conversion, field lookup and the operators.
 * Where JSONata raises an error these throw {@link EvaluationBailout}: the compiled evaluator
 * never reports an error itself, the reference evaluator runs again and reports it exactly.
 */
export class EvaluationBailout extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'EvaluationBailout';
  }
}

/**
 * Base of the function values the compiled evaluator makes (native functions and lambdas), so
 * that one `instanceof` tells them from data: looking a marker property up on every object of
 * the data would cost more than the lookups themselves.
 */
export abstract class FunctionValue {
  /** What kind of function it is (`native-function`, `compiled-lambda`). */
  abstract readonly kind: string;
}

/**
 * A function value: a JavaScript function (such as a regex matcher) or one the compiled
 * evaluator made. (JSONata's own function objects never reach it: bindings and inputs are data.)
 */
export function isFunctionValue(value: unknown): boolean {
  return typeof value === 'function' || value instanceof FunctionValue;
}

/** A finite number (JSONata refuses infinities outright). */
export function isNumeric(value: unknown): value is number {
  if (typeof value !== 'number' || Number.isNaN(value)) return false;
  if (!Number.isFinite(value)) throw new EvaluationBailout('number out of range (D1001)');
  return true;
}

/** An array whose every item is numeric. */
export function isArrayOfNumbers(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((item) => isNumeric(item));
}

/** JSONata's effective boolean value; undefined stays undefined. */
export function toBoolean(value: unknown): boolean | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) {
    if (value.length === 1) return toBoolean(value[0]);
    return value.length > 1 && value.some((item) => toBoolean(item) === true);
  }
  if (typeof value === 'string') return value.length > 0;
  if (isNumeric(value)) return value !== 0;
  if (value !== null && typeof value === 'object' && !isFunctionValue(value)) return Object.keys(value).length > 0;
  return value === true;
}

/** Deep equality of `=`: same primitives, or arrays and objects equal item by item. */
export function deepEqual(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (left === null || right === null || typeof left !== 'object' || typeof right !== 'object') return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => deepEqual(item, right[index]));
  }
  const leftKeys = Object.getOwnPropertyNames(left).sort();
  const rightKeys = Object.getOwnPropertyNames(right).sort();
  if (leftKeys.length !== rightKeys.length || leftKeys.some((key, index) => key !== rightKeys[index])) return false;
  return leftKeys.every((key) => deepEqual((left as Record<string, unknown>)[key], (right as Record<string, unknown>)[key]));
}

/** JSONata's `$string()` of a value (numbers to 15 significant digits, functions to ''). */
export function toText(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (isFunctionValue(value)) return '';
  if (typeof value === 'number' && !Number.isFinite(value)) throw new EvaluationBailout('cannot convert an infinite number to a string (D3001)');
  const subject: unknown = Array.isArray(value) && (value as Sequence).outerWrapper === true ? (value as Sequence)[0] : value;
  return JSON.stringify(subject, (_key, item: unknown) => {
    if (item !== undefined && item !== null && isNumeric(item)) return Number.isInteger(item) ? item : Number(item.toPrecision(15));
    return item !== undefined && item !== null && isFunctionValue(item) ? '' : item;
  });
}

/** Looks `key` up in an object, or in every item of an array (flattening the results). */
export function lookupField(input: unknown, key: string): unknown {
  if (Array.isArray(input)) {
    const result = createSequence();
    for (const item of input) {
      const found = lookupField(item, key);
      if (found === undefined) continue;
      if (Array.isArray(found)) for (const value of found) result.push(value);
      else result.push(found);
    }
    return result;
  }
  if (input !== null && typeof input === 'object' && Object.prototype.hasOwnProperty.call(input, key) && !isFunctionValue(input)) {
    return (input as Record<string, unknown>)[key];
  }
  return undefined;
}

/** JSONata's `$append`: concatenates, treating a non-array as an array of one. */
export function appendValues(first: unknown, second: unknown): unknown {
  if (first === undefined) return second;
  if (second === undefined) return first;
  const left = Array.isArray(first) ? first : createSequence(first);
  const right = Array.isArray(second) ? second : [second];
  return left.concat(right);
}

/** `+ - * / %`: undefined when a side is undefined; both sides must be numbers. */
export function arithmetic(operator: string, left: unknown, right: unknown): number | undefined {
  if (left !== undefined && !isNumeric(left)) throw new EvaluationBailout(`left side of ${operator} is not a number (T2001)`);
  if (right !== undefined && !isNumeric(right)) throw new EvaluationBailout(`right side of ${operator} is not a number (T2002)`);
  if (left === undefined || right === undefined) return undefined;
  switch (operator) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return left / right;
    default:
      return left % right;
  }
}

/** `< <= > >=`: strings with strings or numbers with numbers; undefined when a side is. */
export function compare(operator: string, left: unknown, right: unknown): boolean | undefined {
  const leftType = typeof left;
  const rightType = typeof right;
  const comparable = (type: string): boolean => type === 'undefined' || type === 'string' || type === 'number';
  if (!comparable(leftType) || !comparable(rightType)) throw new EvaluationBailout(`${operator} needs strings or numbers (T2010)`);
  if (left === undefined || right === undefined) return undefined;
  if (leftType !== rightType) throw new EvaluationBailout(`${operator} compares a string with a number (T2009)`);
  const a = left as string | number;
  const b = right as string | number;
  switch (operator) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

/** `in`: whether `left` is one of `right` (an array, or a single value). */
export function includes(left: unknown, right: unknown): boolean {
  if (left === undefined || right === undefined) return false;
  return (Array.isArray(right) ? right : [right]).some((item) => item === left);
}

/** `&`: string concatenation, undefined sides count as ''. */
export function concatenate(left: unknown, right: unknown): string {
  return (left === undefined ? '' : (toText(left) ?? '')) + (right === undefined ? '' : (toText(right) ?? ''));
}

/** True when `value` is an array that a path step flattens into its result. */
export function flattensInto(value: unknown): value is unknown[] {
  return Array.isArray(value) && !isConsArray(value);
}

export { isSequence };
