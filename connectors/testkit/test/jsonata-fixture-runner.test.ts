import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { jsonataFixtureRunner } from '../src/index.ts';

const SCHEMA = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://schemas.omnihub.dev/acme.stock/v1.schema.json',
  type: 'object',
  required: ['sku', 'quantity'],
  properties: { sku: { type: 'string' }, quantity: { type: 'integer', minimum: 0 } },
};

async function write(file: string, content: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
}

describe('jsonataFixtureRunner', () => {
  let root: string;

  before(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'omnihub-testkit-mappings-'));
    await write(path.join(root, 'schemas', 'acme.stock', 'v1.schema.json'), SCHEMA);
    // 1.0.0 is older and broken: the runner must take 1.1.0.
    await write(path.join(root, 'mappings', 'acme.stock-to-canonical', '1.0.0', 'mapping.yaml'), 'id: acme.stock-to-canonical\nversion: 1.0.0\ntarget: { canonical: acme.stock@1 }\nexpression: mapping.jsonata\n');
    await write(path.join(root, 'mappings', 'acme.stock-to-canonical', '1.0.0', 'mapping.jsonata'), '$error("old")');
    const dir = path.join(root, 'mappings', 'acme.stock-to-canonical', '1.1.0');
    await write(path.join(dir, 'mapping.yaml'), 'id: acme.stock-to-canonical\nversion: 1.1.0\ntarget: { canonical: acme.stock@1 }\nexpression: mapping.jsonata\nbindings: { factor: 1 }\n');
    await write(path.join(dir, 'mapping.jsonata'), 'qty < 0 ? $error("negative quantity") : { "sku": code, "quantity": qty * $factor }');
    await write(path.join(dir, 'fixtures', 'plain.input.json'), { code: 'A-1', qty: 3 });
    await write(path.join(dir, 'fixtures', 'plain.output.json'), { sku: 'A-1', quantity: 3 });
    await write(path.join(dir, 'fixtures', 'doubled.input.json'), { code: 'A-1', qty: 3 });
    await write(path.join(dir, 'fixtures', 'doubled.bindings.json'), { factor: 2 });
    await write(path.join(dir, 'fixtures', 'doubled.output.json'), { sku: 'A-1', quantity: 6 });
    await write(path.join(dir, 'fixtures', 'negative.input.json'), { code: 'A-1', qty: -1 });
    await write(path.join(dir, 'fixtures', 'negative.error.json'), { code: 'mapping.failed', message: 'negative quantity' });
    await write(path.join(dir, 'fixtures', 'wrong.input.json'), { code: 'A-1', qty: 2 });
    await write(path.join(dir, 'fixtures', 'wrong.output.json'), { sku: 'A-1', quantity: 3 });
    await write(path.join(dir, 'fixtures', 'no-sku.input.json'), { qty: 2 });
    await write(path.join(dir, 'fixtures', 'no-sku.output.json'), { quantity: 2 });
  });

  after(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('runs the newest version, with bindings and expected errors, and validates outputs against the canonical schema', async () => {
    const run = jsonataFixtureRunner({ mappingsDir: path.join(root, 'mappings'), schemaDirs: [path.join(root, 'schemas'), path.join(root, 'missing')] });
    const outcome = await run('acme.stock-to-canonical');
    assert.equal(outcome.mapping, 'acme.stock-to-canonical@1.1.0');
    assert.equal(outcome.passed, 3, JSON.stringify(outcome.failures));
    assert.deepEqual(outcome.failures.map((f) => f.fixture).sort(), ['no-sku', 'wrong']);
    assert.match(outcome.failures.find((f) => f.fixture === 'no-sku')?.message ?? '', /^output breaks acme\.stock@1: .*must have required property 'sku'/);
    assert.equal(outcome.failures.find((f) => f.fixture === 'wrong')?.message, 'output {"sku":"A-1","quantity":2} differs from {"sku":"A-1","quantity":3}');
  });

  it('throws naming a mapping that is not there', async () => {
    const run = jsonataFixtureRunner({ mappingsDir: new URL(`file://${path.join(root, 'mappings')}/`), schemaDirs: [] });
    await assert.rejects(run('acme.unknown'), /no mapping folder .*acme\.unknown/);
  });
});
