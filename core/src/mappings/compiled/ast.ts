/**
 * The shape of a JSONata 2.x abstract syntax tree node (`jsonata(text).ast()`), as far as the
 * compiled evaluator reads it. Anything it does not recognise makes the expression run on the
 * reference evaluator instead.
 */
export interface AstNode {
  type: string;
  value?: unknown;
  position?: number;
  steps?: AstNode[];
  stages?: AstStage[];
  predicate?: AstStage[];
  expressions?: AstNode[];
  lhs?: AstNode | [AstNode, AstNode][];
  rhs?: AstNode;
  expression?: AstNode;
  condition?: AstNode;
  then?: AstNode;
  else?: AstNode;
  procedure?: AstNode;
  arguments?: AstNode[];
  keepArray?: boolean;
  consarray?: boolean;
  keepSingletonArray?: boolean;
  /** A lambda's body. */
  body?: AstNode;
  /** A lambda standing for a tail call (JSONata's tail-call optimisation). */
  thunk?: boolean;
}

/** A filter stage (`[...]`) of a step or a node. */
export interface AstStage {
  type: string;
  expr: AstNode;
  position?: number;
}

/** Keys of a node the compiled evaluator understands; any other key (focus `@`, index `#`, parent `%`, group-by...) is unsupported. */
export const KNOWN_KEYS: ReadonlySet<string> = new Set([
  'type',
  'value',
  'position',
  'steps',
  'stages',
  'predicate',
  'expressions',
  'lhs',
  'rhs',
  'expression',
  'condition',
  'then',
  'else',
  'procedure',
  'arguments',
  'keepArray',
  'consarray',
  'keepSingletonArray',
  'body',
  'thunk',
]);

/** Why an expression cannot be compiled: the construct and where it is. */
export class UnsupportedConstruct extends Error {
  readonly position: number | undefined;

  constructor(what: string, node: AstNode) {
    super(`${what}${node.position === undefined ? '' : ` at position ${node.position}`}`);
    this.name = 'UnsupportedConstruct';
    this.position = node.position;
  }
}
