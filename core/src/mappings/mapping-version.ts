import type { EngineKind, MappingExpression } from './expression.ts';
import type { Fixture } from './fixture.ts';
import type { MappingEndpoint } from './mapping-definition.ts';
import type { SemVer } from './semver.ts';

/** A loaded mapping version: its declaration, compiled expression (or chain) and fixtures. */
export interface MappingVersion {
  id: string;
  version: string;
  semver: SemVer;
  description: string;
  source: MappingEndpoint;
  target: MappingEndpoint;
  /** For a chain: the exact versions of its steps, resolved from their ranges at load. */
  chain: MappingVersion[] | undefined;
  /** The compiled expression; undefined for a chain. */
  expression: MappingExpression | undefined;
  /** The `.jsonata` file the expression came from, when it is in a file. */
  expressionFile: string | undefined;
  /** Default variable values of the expression. */
  bindings: Readonly<Record<string, unknown>>;
  fixtures: readonly Fixture[];
  /** The folder it was read from. */
  dir: string;
  /** How it is evaluated: `compiled`, `jsonata` (reference evaluator), or `chain`. */
  engine: EngineKind | 'chain';
  /** Why it runs on the reference evaluator, when it does. */
  engineNote: string | undefined;
}

/** `id@version` of a mapping version. */
export function mappingRef(mapping: Pick<MappingVersion, 'id' | 'version'>): string {
  return `${mapping.id}@${mapping.version}`;
}
