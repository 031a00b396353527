import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { parseSchemaId, SchemaRegistry } from '@omnihub/core';
import { OPENAPI_PATH } from '../src/index.ts';

type Node = Record<string, unknown>;

const document = parse(readFileSync(OPENAPI_PATH, 'utf8')) as Node;

/** Follows a local `$ref` (`#/components/...`) to what it names. */
function resolve(node: Node): Node {
  const ref = node['$ref'];
  if (typeof ref !== 'string') return node;
  let target: unknown = document;
  for (const part of ref.replace(/^#\//, '').split('/')) target = (target as Node)[part];
  return resolve(target as Node);
}

describe('OpenAPI examples', () => {
  it('every example event of POST /v1/events is valid against its envelope and its event schema', async () => {
    const registry = await SchemaRegistry.load();
    const paths = document['paths'] as Record<string, Node>;
    const content = ((paths['/v1/events']?.['post'] as Node)['requestBody'] as Node)['content'] as Record<string, Node>;
    const examples = Object.entries(content).flatMap(([mediaType, media]) =>
      Object.entries((media['examples'] ?? {}) as Record<string, Node>).map(([name, example]) => ({ name: `${mediaType} ${name}`, event: resolve(example)['value'] as Node })),
    );
    assert.ok(examples.length > 0, 'POST /v1/events has examples');
    for (const { name, event } of examples) {
      assert.deepEqual(registry.validateEnvelope(event), { valid: true }, name);
      const ref = parseSchemaId(String(event['dataschema']));
      assert.ok(ref, `${name} names a canonical dataschema`);
      assert.deepEqual(registry.validate(ref, event['data']), { valid: true }, name);
    }
  });
});
