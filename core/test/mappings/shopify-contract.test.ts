import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildSchema, execute, Kind, parse, validate, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { MappingCatalog, MAPPINGS_DIR } from '../../src/mappings/index.ts';
import { registry } from './support.ts';

/** Shopify's Admin GraphQL 2025-01 schema (the retail subset kept with the Shopify connector). */
const SDL = fileURLToPath(new URL('../../../connectors/shopify/vendor-spec/admin-2025-01-retail-subset.graphql', import.meta.url));

/**
 * A mapping from a Shopify GraphQL payload carries the query that selects what it reads
 * (`query.graphql`). The query must be valid against Shopify's 2025-01 schema, and every fixture
 * input must be exactly what Shopify answers to it: executing the query over the fixture with the
 * schema's own types gives the fixture back (every selected field present, nothing else, enums
 * and non-null fields respected).
 */
describe('Shopify GraphQL mappings follow the Admin GraphQL 2025-01 contract', () => {
  const schema: GraphQLSchema = buildSchema(readFileSync(SDL, 'utf8'));

  it('validates each query and replays each fixture input through it', async () => {
    const catalog = await MappingCatalog.load(MAPPINGS_DIR, { registry });
    const withQuery = catalog
      .ids()
      .flatMap((id) => catalog.versions(id))
      .filter((mapping) => 'vendor' in mapping.source && mapping.source.vendor === 'shopify' && existsSync(path.join(mapping.dir, 'query.graphql')));
    assert.ok(withQuery.some((mapping) => mapping.id === 'shopify.order-to-canonical'), 'shopify.order-to-canonical has its query');
    for (const mapping of withQuery) {
      const queryFile = path.join(mapping.dir, 'query.graphql');
      const document = parse(readFileSync(queryFile, 'utf8'));
      assert.deepEqual(validate(schema, document).map((error) => error.message), [], `${queryFile} is valid against the 2025-01 schema`);
      const operation = document.definitions.find((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION);
      const root = operation?.selectionSet.selections[0];
      assert.ok(root?.kind === Kind.FIELD, `${queryFile} selects one root field`);
      const field = root.alias?.value ?? root.name.value;
      const variables = Object.fromEntries((operation?.variableDefinitions ?? []).map((definition) => [definition.variable.name.value, 'gid://shopify/Node/1']));
      for (const fixture of mapping.fixtures) {
        const result = await execute({ schema, document, rootValue: { [field]: fixture.input }, variableValues: variables });
        assert.deepEqual(result.errors?.map((error) => `${error.path?.join('.') ?? ''}: ${error.message}`) ?? [], [], `${mapping.id} ${fixture.name} answers the query`);
        assert.deepEqual(JSON.parse(JSON.stringify(result.data)), { [field]: fixture.input }, `${mapping.id} ${fixture.name} is exactly the selection`);
      }
    }
  });
});
