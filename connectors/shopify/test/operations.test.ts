import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import { Kind, OperationTypeNode, parse, visit, type SelectionNode } from 'graphql';
import { PermanentFailure } from '@omnihub/connector-sdk';
import { shopifyGraphql } from '../src/graphql/client.ts';
import { defineOperation } from '../src/graphql/operation.ts';
import { ALL_OPERATIONS } from '../src/graphql/operations.ts';
import { OrdersUpdatedSince, Ping } from '../src/graphql/queries.ts';
import { shopifyTest, stopShops } from './support/context.ts';
import { checkDocument } from './support/shopify-schema.ts';
import type { ShopifyDouble } from './support/shopify-double.ts';

/** Field paths selected below `root` (fragments inlined, inline fragments transparent). */
function selectedPaths(source: string, root: string): Set<string> {
  const document = parse(source);
  const fragments = new Map(document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const paths = new Set<string>();
  const walk = (selections: readonly SelectionNode[], prefix: string): void => {
    for (const selection of selections) {
      if (selection.kind === Kind.FIELD) {
        const path = prefix === '' ? selection.name.value : `${prefix}.${selection.name.value}`;
        paths.add(path);
        if (selection.selectionSet !== undefined) walk(selection.selectionSet.selections, path);
      } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(selection.name.value);
        if (fragment !== undefined) walk(fragment.selectionSet.selections, prefix);
      } else {
        walk(selection.selectionSet.selections, prefix);
      }
    }
  };
  visit(document, {
    Field(node) {
      if (node.name.value === root && node.selectionSet !== undefined && paths.size === 0) walk(node.selectionSet.selections, '');
    },
  });
  return paths;
}

describe('shopify GraphQL operations against the Admin API 2025-01 schema', () => {
  let shop: ShopifyDouble | undefined;
  afterEach(() => {
    stopShops();
    shop = undefined;
  });

  it('validates every query and mutation the connector sends, with names and kinds as declared', () => {
    assert.ok(ALL_OPERATIONS.length >= 17);
    for (const operation of ALL_OPERATIONS) {
      const checked = checkDocument(operation.document);
      assert.deepEqual(checked.errors.map((error) => error.message), [], operation.name);
      const definition = checked.document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      assert.equal(definition?.kind === Kind.OPERATION_DEFINITION ? definition.name?.value : undefined, operation.name);
      assert.equal(definition?.kind === Kind.OPERATION_DEFINITION ? definition.operation : undefined, operation.kind === 'query' ? OperationTypeNode.QUERY : OperationTypeNode.MUTATION);
    }
  });

  it('refuses a document with a misspelled field', () => {
    const misspelled = Ping.document.replace('nodes { id name }', 'nodes { id nmae }');
    assert.notEqual(misspelled, Ping.document);
    const checked = checkDocument(misspelled);
    assert.deepEqual(checked.errors.map((error) => error.message), ['Cannot query field "nmae" on type "Location". Did you mean "name"?']);
  });

  it('refuses a mutation input with a misspelled field', () => {
    const checked = checkDocument('mutation M { inventorySetQuantities(input: { name: "available", reason: "correction", quantitties: [] }) { userErrors { field } } }');
    assert.ok(checked.errors.some((error) => error.message.includes('quantitties')));
  });

  it('fails permanently, without retrying, when the fake Shopify refuses a misspelled query', async () => {
    const test = shopifyTest();
    shop = test.shop;
    const typo = defineOperation<unknown, Record<string, never>>({ ...Ping, document: Ping.document.replace('nodes { id name }', 'nodes { id nmae }') });
    await assert.rejects(shopifyGraphql(test.ctx, typo, {}), (error: unknown) => error instanceof PermanentFailure && error.code === 'shopify.graphql-error' && /nmae/.test(error.message));
    assert.equal(shop.requests.length, 1);
    assert.equal(shop.invalidDocuments.length, 1);
  });

  it('selects, in the reconciliation poller, every Order field the shopify.order-to-canonical mapping reads', () => {
    const mappingQuery = readFileSync(new URL('../../../mappings/shopify.order-to-canonical/1.0.0/query.graphql', import.meta.url), 'utf8');
    const needed = [...selectedPaths(mappingQuery, 'order')].filter((path) => !path.startsWith('lineItems.nodes.discountAllocations'));
    const selected = selectedPaths(OrdersUpdatedSince.document, 'nodes');
    assert.ok(needed.length > 40 && needed.includes('lineItems.nodes.product.productType'));
    const missing = needed.filter((path) => !selected.has(path));
    assert.deepEqual(missing, []);
  });
});
