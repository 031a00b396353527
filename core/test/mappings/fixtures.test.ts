import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeDifferences, isMappingError, jsonDiff, MappingCatalog, MAPPINGS_DIR } from '../../src/mappings/index.ts';
import { registry, tempMappings, TEST_VENDOR, type TempMappings } from './support.ts';

describe('fixture runner', () => {
  it('passes every fixture of the mappings shipped with the engine', async () => {
    const catalog = await MappingCatalog.load(MAPPINGS_DIR, { registry });
    const reports = [];
    for (const id of ['canonical.order-to-http-json', 'generic.csv-stock-row-to-movement', 'shopify.order-to-canonical', 'shopify.order-to-http-json']) reports.push(...(await catalog.testMapping(id)));
    assert.equal(reports.length, 5);
    for (const report of reports) {
      assert.ok(report.cases.length > 0, `${report.mapping} has fixtures`);
      for (const entry of report.cases) assert.ok(entry.passed, `${report.mapping} ${entry.name}: ${entry.problem ?? describeDifferences(entry.differences).join('; ')}`);
    }
    const shopify = reports.find((report) => report.mapping === 'shopify.order-to-canonical@1.0.0');
    assert.deepEqual(shopify?.cases.map((entry) => entry.name), ['custom-item-without-sku', 'pickup-in-store', 'pos-retail-sale', 'us-taxes-excluded', 'web-multi-line-discount']);
  });

  describe('on failing fixtures', () => {
    let temp: TempMappings;
    let catalog: MappingCatalog;

    before(async () => {
      temp = tempMappings();
      temp.mapping('acme.thing-to-movement', '1.0.0', { source: TEST_VENDOR, target: { canonical: 'inventory.movement.recorded@1' }, expression: 'mapping.jsonata' });
      temp.write(
        'acme.thing-to-movement',
        '1.0.0',
        'mapping.jsonata',
        '{ "movementId": id, "sku": sku, "locationId": "loc/1", "mode": "delta", "quantity": $integer(qty), "reason": "sale", "sourceSystem": "acme", "occurredAt": "2025-04-14T10:00:00Z" }',
      );
      const fixtures = (name: string, input: object, expected: object, role: 'output' | 'error' = 'output'): void => {
        temp.write('acme.thing-to-movement', '1.0.0', `fixtures/${name}.input.json`, input);
        temp.write('acme.thing-to-movement', '1.0.0', `fixtures/${name}.${role}.json`, expected);
      };
      const good = { movementId: 'm-1', sku: 'A', locationId: 'loc/1', mode: 'delta', quantity: -1, reason: 'sale', sourceSystem: 'acme', occurredAt: '2025-04-14T10:00:00Z' };
      fixtures('passes', { id: 'm-1', sku: 'A', qty: '-1' }, good);
      fixtures('differs', { id: 'm-1', sku: 'B', qty: '-1' }, { ...good, quantity: -2, bucket: 'onHand' });
      fixtures('unexpected-error', { id: 'm-1', sku: 'A', qty: 'one' }, good);
      fixtures('refuses-as-expected', { id: 'm-1', sku: 'A', qty: 'one' }, { code: 'mapping.failed', message: '"one" is not a whole number', inputPath: '/qty' }, 'error');
      fixtures('no-refusal', { id: 'm-1', sku: 'A', qty: '1' }, { code: 'mapping.failed' }, 'error');
      fixtures('other-refusal', { id: 'm-1', sku: '', qty: '1' }, { code: 'mapping.invalid-output', errors: [{ path: '/movementId' }] }, 'error');
      fixtures('other-input-path', { id: 'm-1', sku: 'A', qty: 'one' }, { code: 'mapping.failed', inputPath: '/id' }, 'error');

      temp.mapping('acme.order-to-thing', '1.0.0', { source: { canonical: 'order.created@1' }, target: TEST_VENDOR, expression: '{ "id": order.id }' });
      temp.write('acme.order-to-thing', '1.0.0', 'fixtures/not-an-order.input.json', { order: { id: 'o-1' } });
      temp.write('acme.order-to-thing', '1.0.0', 'fixtures/not-an-order.output.json', { id: 'o-1' });
      catalog = await MappingCatalog.load(temp.dir, { registry });
    });
    after(() => {
      temp.remove();
    });

    it('reports each case: differences by JSON pointer, unexpected or missing refusals', async () => {
      const [report] = await catalog.testMapping('acme.thing-to-movement');
      assert.ok(report !== undefined);
      assert.equal(report.mapping, 'acme.thing-to-movement@1.0.0');
      assert.equal(report.passed, 2);
      assert.equal(report.failed, 5);
      const byName = new Map(report.cases.map((entry) => [entry.name, entry]));
      assert.equal(byName.get('passes')?.passed, true);
      assert.equal(byName.get('refuses-as-expected')?.passed, true);
      assert.deepEqual(byName.get('differs')?.differences, [
        { path: '/sku', kind: 'changed', expected: 'A', actual: 'B' },
        { path: '/quantity', kind: 'changed', expected: -2, actual: -1 },
        { path: '/bucket', kind: 'missing', expected: 'onHand' },
      ]);
      assert.deepEqual(describeDifferences(byName.get('differs')?.differences ?? []), ['/sku: expected "A", got "B"', '/quantity: expected -2, got -1', '/bucket: missing, expected "onHand"']);
      assert.match(byName.get('unexpected-error')?.problem ?? '', /^acme\.thing-to-movement@1\.0\.0 failed: \$integer: "one" is not a whole number/);
      assert.equal(byName.get('no-refusal')?.problem, 'expected mapping.failed, but the mapping gave a result');
      assert.match(byName.get('other-refusal')?.problem ?? '', /^expected a schema error at \/movementId, got: \/sku must NOT have fewer than 1 characters/);
      assert.match(byName.get('other-input-path')?.problem ?? '', /^expected input path \/id, got \/qty/);
    });

    it('checks that inputs of a canonical source are valid canonical payloads', async () => {
      const [report] = await catalog.testMapping('acme.order-to-thing', '1.0.0');
      assert.equal(report?.failed, 1);
      assert.match(report?.cases[0]?.problem ?? '', /^the input is not a valid order\.created@1: \/order\/channel must have required property 'channel'/);
    });

    it('refuses an unknown mapping or version', async () => {
      await assert.rejects(catalog.testMapping('acme.unknown'), (error: unknown) => isMappingError(error) && error.code === 'mapping.not-found');
      await assert.rejects(catalog.testMapping('acme.order-to-thing', '^2'), /no version of mapping acme\.order-to-thing matches \^2/);
    });
  });

  it('diffs JSON documents with escaped pointers, array items and types', () => {
    assert.deepEqual(jsonDiff({ a: 1, 'b/c': [1, 2], 'd~e': { x: null } }, { a: 1, 'b/c': [1], 'd~e': { x: 0 }, f: true }), [
      { path: '/b~1c/1', kind: 'missing', expected: 2 },
      { path: '/d~0e/x', kind: 'changed', expected: null, actual: 0 },
      { path: '/f', kind: 'unexpected', actual: true },
    ]);
    assert.deepEqual(jsonDiff([1, { a: 1 }], { 0: 1 }), [{ path: '', kind: 'changed', expected: [1, { a: 1 }], actual: { 0: 1 } }]);
    assert.deepEqual(jsonDiff({ a: [1, 2] }, { a: [1, 2] }), []);
    assert.deepEqual(jsonDiff('x', undefined), [{ path: '', kind: 'changed', expected: 'x', actual: undefined }]);
  });
});
