import { readFileSync } from 'node:fs';
import { buildSchema, parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';

/** The Admin API 2025-01 retail subset (SDL), copied with its provenance into vendor-spec/. */
export const SDL_PATH = new URL('../../vendor-spec/admin-2025-01-retail-subset.graphql', import.meta.url);

let schema: GraphQLSchema | undefined;

/** The schema built from the SDL (built once). */
export function adminSchema(): GraphQLSchema {
  schema ??= buildSchema(readFileSync(SDL_PATH, 'utf8'));
  return schema;
}

/**
 * Parses and validates a document against the schema, as Shopify does before running it: the
 * parse error or the validation errors, or the parsed document.
 */
export function checkDocument(source: string): { document: DocumentNode; errors: readonly GraphQLError[] } | { document: undefined; errors: readonly GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error: unknown) {
    return { document: undefined, errors: [error as GraphQLError] };
  }
  return { document, errors: validate(adminSchema(), document) };
}
