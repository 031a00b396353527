/** Functions visible to every expression, by name (without the `$`). */
export type FunctionTable = Readonly<Record<string, unknown>>;

/** What one evaluation starts from: the input, the caller's bindings, the functions and the clock. */
export interface Evaluation {
  readonly input: unknown;
  readonly bindings: Readonly<Record<string, unknown>>;
  readonly functions: FunctionTable;
  /** The time `$now()` and `$millis()` report, fixed for the evaluation. */
  readonly timestamp: number;
  /** Whether a binding has the name of a function (then calls look names up instead of using the function found at compile time). */
  readonly shadowsFunctions: boolean;
}

/**
 * A variable scope of JSONata: the evaluation's outermost scope, or a block's `( ... )`. A name
 * is looked up in the innermost scope that bound it, then in the caller's bindings, then among
 * the functions; `$$` is the input. Scopes are small maps rather than prototype chains of
 * objects: creating prototypes on every evaluation would cost more than the evaluation itself.
 */
export class Scope {
  readonly parent: Scope | undefined;
  readonly evaluation: Evaluation;
  #variables: Map<string, unknown> | undefined;

  constructor(evaluation: Evaluation, parent?: Scope) {
    this.evaluation = evaluation;
    this.parent = parent;
  }

  /** The value bound to `name` here or further out; undefined when nothing is. */
  lookup(name: string): unknown {
    if (this.#variables?.has(name) === true) return this.#variables.get(name);
    if (this.parent !== undefined) return this.parent.lookup(name);
    const { bindings, functions, input } = this.evaluation;
    if (name === '$') return input;
    if (Object.prototype.hasOwnProperty.call(bindings, name)) return bindings[name];
    return Object.prototype.hasOwnProperty.call(functions, name) ? functions[name] : undefined;
  }

  /** Binds `name` in this scope (`$name := value`). */
  bind(name: string, value: unknown): void {
    (this.#variables ??= new Map()).set(name, value);
  }
}
