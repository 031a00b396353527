import jsonata from 'jsonata';
import { createSequence } from './sequence.ts';
import { EvaluationBailout, FunctionValue, isFunctionValue } from './semantics.ts';
import { isRegexMatcher, type RegexMatch } from './regex-matcher.ts';
import type { FunctionTable, Scope } from './scope.ts';

/** A function the compiled evaluator calls directly, without JSONata's asynchronous machinery. */
export class NativeFunction extends FunctionValue {
  readonly kind = 'native-function';
  /** JSONata's marker of a function definition: its built-ins take this for a function. */
  readonly _jsonata_function = true;
  readonly name: string;
  /** Whether a regex literal may be passed to it. */
  readonly acceptsRegex: boolean;
  readonly call: (args: unknown[], input: unknown, scope: Scope) => unknown;

  constructor(name: string, acceptsRegex: boolean, call: (args: unknown[], input: unknown, scope: Scope) => unknown) {
    super();
    this.name = name;
    this.acceptsRegex = acceptsRegex;
    this.call = call;
  }
}

/** True when `value` is a {@link NativeFunction}. */
export function isNativeFunction(value: unknown): value is NativeFunction {
  return value instanceof NativeFunction;
}

interface JsonataSignature {
  definition: string;
  validate(args: unknown[], context: unknown): unknown[];
}

interface JsonataDefinition {
  _jsonata_function: true;
  implementation: (this: unknown, ...args: unknown[]) => unknown;
  signature?: JsonataSignature;
}

/** JSONata's type letter of a value in a function signature, as a number: `m` missing 0, `s` 1, `n` 2, `b` 3, `l` null 4, `o` 6, `f` 7. */
function typeCode(value: unknown): number {
  if (isFunctionValue(value)) return 7;
  switch (typeof value) {
    case 'string':
      return 1;
    case 'number':
      return 2;
    case 'boolean':
      return 3;
    case 'object':
      return value === null ? 4 : Array.isArray(value) ? arrayCode(value) : 6;
    default:
      return 0;
  }
}

/**
 * An array's code: what JSONata's check of typed arrays (`a<s>`) looks at, the type of the first
 * item and whether every item has it. 5 when empty, 8 + the item code when all items share it,
 * 16 when they are mixed.
 */
function arrayCode(items: readonly unknown[]): number {
  if (items.length === 0) return 5;
  const first = typeCode(items[0]);
  for (let index = 1; index < items.length; index += 1) if (typeCode(items[index]) !== first) return 16;
  return 8 + first;
}

/** Argument type patterns remembered per function, at most this many. */
const PATTERNS_PER_FUNCTION = 64;

/**
 * JSONata's argument validation of a built-in, remembered by argument types. Validation either
 * throws, or returns the arguments (possibly padded with undefined), or rewrites them (the
 * context in place of a missing argument, a value wrapped in an array). Which of these happens
 * depends only on the type letters of the arguments and of the context, and for typed arrays
 * (`a<s>`) on the type of the first item and whether all items share it: a pattern of these once
 * validated to the arguments themselves is not validated again. Variadic functions and function
 * signatures are always validated.
 */
function validator(signature: JsonataSignature | undefined): (args: unknown[], input: unknown) => unknown[] {
  if (signature === undefined) return (args) => args;
  const remembered = !signature.definition.includes('f<') && !signature.definition.includes('+');
  const unchanged = new Set<number>();
  return (args, input) => {
    // The pattern: the codes of the context and of each argument, in base 32, after a leading 1.
    let pattern = 32 + typeCode(input);
    if (remembered && args.length < 8) {
      for (const arg of args) pattern = pattern * 32 + typeCode(arg);
      if (unchanged.has(pattern)) return args;
    }
    const result = signature.validate(args, input);
    if (remembered && args.length < 8 && unchanged.size < PATTERNS_PER_FUNCTION && result.length >= args.length && result.every((value, index) => (index < args.length ? value === args[index] : value === undefined))) {
      unchanged.add(pattern);
    }
    return result;
  };
}

/**
 * JSONata's synchronous built-in functions: the compiled evaluator calls JSONata's own
 * implementations, after JSONata's own argument validation, so their results are JSONata's.
 * Functions taking functions (`$map`, `$filter`, `$sort`...), `$eval`, `$match`, `$replace`
 * and the random ones are left to the reference evaluator.
 */
export const SYNC_BUILTINS: readonly string[] = [
  'sum', 'count', 'max', 'min', 'average',
  'string', 'substring', 'substringBefore', 'substringAfter', 'lowercase', 'uppercase', 'length', 'trim', 'pad', 'join',
  'formatNumber', 'formatBase', 'formatInteger', 'parseInteger', 'number', 'abs', 'floor', 'ceil', 'round', 'power', 'sqrt',
  'boolean', 'not', 'exists', 'keys', 'lookup', 'append', 'spread', 'merge', 'reverse', 'distinct', 'zip', 'type', 'error', 'assert',
  'base64encode', 'base64decode', 'encodeUrlComponent', 'encodeUrl', 'decodeUrlComponent', 'decodeUrl', 'fromMillis', 'toMillis',
];

/** JSONata's built-ins the compiled evaluator leaves to JSONata: higher-order, asynchronous or random ones. */
export const REFERENCE_ONLY_BUILTINS: ReadonlySet<string> = new Set(['match', 'replace', 'random', 'map', 'filter', 'single', 'reduce', 'sift', 'each', 'sort', 'shuffle', 'eval', 'clone']);

function isPromiseLike(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

async function definitionOf(name: string): Promise<JsonataDefinition> {
  const value = (await jsonata(`$${name}`).evaluate(undefined)) as unknown;
  if (value === null || typeof value !== 'object' || (value as { _jsonata_function?: unknown })._jsonata_function !== true) {
    throw new Error(`JSONata has no built-in function $${name}`);
  }
  return value as JsonataDefinition;
}

function builtin(name: string, definition: JsonataDefinition): NativeFunction {
  const validate = validator(definition.signature);
  // JSONata's built-ins read their focus (`this`) during the call only: one object serves every call.
  const focus: { input: unknown; createSequence: typeof createSequence; environment: undefined; options: undefined } = { input: undefined, createSequence, environment: undefined, options: undefined };
  return new NativeFunction(name, false, (args, input) => {
    focus.input = input;
    const result = definition.implementation.apply(focus, validate(args, input));
    if (isPromiseLike(result)) throw new EvaluationBailout(`$${name} answered asynchronously`);
    return result;
  });
}

function split(text: unknown, separator: unknown, limit: unknown): unknown {
  if (text === undefined) return undefined;
  if (typeof limit === 'number' && limit < 0) throw new EvaluationBailout('$split limit is negative (D3020)');
  // JSONata's validation has made `text` a string.
  const source = text as string;
  if (limit !== undefined && !(typeof limit === 'number' && limit > 0)) return [];
  const max = typeof limit === 'number' ? limit : undefined;
  if (typeof separator === 'string') return source.split(separator, max);
  if (!isRegexMatcher(separator)) throw new EvaluationBailout('$split separator is a function');
  const result: string[] = [];
  let found: RegexMatch | undefined = separator(source);
  if (found === undefined) return [source];
  let start = 0;
  let count = 0;
  while (found !== undefined && (max === undefined || count < max)) {
    result.push(source.substring(start, found.start));
    start = found.end;
    found = found.next();
    count += 1;
  }
  if (max === undefined || count < max) result.push(source.substring(start));
  return result;
}

function contains(text: unknown, token: unknown): unknown {
  if (text === undefined || token === undefined) return undefined;
  // JSONata's validation has made `text` a string.
  const source = text as string;
  if (typeof token === 'string') return source.includes(token);
  if (!isRegexMatcher(token)) throw new EvaluationBailout('$contains token is a function');
  return token(source) !== undefined;
}

/** `$split` and `$contains` rewritten synchronously (JSONata's are asynchronous), with JSONata's argument validation. */
function rewritten(name: string, definition: JsonataDefinition, body: (...args: unknown[]) => unknown): NativeFunction {
  const validate = validator(definition.signature);
  return new NativeFunction(name, true, (args, input) => {
    return body(...validate(args, input));
  });
}

function clock(fromMillis: JsonataDefinition): NativeFunction[] {
  const now = new NativeFunction('now', false, (args, _input, scope) => {
    if (args.length > 2 || args.some((arg) => arg !== undefined && typeof arg !== 'string')) throw new EvaluationBailout('$now takes up to two strings (T0410)');
    return fromMillis.implementation.apply({ createSequence }, [scope.evaluation.timestamp, ...args]);
  });
  const millis = new NativeFunction('millis', false, (args, _input, scope) => {
    if (args.length > 0) throw new EvaluationBailout('$millis takes no arguments (T0410)');
    return scope.evaluation.timestamp;
  });
  return [now, millis];
}

let builtins: Promise<FunctionTable> | undefined;

/**
 * The built-in functions of the compiled evaluator: JSONata's synchronous built-ins, `$split`
 * and `$contains`, `$now` and `$millis`. Built once per process from JSONata's own definitions.
 */
export function builtinFunctions(): Promise<FunctionTable> {
  builtins ??= (async () => {
    const frame = Object.create(null) as Record<string, unknown>;
    for (const name of SYNC_BUILTINS) frame[name] = builtin(name, await definitionOf(name));
    frame['split'] = rewritten('split', await definitionOf('split'), split);
    frame['contains'] = rewritten('contains', await definitionOf('contains'), contains);
    for (const native of clock(await definitionOf('fromMillis'))) frame[native.name] = native;
    return frame;
  })();
  return builtins;
}

/** Wraps a mapping function (the same implementation the reference evaluator registers). */
export function nativeOf(name: string, implementation: (...args: unknown[]) => unknown): NativeFunction {
  // The caller has checked that no argument is a function.
  return new NativeFunction(name, false, (args) => implementation(...args));
}
