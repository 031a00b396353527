import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { classifyFailure } from '@omnihub/core';
import { isMappingError, MappingCatalog, MAPPINGS_DIR, type MappingError } from '../../src/mappings/index.ts';
import { registry, shipped, tempMappings, TEST_VENDOR, type TempMappings } from './support.ts';

const SHOPIFY = 'shopify.order-to-canonical';
const CSV = 'generic.csv-stock-row-to-movement';
const HTTP = 'canonical.order-to-http-json';

async function mappingError(promise: Promise<unknown>): Promise<MappingError> {
  try {
    await promise;
  } catch (error: unknown) {
    if (isMappingError(error)) return error;
    throw error;
  }
  assert.fail('expected a MappingError');
}

/** The text at a 1-based line and column of a file. */
function textAt(file: string, location: { line: number; column: number } | undefined): string {
  assert.ok(location !== undefined, 'the error has a location');
  return readFileSync(file, 'utf8').split('\n')[location.line - 1]?.slice(location.column - 1) ?? '';
}

describe('mapping catalog: the shipped mappings', () => {
  let catalog: MappingCatalog;
  before(async () => {
    catalog = await MappingCatalog.load(MAPPINGS_DIR, { registry });
  });

  it('loads every mapping with its versions, oldest first, compiled', () => {
    for (const id of [HTTP, CSV, SHOPIFY, 'shopify.order-to-http-json']) assert.ok(catalog.ids().includes(id), `${id} is loaded`);
    assert.deepEqual(catalog.ids(), [...catalog.ids()].sort());
    assert.deepEqual(catalog.versions(HTTP).map((mapping) => mapping.version), ['1.0.0', '1.1.0']);
    for (const mapping of catalog.list()) assert.ok(mapping.fixtures >= 1, `${mapping.id} has fixtures`);
    for (const id of [HTTP, CSV, SHOPIFY]) assert.equal(catalog.get(id).engine, 'compiled', `${id} runs compiled`);
    assert.equal(catalog.get('shopify.order-to-http-json').engine, 'chain');
    const shopify = catalog.get(SHOPIFY);
    assert.deepEqual(shopify.source, { vendor: 'shopify', payload: 'shopify.Order', apiVersion: '2025-01' });
    assert.deepEqual(shopify.target, { canonical: 'order.created@1' });
    assert.equal(shopify.expressionFile, 'mapping.jsonata');
  });

  it('selects versions exactly or by range, the latest release by default', () => {
    const version = (selector?: string): string => catalog.get(HTTP, selector).version;
    assert.equal(version(), '1.1.0');
    assert.equal(version('1.0.0'), '1.0.0');
    assert.equal(version('^1'), '1.1.0');
    assert.equal(version('1.0.x'), '1.0.0');
    assert.equal(version('~1.0.0'), '1.0.0');
    assert.equal(version('>=1.0.0 <1.1.0'), '1.0.0');
    assert.equal(version('1.1.0 || 2.x'), '1.1.0');
    assert.throws(() => catalog.get(HTTP, '^2'), (error: unknown) => isMappingError(error) && error.code === 'mapping.not-found' && /matches \^2 \(it has 1\.0\.0, 1\.1\.0\)/.test(error.message));
    assert.throws(() => catalog.get(HTTP, '1.0.1'), /no version of mapping canonical\.order-to-http-json matches 1\.0\.1/);
    assert.throws(() => catalog.get('no.such-mapping'), /no mapping no\.such-mapping/);
  });

  it('maps a Shopify order to valid order.created data', async () => {
    const output = await catalog.apply(SHOPIFY, shipped(SHOPIFY, '1.0.0', 'web-multi-line-discount.input.json'), { bindings: { categories: { 'T-Shirts': 'apparel/tops/t-shirts', Jackets: 'apparel/outerwear/jackets' } } });
    assert.deepEqual(output, shipped(SHOPIFY, '1.0.0', 'web-multi-line-discount.output.json'));
    assert.deepEqual(registry.validate({ name: 'order.created', version: 1 }, output), { valid: true });
  });

  it('gives the same result on every call, and leaves the input as it was', async () => {
    const input = shipped(SHOPIFY, '1.0.0', 'pickup-in-store.input.json');
    const copy = structuredClone(input);
    const first = await catalog.apply(SHOPIFY, input);
    const second = await catalog.apply(SHOPIFY, input);
    assert.deepEqual(first, second);
    assert.deepEqual(input, copy);
  });

  it('applies a chain step by step, with the variables of every step', async () => {
    const input = shipped('shopify.order-to-http-json', '1.0.0', 'pickup-in-store.input.json');
    const output = await catalog.apply('shopify.order-to-http-json', input, { bindings: { locations: { 'gid://shopify/Location/81266799': 'store-berlin-mitte' }, path: '/api/orders' } });
    assert.deepEqual(output, shipped('shopify.order-to-http-json', '1.0.0', 'pickup-in-store.output.json'));
  });

  it('takes an override by mapping id, as a string or with its own variables; call variables win', async () => {
    const input = shipped(HTTP, '1.0.0', 'minimal-order.input.json');
    const viaString = await catalog.apply(HTTP, input, { overrides: { [HTTP]: '{ "method": "PUT", "path": $path & "/" & order.id }' } });
    assert.deepEqual(viaString, { method: 'PUT', path: '/orders/ord-2025-100187' });
    const withBindings = await catalog.apply(HTTP, input, { overrides: { [HTTP]: { expression: '{ "method": $verb, "path": $path }', bindings: { verb: 'PATCH', path: '/from-override' } } } });
    assert.deepEqual(withBindings, { method: 'PATCH', path: '/from-override' });
    const callWins = await catalog.apply(HTTP, input, { overrides: { [HTTP]: { expression: '{ "method": $verb, "path": $path }', bindings: { verb: 'PATCH', path: '/from-override' } } }, bindings: { path: '/from-call' } });
    assert.deepEqual(callWins, { method: 'PATCH', path: '/from-call' });
    const step = await catalog.apply('shopify.order-to-http-json', shipped(SHOPIFY, '1.0.0', 'pickup-in-store.input.json'), {
      overrides: { [HTTP]: '{ "method": "POST", "path": "/orders", "body": { "id": order.id, "pickup": order.pickupLocationId } }' },
    });
    assert.deepEqual(step, { method: 'POST', path: '/orders', body: { id: 'shopify-5931302994213', pickup: 'shopify-location-81266799' } });
  });

  it('validates an override the same way: its result must match the target schema', async () => {
    const error = await mappingError(catalog.apply(SHOPIFY, shipped(SHOPIFY, '1.0.0', 'pickup-in-store.input.json'), { overrides: { [SHOPIFY]: '{ "order": { "id": "x" } }' } }));
    assert.equal(error.code, 'mapping.invalid-output');
    assert.match(error.message, /^override of shopify\.order-to-canonical@1\.0\.0 produced an invalid order\.created@1/);
    assert.ok(error.errors.some((entry) => entry.path === '/order/lines' && entry.keyword === 'required'));
  });

  it('names the mapping, the place in the expression and the input path when the expression fails', async () => {
    const input = shipped(CSV, '1.0.0', 'quantity-not-a-number.input.json');
    const error = await mappingError(catalog.apply(CSV, input, { bindings: { file: 'counts.csv', line: 5 } }));
    assert.equal(error.code, 'mapping.failed');
    assert.equal(error.kind, 'invalid');
    assert.equal(error.mapping, `${CSV}@1.0.0`);
    assert.equal(error.inputPath, '/quantity');
    assert.equal(error.token, 'integer');
    assert.equal(error.reason, 'mapping.integer.value');
    assert.ok(textAt(path.join(MAPPINGS_DIR, CSV, '1.0.0', 'mapping.jsonata'), error.location).startsWith('$integer(quantity)'));
    assert.match(error.message, /^generic\.csv-stock-row-to-movement@1\.0\.0 failed: \$integer: "twelve" is not a whole number \[expression line \d+, column \d+ \(\$integer\); input \/quantity\]$/);
  });

  it('locates JSONata errors of operators and built-in functions too', async () => {
    const input = { count: 'three', items: [{ price: 1 }, { price: 'n/a' }] };
    const error = await mappingError(catalog.apply(HTTP, { order: input }, { overrides: { [HTTP]: '{\n  "method": "POST",\n  "path": "/x",\n  "body": order.items.(price * 2)\n}' } }));
    assert.equal(error.code, 'mapping.failed');
    assert.equal(error.reason, 'T2001');
    assert.deepEqual(error.location && { line: error.location.line }, { line: 4 });
    assert.equal(error.inputPath, '/order/items/1/price');
  });

  it('reports the schema pointers and the place of the key when the result breaks the schema', async () => {
    const error = await mappingError(catalog.apply(SHOPIFY, shipped(SHOPIFY, '1.0.0', 'custom-item-without-sku.input.json')));
    assert.equal(error.code, 'mapping.invalid-output');
    assert.deepEqual(error.errors, [{ path: '/order/lines/1/sku', message: "must have required property 'sku'", keyword: 'required' }]);
    assert.ok(textAt(path.join(MAPPINGS_DIR, SHOPIFY, '1.0.0', 'mapping.jsonata'), error.location).startsWith('"sku"'));

    const badEmail = shipped(SHOPIFY, '1.0.0', 'pickup-in-store.input.json') as { email: string };
    badEmail.email = 'jonas.weber-at-example.de';
    const invalid = await mappingError(catalog.apply(SHOPIFY, badEmail));
    assert.equal(invalid.inputPath, '/email');
    assert.deepEqual(invalid.errors.map((entry) => entry.path), ['/order/customer/email']);
  });

  it('classifies mapping failures for the broker: invalid ones dead-letter, configuration ones pause', async () => {
    const failed = await mappingError(catalog.apply(CSV, shipped(CSV, '1.0.0', 'unknown-mode.input.json'), { bindings: { file: 'f.csv', line: 2 } }));
    assert.deepEqual(classifyFailure(failed).kind, 'invalid');
    assert.equal(classifyFailure(failed).code, 'mapping.failed');
    const invalid = await mappingError(catalog.apply(SHOPIFY, shipped(SHOPIFY, '1.0.0', 'custom-item-without-sku.input.json')));
    assert.equal(classifyFailure(invalid).code, 'mapping.invalid-output');
    const broken = await mappingError(catalog.apply(HTTP, {}, { overrides: { [HTTP]: '{ "method": ' } }));
    assert.equal(broken.code, 'mapping.invalid-expression');
    assert.equal(classifyFailure(broken).kind, 'configuration');
    const missing = await mappingError(catalog.apply(HTTP, {}, { version: '^7' }));
    assert.equal(classifyFailure(missing).kind, 'configuration');
    assert.equal(classifyFailure(missing).code, 'mapping.not-found');
  });

  it('checks an override before it is saved: compiles, and gives valid results on the fixtures', async () => {
    const good = await catalog.validateOverride(HTTP, '{ "method": "PUT", "path": "/orders/" & order.id, "body": order }');
    assert.equal(good.valid, true);
    assert.equal(good.mapping, `${HTTP}@1.1.0`);
    assert.equal(good.engine, 'compiled');
    assert.deepEqual(good.cases.map((entry) => entry.status), ['ok', 'ok', 'ok']);

    const broken = await catalog.validateOverride(HTTP, '{ "method": "PUT",\n  "path": }');
    assert.equal(broken.valid, false);
    assert.equal(broken.error?.code, 'mapping.invalid-expression');
    assert.equal(broken.error?.location?.line, 2);

    const wrong = await catalog.validateOverride(HTTP, '{ "method": "PUT", "path": order.channel }', { version: '1.0.0' });
    assert.equal(wrong.valid, false);
    assert.equal(wrong.mapping, `${HTTP}@1.0.0`);
    assert.ok(wrong.cases.every((entry) => entry.status === 'failed' && entry.code === 'mapping.invalid-output'));

    const csv = await catalog.validateOverride(CSV, '$merge([$$, { "occurredAt": "2025-04-14T00:00:00Z", "movementId": "m", "locationId": location, "mode": "delta", "quantity": 1, "reason": "count", "sourceSystem": "t", "sku": $trim(sku) }]) ~> | $ | {}, ["location", "counted_at", "document", "bucket", "occurred_at", "recorded_at", "sequence", "movement_id", "supplier"] |');
    assert.equal(csv.engine, 'jsonata');
    assert.deepEqual(
      csv.cases.map((entry) => [entry.name, entry.status]),
      [
        ['count-in-local-time', 'ok'],
        ['missing-sku', 'refused'],
        ['pos-sale-delta', 'ok'],
        ['quantity-not-a-number', 'ok'],
        ['receipt-with-movement-id', 'ok'],
        ['unknown-mode', 'ok'],
      ],
    );
  });

  it('keeps usage counts per expression: the compiled evaluator answers', async () => {
    const expression = catalog.get(CSV).expression;
    assert.ok(expression !== undefined);
    const before = expression.stats.compiled;
    await catalog.apply(CSV, shipped(CSV, '1.0.0', 'pos-sale-delta.input.json'), { bindings: { file: 'f.csv', line: 3 } });
    assert.equal(expression.stats.compiled, before + 1);
  });
});

describe('mapping catalog: loading', () => {
  let temp: TempMappings;
  before(() => {
    temp = tempMappings();
  });
  after(() => {
    temp.remove();
  });

  async function loadProblems(dir: string): Promise<string> {
    try {
      await MappingCatalog.load(dir, { registry });
    } catch (error: unknown) {
      return error instanceof Error ? error.message : String(error);
    }
    return assert.fail('the load should fail');
  }

  it('loads versions side by side and validates vendor targets with the schema file of the folder', async () => {
    const dir = tempMappings();
    try {
      const schema = { type: 'object', required: ['name'], properties: { name: { type: 'string', minLength: 2 } } };
      for (const [version, expression] of [['1.0.0', '{ "name": first }'], ['1.2.0', '{ "name": first & " " & last }'], ['2.0.0-rc.1', '{ "name": last }']] as const) {
        dir.mapping('acme.person-to-thing', version, { source: { canonical: 'customer@1' }, target: { ...TEST_VENDOR, schema: 'thing.schema.json' }, expression });
        dir.write('acme.person-to-thing', version, 'thing.schema.json', schema);
      }
      const catalog = await MappingCatalog.load(dir.dir, { registry });
      assert.deepEqual(catalog.list()[0]?.versions, ['1.0.0', '1.2.0', '2.0.0-rc.1']);
      assert.equal(catalog.list()[0]?.latest, '2.0.0-rc.1');
      assert.equal(catalog.get('acme.person-to-thing').version, '1.2.0');
      assert.equal(catalog.get('acme.person-to-thing', '^2.0.0-rc.1').version, '2.0.0-rc.1');
      assert.equal(catalog.get('acme.person-to-thing', '>=1').version, '1.2.0');
      assert.deepEqual(await catalog.apply('acme.person-to-thing', { first: 'Ana', last: 'Silva' }, { version: '1.0.0' }), { name: 'Ana' });
      assert.deepEqual(await catalog.apply('acme.person-to-thing', { first: 'Ana', last: 'Silva' }), { name: 'Ana Silva' });
      const error = await mappingError(catalog.apply('acme.person-to-thing', { first: 'A' }, { version: '1.0.0' }));
      assert.equal(error.code, 'mapping.invalid-output');
      assert.match(error.message, /produced an invalid acme\/acme\.Thing@2025-01: \/name must NOT have fewer than 2 characters/);
      assert.equal(error.inputPath, '/first');
    } finally {
      dir.remove();
    }
  });

  it('refuses a broken folder, naming the file and what is wrong', async () => {
    temp.mapping('acme.bad-yaml', '1.0.0', {});
    temp.write('acme.bad-yaml', '1.0.0', 'mapping.yaml', 'id: [unclosed\n');
    temp.mapping('acme.wrong-id', '1.0.0', { id: 'acme.other', source: TEST_VENDOR, target: { canonical: 'order.created@1' }, expression: '{}' });
    temp.mapping('acme.no-file', '1.0.0', { source: TEST_VENDOR, target: { canonical: 'order.created@1' }, expression: 'missing.jsonata' });
    temp.mapping('acme.syntax', '1.0.0', { source: TEST_VENDOR, target: { canonical: 'order.created@1' }, expression: 'mapping.jsonata' });
    temp.write('acme.syntax', '1.0.0', 'mapping.jsonata', '{\n  "order": {\n    "id": id &\n  }\n}\n');
    temp.mapping('acme.unknown-schema', '1.0.0', { source: TEST_VENDOR, target: { canonical: 'order.teleported@1' }, expression: '{}' });
    temp.mapping('acme.both', '1.0.0', { source: TEST_VENDOR, target: { canonical: 'order.created@1' }, expression: '{}', chain: ['a', 'b'] });
    temp.mapping('acme.lonely-fixture', '1.0.0', { source: TEST_VENDOR, target: { canonical: 'order.created@1' }, expression: '{}' });
    temp.write('acme.lonely-fixture', '1.0.0', 'fixtures/case.input.json', {});
    temp.mapping('acme.version-folder', 'latest', { source: TEST_VENDOR, target: { canonical: 'order.created@1' }, expression: '{}' });
    const message = await loadProblems(temp.dir);
    const problems = message.split('\n').slice(1);
    const find = (pattern: RegExp): void => assert.ok(problems.some((line) => pattern.test(line)), `a problem matches ${String(pattern)} in:\n${message}`);
    find(/acme\.bad-yaml\/1\.0\.0\/mapping\.yaml: /);
    find(/acme\.wrong-id\/1\.0\.0\/mapping\.yaml: id acme\.other does not match its folder acme\.wrong-id/);
    find(/acme\.no-file\/1\.0\.0\/mapping\.yaml: expression file missing\.jsonata is missing/);
    find(/acme\.syntax\/1\.0\.0\/mapping\.jsonata:4:3: /);
    find(/acme\.unknown-schema\/1\.0\.0\/mapping\.yaml: canonical schema order\.teleported@1 is not registered/);
    find(/acme\.both\/1\.0\.0\/mapping\.yaml: .*must match exactly one schema in oneOf/);
    find(/acme\.lonely-fixture\/1\.0\.0\/fixtures\/case: a fixture needs case\.input\.json and exactly one of case\.output\.json or case\.error\.json/);
    find(/acme\.version-folder\/latest: the folder name must be a semantic version/);
  });

  it('checks that each chain step reads what the previous one writes', async () => {
    const dir = tempMappings();
    try {
      dir.mapping('acme.a-to-order', '1.0.0', { source: TEST_VENDOR, target: { canonical: 'order.created@1' }, expression: '{}' });
      dir.mapping('acme.customer-to-b', '1.0.0', { source: { canonical: 'customer@1' }, target: { vendor: 'acme', payload: 'acme.B' }, expression: '{}' });
      dir.mapping('acme.chain', '1.0.0', { source: TEST_VENDOR, target: { vendor: 'acme', payload: 'acme.B' }, chain: ['acme.a-to-order@^1', 'acme.customer-to-b'] });
      dir.mapping('acme.missing-step', '1.0.0', { source: TEST_VENDOR, target: { vendor: 'acme', payload: 'acme.B' }, chain: ['acme.a-to-order@^2', 'acme.customer-to-b'] });
      const message = await loadProblems(dir.dir);
      assert.match(message, /acme\.chain\/1\.0\.0\/mapping\.yaml: chain step acme\.customer-to-b@1\.0\.0 reads customer@1 but acme\.a-to-order@1\.0\.0 writes order\.created@1/);
      assert.match(message, /acme\.missing-step\/1\.0\.0\/mapping\.yaml: chain step acme\.a-to-order@\^2 names no mapping version/);
    } finally {
      dir.remove();
    }
  });

  it('refuses a folder that does not exist', async () => {
    assert.match(await loadProblems(path.join(temp.dir, 'nowhere')), /the mappings folder .*nowhere does not exist/);
  });

  it('runs everything on JSONata itself when asked to', async () => {
    const catalog = await MappingCatalog.load(MAPPINGS_DIR, { registry, engine: 'jsonata' });
    assert.ok(catalog.list().every((mapping) => mapping.engine === 'jsonata' || mapping.engine === 'chain'));
    const output = await catalog.apply(SHOPIFY, shipped(SHOPIFY, '1.0.0', 'us-taxes-excluded.input.json'));
    assert.deepEqual(output, shipped(SHOPIFY, '1.0.0', 'us-taxes-excluded.output.json'));
  });
});
