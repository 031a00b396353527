import jsonata from 'jsonata';
import type { AstNode } from './compiled/ast.ts';
import { compileAst, type CompiledExpression } from './compiled/compile.ts';
import { builtinFunctions, nativeOf } from './compiled/natives.ts';
import type { FunctionTable } from './compiled/scope.ts';
import { MAPPING_FUNCTIONS } from './functions/index.ts';
import { toJsonValue } from './json-value.ts';
import type { ExpressionLocation } from './mapping-error.ts';

/** Which evaluator runs an expression: the compiled one, or JSONata's own (the reference). */
export type EngineKind = 'compiled' | 'jsonata';

/** How expressions are evaluated: `auto` compiles what it can, `jsonata` always runs the reference evaluator. */
export type EngineMode = 'auto' | 'jsonata';

/**
 * Guardrails of the reference evaluator: an evaluation stops after this long or this deep, so a
 * runaway override (a recursive lambda) cannot stall a worker. A real order mapping takes well
 * under a millisecond and nests a few dozen levels.
 */
const GUARDRAILS = { timeout: 2_000, stack: 1_000 } as const;

/** An error of an evaluator reduced to what the engine reports. */
export interface EvaluatorFailure {
  message: string;
  code: string | undefined;
  position: number | undefined;
  token: string | undefined;
  value: unknown;
  cause: unknown;
}

/** Reads JSONata's error objects (plain objects with code, position, token) and JavaScript errors alike. */
export function evaluatorFailure(error: unknown): EvaluatorFailure {
  const record = error !== null && typeof error === 'object' ? (error as Record<string, unknown>) : {};
  const message = typeof record['message'] === 'string' && record['message'] !== '' ? record['message'] : String(error);
  return {
    message,
    code: typeof record['code'] === 'string' ? record['code'] : undefined,
    position: typeof record['position'] === 'number' ? record['position'] : undefined,
    token: typeof record['token'] === 'string' ? record['token'] : undefined,
    value: record['value'],
    cause: error,
  };
}

/** An expression that does not parse: JSONata's message and where. */
export class ExpressionSyntaxError extends Error {
  readonly failure: EvaluatorFailure;

  constructor(failure: EvaluatorFailure) {
    super(failure.message);
    this.name = 'ExpressionSyntaxError';
    this.failure = failure;
  }
}

/** An evaluation that raised an error (reported by the reference evaluator). */
export class ExpressionEvaluationError extends Error {
  readonly failure: EvaluatorFailure;

  constructor(failure: EvaluatorFailure) {
    super(failure.message);
    this.name = 'ExpressionEvaluationError';
    this.failure = failure;
  }
}

let functionTable: Promise<FunctionTable> | undefined;

/** JSONata's synchronous built-ins and the mapping functions (which shadow a built-in of the same name): the compiled evaluator's functions. */
function functions(): Promise<FunctionTable> {
  functionTable ??= (async () => {
    const table = Object.assign(Object.create(null) as Record<string, unknown>, await builtinFunctions());
    for (const fn of MAPPING_FUNCTIONS) table[fn.name] = nativeOf(fn.name, fn.implementation);
    return table;
  })();
  return functionTable;
}

function keyPositions(node: unknown, into: Map<string, number[]>): Map<string, number[]> {
  if (Array.isArray(node)) {
    for (const item of node) keyPositions(item, into);
  } else if (node !== null && typeof node === 'object' && !(node instanceof RegExp)) {
    const ast = node as AstNode;
    if (ast.type === 'unary' && ast.value === '{' && Array.isArray(ast.lhs)) {
      for (const [key] of ast.lhs) {
        if (key.type === 'string' && typeof key.value === 'string' && key.position !== undefined) {
          into.set(key.value, [...(into.get(key.value) ?? []), key.position]);
        }
      }
    }
    for (const value of Object.values(node)) keyPositions(value, into);
  }
  return into;
}

/**
 * Line and column (1-based) of a position JSONata reports in `text`. JSONata gives the offset
 * just after the token (after the `(` of a call), so the location moves back to where `token`
 * starts (with its `$`) when it ends there.
 */
export function locateInText(text: string, position: number | undefined, token?: string): ExpressionLocation | undefined {
  if (position === undefined) return undefined;
  const end = Math.max(0, Math.min(position, text.length));
  let start = Math.max(0, end - 1);
  if (token !== undefined && token !== '') {
    const found = text.slice(0, end).lastIndexOf(token);
    if (found >= 0) start = found > 0 && text[found - 1] === '$' ? found - 1 : found;
  }
  const before = text.slice(0, start);
  return { position: start, line: before.split('\n').length, column: start - before.lastIndexOf('\n') };
}

/** Usage counters of one expression. */
export interface ExpressionStats {
  /** Evaluations answered by the compiled evaluator. */
  compiled: number;
  /** Evaluations answered by the reference evaluator (not compiled, or it raised an error). */
  reference: number;
}

/** Parses `text` under the guardrails; throws {@link ExpressionSyntaxError} when it does not parse. */
function parse(text: string): jsonata.Expression {
  try {
    return jsonata(text, GUARDRAILS);
  } catch (error: unknown) {
    throw new ExpressionSyntaxError(evaluatorFailure(error));
  }
}

/**
 * One JSONata expression, parsed and compiled once, evaluated many times. The compiled
 * evaluator answers when it can; when it cannot compile the expression, or raises an error on an
 * input, JSONata itself evaluates, so results and error messages are always JSONata's.
 */
export class MappingExpression {
  readonly text: string;
  readonly engine: EngineKind;
  /** Why the expression is not compiled (the construct the compiled evaluator leaves to JSONata). */
  readonly notCompiled: string | undefined;
  readonly stats: ExpressionStats = { compiled: 0, reference: 0 };
  readonly #reference: jsonata.Expression;
  readonly #compiled: CompiledExpression | undefined;
  readonly #keys: Map<string, number[]>;

  private constructor(text: string, reference: jsonata.Expression, compiled: CompiledExpression | undefined, notCompiled: string | undefined) {
    this.text = text;
    this.#reference = reference;
    this.#compiled = compiled;
    this.engine = compiled === undefined ? 'jsonata' : 'compiled';
    this.notCompiled = notCompiled;
    this.#keys = keyPositions(reference.ast(), new Map());
  }

  /** Why `text` does not parse as a mapping expression, or undefined when it does (nothing is compiled). */
  static syntaxProblem(text: string): string | undefined {
    try {
      parse(text);
      return undefined;
    } catch (error: unknown) {
      return (error as ExpressionSyntaxError).message;
    }
  }

  /** Parses and compiles `text`; throws {@link ExpressionSyntaxError} when it does not parse. */
  static async compile(text: string, mode: EngineMode = 'auto'): Promise<MappingExpression> {
    const reference = parse(text);
    for (const fn of MAPPING_FUNCTIONS) reference.registerFunction(fn.name, fn.implementation);
    if (mode === 'jsonata') return new MappingExpression(text, reference, undefined, 'the jsonata engine was chosen');
    try {
      return new MappingExpression(text, reference, compileAst(reference.ast() as unknown as AstNode, await functions()), undefined);
    } catch (error: unknown) {
      return new MappingExpression(text, reference, undefined, error instanceof Error ? error.message : String(error));
    }
  }

  /** The same expression on the reference evaluator only, noting why. */
  referenceOnly(reason: string): MappingExpression {
    return new MappingExpression(this.text, this.#reference, undefined, reason);
  }

  /** Evaluates against `input` with variable `bindings`; the result is plain JSON data. Throws {@link ExpressionEvaluationError}. */
  async evaluate(input: unknown, bindings: Readonly<Record<string, unknown>> = {}): Promise<unknown> {
    if (this.#compiled !== undefined) {
      try {
        const result = toJsonValue(this.#compiled(input, bindings), false);
        this.stats.compiled += 1;
        return result;
      } catch {
        // The reference evaluator runs below and reports the error exactly, or answers.
      }
    }
    this.stats.reference += 1;
    return this.reference(input, bindings);
  }

  /** Evaluates with JSONata's own evaluator only (on a copy of the input: JSONata may annotate it). */
  async reference(input: unknown, bindings: Readonly<Record<string, unknown>> = {}): Promise<unknown> {
    try {
      return toJsonValue(await this.#reference.evaluate(structuredClone(input), { ...bindings }));
    } catch (error: unknown) {
      throw new ExpressionEvaluationError(evaluatorFailure(error));
    }
  }

  /** Evaluates with the compiled evaluator only; `ok` is false when it is not compiled, or left this input to JSONata. */
  compiledResult(input: unknown, bindings: Readonly<Record<string, unknown>> = {}): { ok: boolean; value: unknown } {
    if (this.#compiled === undefined) return { ok: false, value: undefined };
    try {
      return { ok: true, value: toJsonValue(this.#compiled(input, bindings), false) };
    } catch {
      return { ok: false, value: undefined };
    }
  }

  /** Line and column of an evaluator position, starting at `token` when it ends there. */
  locate(position: number | undefined, token?: string): ExpressionLocation | undefined {
    return locateInText(this.text, position, token);
  }

  /** Where the object key `key` is written in the expression, when it is written exactly once. */
  locateKey(key: string): ExpressionLocation | undefined {
    const positions = this.#keys.get(key);
    if (positions?.length !== 1) return undefined;
    return this.locate(positions[0], JSON.stringify(key));
  }
}
