import { ExpressionSyntaxError, locateInText, MappingExpression, type EngineKind } from './expression.ts';
import { isMappingError, type ExpressionLocation, type MappingFailureCode } from './mapping-error.ts';
import { invalidExpression } from './mapping-failures.ts';
import { mappingRef, type MappingVersion } from './mapping-version.ts';

/** What an override made of one fixture input. */
export interface OverrideCaseResult {
  name: string;
  /** `ok` (a valid result), `refused` (an error on an input the mapping itself refuses too) or `failed`. */
  status: 'ok' | 'refused' | 'failed';
  code?: MappingFailureCode;
  message?: string;
}

/** The verdict on an override: it compiles and gives valid results on the mapping's fixtures. */
export interface OverrideReport {
  /** `id@version` of the mapping it overrides. */
  mapping: string;
  valid: boolean;
  /** How it would be evaluated, when it compiles. */
  engine?: EngineKind;
  /** Why it does not compile. */
  error?: { code: MappingFailureCode; message: string; location?: ExpressionLocation };
  cases: OverrideCaseResult[];
}

/**
 * Checks an override of `mapping`: compiles it, then runs it (through `run`, which applies the
 * mapping with the override) on each fixture input. Valid when it compiles and every fixture
 * whose mapping gives a result gets a valid result from the override too.
 */
export async function checkOverride(
  mapping: MappingVersion,
  expression: string,
  run: (input: unknown, bindings: Readonly<Record<string, unknown>> | undefined) => Promise<unknown>,
): Promise<OverrideReport> {
  const ref = mappingRef(mapping);
  let compiled: MappingExpression;
  try {
    compiled = await MappingExpression.compile(expression);
  } catch (error: unknown) {
    if (!(error instanceof ExpressionSyntaxError)) throw error;
    const failure = invalidExpression(ref, `override of ${ref}`, error.failure, (position, token) => locateInText(expression, position, token));
    return { mapping: ref, valid: false, error: { code: failure.code, message: failure.message, ...(failure.location === undefined ? {} : { location: failure.location }) }, cases: [] };
  }
  const cases: OverrideCaseResult[] = [];
  for (const fixture of mapping.fixtures) {
    try {
      await run(fixture.input, fixture.bindings);
      cases.push({ name: fixture.name, status: 'ok' });
    } catch (error: unknown) {
      if (!isMappingError(error)) throw error;
      cases.push({ name: fixture.name, status: fixture.error === undefined ? 'failed' : 'refused', code: error.code, message: error.message });
    }
  }
  return { mapping: ref, valid: cases.every((entry) => entry.status !== 'failed'), engine: compiled.engine, cases };
}
