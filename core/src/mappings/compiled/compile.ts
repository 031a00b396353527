import { KNOWN_KEYS, UnsupportedConstruct, type AstNode, type AstStage } from './ast.ts';
import { isNativeFunction, REFERENCE_ONLY_BUILTINS } from './natives.ts';
import { Scope, type FunctionTable } from './scope.ts';
import { regexMatcher, isRegexMatcher } from './regex-matcher.ts';
import { collapse, createSequence, flag, isConsArray, isSequence, type Sequence } from './sequence.ts';
import {
  appendValues,
  arithmetic,
  compare,
  concatenate,
  deepEqual,
  EvaluationBailout,
  FunctionValue,
  includes,
  isArrayOfNumbers,
  isFunctionValue,
  isNumeric,
  lookupField,
  toBoolean,
} from './semantics.ts';

/** Evaluates one node of the syntax tree on an input, in a scope. */
type Evaluator = (input: unknown, scope: Scope) => unknown;
type Filter = (input: unknown, scope: Scope) => unknown;

/**
 * A lambda (`function($x) { ... }`) as the compiled evaluator makes it: a closure over the scope
 * and the input it was defined in. It carries JSONata's lambda marker, so that it counts as a
 * function value everywhere (dropped from results, false as a boolean).
 */
class CompiledLambda extends FunctionValue {
  readonly kind = 'compiled-lambda';
  /** JSONata's marker of a lambda: its built-ins take this for a function. */
  readonly _jsonata_lambda = true;
  readonly params: readonly string[];
  readonly body: Evaluator;
  readonly scope: Scope;
  readonly input: unknown;

  constructor(params: readonly string[], body: Evaluator, scope: Scope, input: unknown) {
    super();
    this.params = params;
    this.body = body;
    this.scope = scope;
    this.input = input;
  }
}

/** A call in tail position of a lambda body, made by the caller of the lambda (JSONata's trampoline). */
interface TailCall {
  readonly kind: 'tail-call';
  run(context: unknown): unknown;
}

function isCompiledLambda(value: unknown): value is CompiledLambda {
  return value instanceof CompiledLambda;
}

function isTailCall(value: unknown): value is TailCall {
  return value !== null && typeof value === 'object' && (value as { kind?: unknown }).kind === 'tail-call';
}

/**
 * Calls a lambda: its parameters bound in a scope under its closure, its body evaluated on the
 * input it was defined on, then tail calls made one after the other. A native function called in
 * tail position gets the caller's context (`context`), as in JSONata.
 */
function applyLambda(lambda: CompiledLambda, args: readonly unknown[], context: unknown): unknown {
  const scope = new Scope(lambda.scope.evaluation, lambda.scope);
  lambda.params.forEach((param, index) => scope.bind(param, args[index]));
  let result = lambda.body(lambda.input, scope);
  while (isTailCall(result)) result = result.run(context);
  return result;
}

/** A compiled expression: evaluates `input` with `bindings` over the function scope it was compiled for. */
export type CompiledExpression = (input: unknown, bindings: Readonly<Record<string, unknown>>) => unknown;

const RESERVED_KEYS = new Set(['_jsonata_lambda', '_jsonata_function']);

function checkKeys(node: AstNode): void {
  for (const key of Object.keys(node)) {
    if (!KNOWN_KEYS.has(key) && (node as unknown as Record<string, unknown>)[key] !== undefined) throw new UnsupportedConstruct(`"${key}" on a ${node.type} node`, node);
  }
}

function setField(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

function lengthOf(value: unknown): number {
  const length = (value as { length?: unknown } | null | undefined)?.length;
  return typeof length === 'number' ? length : 0;
}

function itemAt(value: unknown, index: number): unknown {
  return (value as Record<number, unknown>)[index];
}

/** Names the expression binds itself (`$x := ...`, lambda parameters): calls of these are looked up at run time. */
function boundNames(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) {
    for (const item of node) boundNames(item, into);
  } else if (node !== null && typeof node === 'object' && !(node instanceof RegExp)) {
    const ast = node as AstNode;
    if (ast.type === 'bind' && ast.lhs !== undefined && !Array.isArray(ast.lhs)) into.add(String(ast.lhs.value));
    if (ast.type === 'lambda') for (const param of ast.arguments ?? []) into.add(String(param.value));
    for (const value of Object.values(node)) boundNames(value, into);
  }
  return into;
}

class Compiler {
  readonly #functions: FunctionTable;
  readonly #bound: ReadonlySet<string>;

  constructor(functions: FunctionTable, bound: ReadonlySet<string>) {
    this.#functions = functions;
    this.#bound = bound;
  }

  /** A node with its predicates, then JSONata's sequence collapsing. */
  node(node: AstNode): Evaluator {
    checkKeys(node);
    const core = this.#core(node);
    const filters = (node.predicate ?? []).map((stage) => this.#filter(stage));
    const keepArray = node.keepArray === true;
    if (filters.length === 0 && !keepArray && neverSequence(node)) return core;
    // A path collapses its own general results; its field walk gives plain values.
    if (filters.length === 0 && !keepArray && node.type === 'path') return core;
    if (filters.length === 0) return (input, scope) => collapse(core(input, scope), keepArray);
    return (input, scope) => {
      let result = core(input, scope);
      for (const filter of filters) result = filter(result, scope);
      return collapse(result, keepArray);
    };
  }

  #core(node: AstNode): Evaluator {
    switch (node.type) {
      case 'path':
        return this.#path(node);
      case 'binary':
        return this.#binary(node);
      case 'unary':
        return this.#unary(node);
      case 'name': {
        const key = String(node.value);
        return (input) => lookupField(input, key);
      }
      case 'string':
      case 'number':
      case 'value': {
        const value = node.value;
        return () => value;
      }
      case 'condition':
        return this.#condition(node);
      case 'block':
        return this.#block(node);
      case 'bind':
        return this.#bind(node);
      case 'variable':
        return this.#variable(node);
      case 'function': {
        const invoke = this.#invocation(node);
        return (input, scope) => invoke(input, scope, input, false, undefined);
      }
      case 'apply':
        return this.#apply(node);
      case 'lambda':
        return this.#lambda(node);
      case 'regex': {
        if (!(node.value instanceof RegExp)) throw new UnsupportedConstruct('a regex without a pattern', node);
        // One matcher per literal: it resets its position on each use, and nothing else runs
        // between a match and the follow-up search that reads it (evaluation is synchronous).
        const matcher = regexMatcher(node.value);
        return () => matcher;
      }
      default:
        throw new UnsupportedConstruct(`the ${node.type} construct`, node);
    }
  }

  #filter(stage: AstStage): Filter {
    if (stage.type !== 'filter') throw new UnsupportedConstruct(`a ${stage.type} stage`, stage.expr);
    const predicate = stage.expr;
    if (predicate.type === 'number') {
      checkKeys(predicate);
      const wanted = Math.floor(Number(predicate.value));
      return (input) => {
        const items = Array.isArray(input) ? input : createSequence(input);
        const index = wanted < 0 ? items.length + wanted : wanted;
        const item: unknown = items[index];
        if (item === undefined) return createSequence();
        if (Array.isArray(item)) return item as unknown[];
        return createSequence(item);
      };
    }
    const test = this.node(predicate);
    return (input, scope) => {
      const results = createSequence();
      const items = Array.isArray(input) ? input : createSequence(input);
      for (let index = 0; index < items.length; index += 1) {
        const item: unknown = items[index];
        let outcome = test(item, scope);
        if (isNumeric(outcome)) outcome = [outcome];
        if (isArrayOfNumbers(outcome)) {
          for (const position of outcome) {
            let wanted = Math.floor(position);
            if (wanted < 0) wanted = items.length + wanted;
            if (wanted === index) results.push(item);
          }
        } else if (toBoolean(outcome) === true) {
          results.push(item);
        }
      }
      return results;
    };
  }

  #path(node: AstNode): Evaluator {
    const steps = node.steps ?? [];
    const first = steps[0];
    if (first === undefined) throw new UnsupportedConstruct('an empty path', node);
    const absolute = first.type === 'variable';
    const compiled = steps.map((step, index) => {
      if (step.type === 'sort') throw new UnsupportedConstruct('sorting', step);
      const evaluate = this.node(step);
      const stages = (step.stages ?? []).map((stage) => this.#filter(stage));
      const last = index === steps.length - 1;
      if (index === 0 && step.consarray === true) return (input: unknown, scope: Scope) => evaluate(input, scope);
      return (input: unknown, scope: Scope) => step1(evaluate, stages, input, scope, last);
    });
    const keepSingleton = node.keepSingletonArray === true;
    const generic = (input: unknown, scope: Scope): unknown => {
      let current: unknown = Array.isArray(input) && !absolute ? input : createSequence(input);
      let result: unknown;
      for (const step of compiled) {
        result = step(current, scope);
        if (result === undefined || (result as { length?: unknown }).length === 0) break;
        current = result;
      }
      if (keepSingleton) {
        if (Array.isArray(result) && isConsArray(result) && !isSequence(result)) result = createSequence(result);
        if (!Array.isArray(result)) throw new EvaluationBailout('[] on something that is not a sequence');
        flag(result, 'keepSingleton');
      }
      return result;
    };
    const plain = (step: AstNode, type: string): boolean => step.type === type && step.stages === undefined && step.predicate === undefined && step.keepArray !== true;
    const start = absolute && plain(first, 'variable') ? String(first.value) : undefined;
    const names = steps.slice(start === undefined ? 0 : 1).map((step) => (plain(step, 'name') ? String(step.value) : undefined));
    const collapsed = (input: unknown, scope: Scope): unknown => collapse(generic(input, scope), false);
    if ((absolute && start === undefined) || keepSingleton || names.some((name) => name === undefined)) return collapsed;
    // A path of plain field names over objects (the common case), from the context or from a
    // variable, walks the fields directly; as soon as it meets an array or a function it starts
    // again with JSONata's general path evaluation.
    return (input, scope) => {
      let current: unknown;
      if (start === undefined) current = input;
      else if (start === '') current = Array.isArray(input) && (input as Sequence).outerWrapper === true ? input[0] : input;
      else current = scope.lookup(start);
      if (Array.isArray(current) || isFunctionValue(current)) return collapsed(input, scope);
      for (const name of names as string[]) {
        if (current === null || typeof current !== 'object' || current instanceof FunctionValue) return undefined;
        const value: unknown = (current as Record<string, unknown>)[name];
        if (value === undefined) return undefined;
        // Inherited members (toString, __proto__...) are not fields: only then is ownership checked.
        if ((typeof value === 'function' || name === '__proto__') && !Object.prototype.hasOwnProperty.call(current, name)) return undefined;
        if (Array.isArray(value) || typeof value === 'function') return collapsed(input, scope);
        current = value;
      }
      return current;
    };
  }

  #binary(node: AstNode): Evaluator {
    const operator = String(node.value);
    if (node.rhs === undefined || node.lhs === undefined || Array.isArray(node.lhs)) throw new UnsupportedConstruct(`operator ${operator} without operands`, node);
    const left = this.node(node.lhs);
    const right = this.node(node.rhs);
    switch (operator) {
      case 'and':
        return (input, scope) => (toBoolean(left(input, scope)) ?? false) && (toBoolean(right(input, scope)) ?? false);
      case 'or':
        return (input, scope) => (toBoolean(left(input, scope)) ?? false) || (toBoolean(right(input, scope)) ?? false);
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
        return (input, scope) => {
          const a = left(input, scope);
          return arithmetic(operator, a, right(input, scope));
        };
      case '=':
      case '!=': {
        const negate = operator === '!=';
        return (input, scope) => {
          const a = left(input, scope);
          const b = right(input, scope);
          if (a === undefined || b === undefined) return false;
          return deepEqual(a, b) !== negate;
        };
      }
      case '<':
      case '<=':
      case '>':
      case '>=':
        return (input, scope) => {
          const a = left(input, scope);
          return compare(operator, a, right(input, scope));
        };
      case '&':
        return (input, scope) => {
          const a = left(input, scope);
          return concatenate(a, right(input, scope));
        };
      case 'in':
        return (input, scope) => {
          const a = left(input, scope);
          return includes(a, right(input, scope));
        };
      default:
        throw new UnsupportedConstruct(`operator ${operator}`, node);
    }
  }

  #unary(node: AstNode): Evaluator {
    switch (node.value) {
      case '-': {
        if (node.expression === undefined) throw new UnsupportedConstruct('negation without an operand', node);
        const operand = this.node(node.expression);
        return (input, scope) => {
          const value = operand(input, scope);
          if (value === undefined) return undefined;
          if (isNumeric(value)) return -value;
          throw new EvaluationBailout('cannot negate a non-number (D1002)');
        };
      }
      case '[':
        return this.#array(node);
      case '{':
        return this.#object(node);
      default:
        throw new UnsupportedConstruct(`unary ${String(node.value)}`, node);
    }
  }

  #array(node: AstNode): Evaluator {
    const items = (node.expressions ?? []).map((item) => ({ evaluate: this.node(item), nested: item.value === '[' }));
    const cons = node.consarray === true;
    return (input, scope) => {
      let result: unknown = [];
      for (const item of items) {
        const value = item.evaluate(input, scope);
        if (value === undefined) continue;
        if (item.nested) (result as unknown[]).push(value);
        else result = appendValues(result, value);
      }
      if (cons) flag(result as unknown[], 'cons');
      return result;
    };
  }

  #object(node: AstNode): Evaluator {
    if (!Array.isArray(node.lhs)) throw new UnsupportedConstruct('an object constructor without pairs', node);
    const pairs = node.lhs.map(([key, value]) => ({ key: this.node(key), value: this.node(value), literal: literalKey(key) }));
    const grouped = groupedObject(pairs);
    const literals = pairs.map((pair) => pair.literal);
    if (literals.some((key) => key === undefined || RESERVED_KEYS.has(key)) || new Set(literals).size !== literals.length) return grouped;
    // Every key is a distinct literal: one input item needs no grouping. Values are evaluated in
    // the order JSONata's grouping object lists the keys (integer-like keys first).
    const order = Object.keys(Object.fromEntries(literals.map((key, index): [string, number] => [key as string, index]))).map((key) => literals.indexOf(key));
    const ordered = order.map((index) => ({ key: literals[index] as string, value: (pairs[index] as (typeof pairs)[number]).value }));
    const plainKeys = !literals.includes('__proto__');
    return (input, scope) => {
      if (Array.isArray(input)) return grouped(input, scope);
      const result: Record<string, unknown> = {};
      for (const pair of ordered) {
        const value = pair.value(input, scope);
        if (value === undefined) continue;
        if (plainKeys) result[pair.key] = value;
        else setField(result, pair.key, value);
      }
      return result;
    };
  }

  #condition(node: AstNode): Evaluator {
    if (node.condition === undefined || node.then === undefined) throw new UnsupportedConstruct('a condition without branches', node);
    const test = this.node(node.condition);
    const then = this.node(node.then);
    const otherwise = node.else === undefined ? undefined : this.node(node.else);
    return (input, scope) => {
      if (toBoolean(test(input, scope)) === true) return then(input, scope);
      return otherwise === undefined ? undefined : otherwise(input, scope);
    };
  }

  #block(node: AstNode): Evaluator {
    const expressions = (node.expressions ?? []).map((expression) => this.node(expression));
    return (input, scope) => {
      const inner = new Scope(scope.evaluation, scope);
      let result: unknown;
      for (const expression of expressions) result = expression(input, inner);
      return result;
    };
  }

  #bind(node: AstNode): Evaluator {
    const target = node.lhs;
    if (target === undefined || Array.isArray(target) || target.type !== 'variable' || node.rhs === undefined) throw new UnsupportedConstruct('an assignment to something other than a variable', node);
    const name = String(target.value);
    const value = this.node(node.rhs);
    return (input, scope) => {
      const result = value(input, scope);
      if (isNativeFunction(result) || (isFunctionValue(result) && !isCompiledLambda(result))) throw new EvaluationBailout('a function bound to a variable');
      scope.bind(name, result);
      return result;
    };
  }

  #variable(node: AstNode): Evaluator {
    const name = String(node.value);
    if (name === '') return (input) => (Array.isArray(input) && (input as Sequence).outerWrapper === true ? (input as Sequence)[0] : input);
    return (_input, scope) => {
      const value = scope.lookup(name);
      if (isNativeFunction(value)) throw new EvaluationBailout(`function $${name} used as a value`);
      return value;
    };
  }

  #apply(node: AstNode): Evaluator {
    const target = node.rhs;
    if (node.lhs === undefined || Array.isArray(node.lhs) || target === undefined || target.type !== 'function') {
      throw new UnsupportedConstruct('~> to something other than a function call', node);
    }
    if (target.predicate !== undefined || target.keepArray === true) throw new UnsupportedConstruct('a filter on the function after ~>', target);
    checkKeys(target);
    const context = this.node(node.lhs);
    const invoke = this.#invocation(target);
    return (input, scope) => invoke(input, scope, input, true, context(input, scope));
  }

  #lambda(node: AstNode): Evaluator {
    const body = node.body;
    if (body === undefined) throw new UnsupportedConstruct('a function without a body', node);
    if (node.thunk === true) {
      if (body.type !== 'function') throw new UnsupportedConstruct('a tail call of something other than a function call', node);
      checkKeys(body);
      const call = this.#invocation(body);
      return (input, scope): TailCall => ({ kind: 'tail-call', run: (context) => call(input, scope, context, false, undefined) });
    }
    const params = (node.arguments ?? []).map((param) => {
      if (param.type !== 'variable') throw new UnsupportedConstruct('a function parameter that is not a variable', node);
      return String(param.value);
    });
    const evaluate = this.node(body);
    return (input, scope): CompiledLambda => new CompiledLambda(params, evaluate, scope, input);
  }

  /**
   * A call of a named function: a native function (JSONata's synchronous built-ins, the mapping
   * functions) or a lambda bound to a variable. `context` is what a native function falls back on
   * for a missing argument; `first` is an argument placed first when `hasFirst` (the left side of `~>`).
   */
  #invocation(node: AstNode): (input: unknown, scope: Scope, context: unknown, hasFirst: boolean, first: unknown) => unknown {
    const procedure = node.procedure;
    if (procedure === undefined || procedure.type !== 'variable') throw new UnsupportedConstruct('a call of something other than a named function', node);
    checkKeys(procedure);
    const name = String(procedure.value);
    if (REFERENCE_ONLY_BUILTINS.has(name) && !isNativeFunction(this.#functions[name])) throw new UnsupportedConstruct(`function $${name}`, node);
    const args = (node.arguments ?? []).map((argument) => {
      if (argument.type === 'operator') throw new UnsupportedConstruct('partial application', argument);
      return this.node(argument);
    });
    // A function the expression never rebinds is found once, unless the caller's bindings shadow it.
    const known = this.#functions[name];
    const fixed = !this.#bound.has(name) && isNativeFunction(known) ? known : undefined;
    return (input, scope, context, hasFirst, first) => {
      const callee = fixed !== undefined && !scope.evaluation.shadowsFunctions ? fixed : scope.lookup(name);
      const values: unknown[] = hasFirst ? [first] : [];
      let functions = hasFirst && isFunctionValue(first);
      for (const arg of args) {
        const value = arg(input, scope);
        if (isFunctionValue(value)) functions = true;
        values.push(value);
      }
      if (isNativeFunction(callee)) {
        if (functions) {
          for (const value of values) {
            if (isFunctionValue(value) && !(isRegexMatcher(value) && callee.acceptsRegex)) throw new EvaluationBailout(`a function passed to $${name}`);
          }
        }
        return callee.call(values, context, scope);
      }
      if (isCompiledLambda(callee)) {
        // JSONata wraps a function passed to a lambda into one that loses the context: left to it.
        if (functions) throw new EvaluationBailout(`a function passed to $${name}`);
        return applyLambda(callee, values, context);
      }
      throw new EvaluationBailout(`$${name} is not a function here`);
    };
  }
}

/** Node types whose value is never a sequence, so JSONata's collapsing does nothing to it. */
function neverSequence(node: AstNode): boolean {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value':
    case 'binary':
    case 'regex':
      return true;
    case 'unary':
      return node.value === '{' || node.value === '[' || node.value === '-';
    default:
      return false;
  }
}

/** The key of an object constructor pair when it is a plain string literal. */
function literalKey(node: AstNode): string | undefined {
  const plain = node.type === 'string' && typeof node.value === 'string' && node.predicate === undefined && node.keepArray !== true;
  return plain ? (node.value as string) : undefined;
}

interface Pair {
  key: Evaluator;
  value: Evaluator;
}

/** JSONata's object constructor: groups the input items by each pair's key, then evaluates each value over its group. */
function groupedObject(pairs: readonly Pair[]): Evaluator {
  return (input, scope) => {
    // JSONata pushes an undefined item into an empty input array here, changing the data it
    // reads afterwards; the reference evaluator (which works on a copy) keeps that behaviour.
    if (Array.isArray(input) && input.length === 0 && !isSequence(input)) throw new EvaluationBailout('an object constructor over an empty array of the data');
    const items: ArrayLike<unknown> = Array.isArray(input) ? (input.length === 0 ? [undefined] : input) : [input];
    const groups = Object.create(null) as Record<string, { data: unknown; pair: number }>;
    for (let itemIndex = 0; itemIndex < items.length; itemIndex += 1) {
      const item = items[itemIndex];
      for (let pairIndex = 0; pairIndex < pairs.length; pairIndex += 1) {
        const key = (pairs[pairIndex] as Pair).key(item, scope);
        if (key === undefined) continue;
        if (typeof key !== 'string') throw new EvaluationBailout('an object key is not a string (T1003)');
        if (RESERVED_KEYS.has(key)) throw new EvaluationBailout('a reserved object key (D1013)');
        const group = groups[key];
        if (group === undefined) {
          groups[key] = { data: item, pair: pairIndex };
        } else {
          if (group.pair !== pairIndex) throw new EvaluationBailout('two keys of an object evaluate to the same name (D1009)');
          group.data = appendValues(group.data, item);
        }
      }
    }
    const result: Record<string, unknown> = {};
    for (const key of Object.keys(groups)) {
      const group = groups[key] as { data: unknown; pair: number };
      const value = (pairs[group.pair] as Pair).value(group.data, scope);
      if (value !== undefined) setField(result, key, value);
    }
    return result;
  };
}

/** One step of a path over every item of its input, flattening the results (JSONata's evaluateStep). */
function step1(evaluate: Evaluator, stages: Filter[], input: unknown, scope: Scope, last: boolean): unknown {
  const flattened = createSequence();
  let count = 0;
  let first: unknown;
  const length = lengthOf(input);
  for (let index = 0; index < length; index += 1) {
    let result = evaluate(itemAt(input, index), scope);
    for (const stage of stages) result = stage(result, scope);
    if (result === undefined) continue;
    if (count === 0) first = result;
    count += 1;
    if (!Array.isArray(result) || isConsArray(result)) flattened.push(result);
    else for (const value of result) flattened.push(value);
  }
  // The last step keeps a lone array of the data as it is (JSONata does not flatten it).
  if (last && count === 1 && Array.isArray(first) && !isSequence(first)) return first;
  return flattened;
}

/**
 * The compiled evaluator: turns a JSONata 2.x syntax tree into synchronous JavaScript closures
 * once, so that an evaluation is a few function calls per node instead of JSONata's interpreter
 * walk, asynchronous at every node (an order mapping runs more than ten times faster). It
 * implements JSONata's semantics for paths (sequences, flattening, `[]`), filters, object and
 * array constructors, operators, conditions, blocks, variables, lambdas with tail calls, and calls
 * of synchronous functions (JSONata's own built-ins, with JSONata's argument validation, and the
 * mapping functions). Compilation refuses (with {@link UnsupportedConstruct}) higher-order and
 * asynchronous functions (`$map`, `$filter`, `$sort`, `$match`, `$replace`...), function
 * signatures, sorting, grouping, `@`, `#`, `%`, `*`, `**`, ranges and transforms: such expressions
 * run on JSONata itself. At run time any error, or an input it leaves to JSONata, throws: the
 * caller then runs JSONata, which answers or reports the error exactly.
 *
 * Compiles a JSONata syntax tree for the given functions (their names must be bound in
 * `functions`, the outermost scope). Throws {@link UnsupportedConstruct} when the expression
 * uses something the compiled evaluator leaves to JSONata.
 */
export function compileAst(ast: AstNode, functions: FunctionTable): CompiledExpression {
  const root = new Compiler(functions, boundNames(ast, new Set())).node(ast);
  return (input, bindings) => {
    let shadowsFunctions = false;
    for (const name in bindings) if (Object.prototype.hasOwnProperty.call(functions, name)) shadowsFunctions = true;
    const scope = new Scope({ input, bindings, functions, timestamp: Date.now(), shadowsFunctions });
    let subject = input;
    if (Array.isArray(input) && !isSequence(input)) {
      subject = createSequence(input);
      flag(subject as unknown[], 'outerWrapper');
    }
    return root(subject, scope);
  };
}
