/**
 * JSONata's sequences: arrays produced by navigation rather than written as arrays in the data.
 * A sequence of one value collapses to that value, an empty one to nothing; `keepSingleton`
 * (the `[]` path suffix) keeps a sequence of one as an array, `cons` marks an array built by an
 * array constructor, and `outerWrapper` marks an input document that is itself an array.
 *
 * The flags are the ones JSONata's own built-in functions look at (they are called with
 * {@link createSequence} as their factory). `sequence` is a plain property, as in JSONata (it is
 * set on new arrays only, and the engine copies its results into plain arrays); the flags that
 * may land on an array of the input are defined non-enumerable, so the input is left as it was.
 */
export interface SequenceFlags {
  sequence?: boolean;
  keepSingleton?: boolean;
  cons?: boolean;
  outerWrapper?: boolean;
  tupleStream?: boolean;
}

/** An array with JSONata's flags. */
export type Sequence = unknown[] & SequenceFlags;

/** Sets one of JSONata's flags on an array, non-enumerable. */
export function flag(array: unknown[], name: Exclude<keyof SequenceFlags, 'sequence'>): void {
  Object.defineProperty(array, name, { value: true, writable: true, enumerable: false, configurable: true });
}

/** A new sequence, holding `item` when one argument is given (even `undefined`). */
export function createSequence(...items: unknown[]): Sequence {
  const sequence: Sequence = items.length === 1 ? [items[0]] : [];
  sequence.sequence = true;
  return sequence;
}

/** True when `value` is a sequence (not an array of the data). */
export function isSequence(value: unknown): value is Sequence {
  return Array.isArray(value) && (value as Sequence).sequence === true;
}

/** True when `value` is an array built by an array constructor. */
export function isConsArray(value: unknown): boolean {
  return Array.isArray(value) && (value as Sequence).cons === true;
}

/**
 * What JSONata does with the result of every expression node: marks it to keep a singleton when
 * the node carries `[]`, then turns an empty sequence into nothing and a sequence of one into its
 * value (unless it keeps singletons).
 */
export function collapse(result: unknown, keepArray: boolean): unknown {
  if (!isSequence(result) || result.tupleStream === true) return result;
  if (keepArray) flag(result, 'keepSingleton');
  if (result.length === 0) return undefined;
  if (result.length === 1) return result.keepSingleton === true ? result : result[0];
  return result;
}
