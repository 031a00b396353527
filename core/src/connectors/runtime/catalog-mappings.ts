import { ConfigurationFailure, InvalidMessageFailure } from '@omnihub/connector-sdk';
import type { MappingCatalog } from '../../mappings/catalog.ts';
import { ExpressionEvaluationError, ExpressionSyntaxError, MappingExpression } from '../../mappings/expression.ts';
import type { MappingApplier } from './mapping-applier.ts';

/** Standalone override expressions compiled and kept, at most this many (oldest dropped first). */
const CACHE_SIZE = 256;

/**
 * The hub's mapping catalog as the connector runtime uses it: mappings run by id with instance
 * overrides (the catalog validates results against the target schema), standalone override
 * expressions compiled once and cached, versions named for dead letters.
 *
 * @example
 * const mappings = catalogMappings(await MappingCatalog.load());
 */
export function catalogMappings(catalog: MappingCatalog): MappingApplier {
  const compiled = new Map<string, Promise<MappingExpression>>();
  const compile = (text: string): Promise<MappingExpression> => {
    let expression = compiled.get(text);
    if (expression === undefined) {
      expression = MappingExpression.compile(text, catalog.engineMode);
      expression.catch(() => compiled.delete(text));
      compiled.set(text, expression);
      if (compiled.size > CACHE_SIZE) compiled.delete(compiled.keys().next().value as string);
    }
    return expression;
  };
  return {
    apply: (id, input, options) => catalog.apply(id, input, options),
    evaluate: async (text, input) => {
      let expression: MappingExpression;
      try {
        expression = await compile(text);
      } catch (error: unknown) {
        if (error instanceof ExpressionSyntaxError) throw new ConfigurationFailure(`the instance's mapping override does not compile: ${error.message}`, { code: 'mapping.invalid-expression', cause: error });
        throw error;
      }
      try {
        return await expression.evaluate(input);
      } catch (error: unknown) {
        if (error instanceof ExpressionEvaluationError) throw new InvalidMessageFailure(`the instance's mapping override failed: ${error.message}`, { code: 'mapping.failed', cause: error });
        throw error;
      }
    },
    versionOf: (id) => catalog.versions(id).at(-1)?.version,
  };
}
