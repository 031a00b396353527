import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { HubError, SCHEMAS_DIR, SchemaRegistry, parseSchemaRef } from '@omnihub/core';

const registry = await SchemaRegistry.load();

function jsonFiles(dir: string): { file: string; data: unknown }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => ({ file, data: JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as unknown }));
}

const ENTITIES = ['money', 'address', 'customer', 'product', 'location', 'stock-movement', 'stock-level', 'order', 'order-line', 'routing-decision', 'fulfillment', 'shipment', 'return-request', 'refund', 'interaction', 'notification', 'customer-context'];
const EVENTS = ['inventory.movement.recorded', 'inventory.level.changed', 'order.created', 'order.cancelled', 'order.routed', 'fulfillment.requested', 'fulfillment.accepted', 'fulfillment.rejected', 'fulfillment.shipped', 'fulfillment.ready-for-pickup', 'return.requested', 'return.authorized', 'return.rejected', 'return.received', 'return.refunded', 'return.closed', 'refund.issued', 'customer.upserted', 'interaction.started', 'interaction.ended', 'notification.requested', 'notification.sent'];

describe('schema registry', () => {
  it('holds every entity of the design brief and every flow event', () => {
    for (const name of ENTITIES) assert.equal(registry.summary({ name, version: 1 })?.kind, 'entity', name);
    for (const name of EVENTS) assert.equal(registry.summary({ name, version: 1 })?.kind, 'event', name);
  });

  for (const summary of registry.list()) {
    const ref = { name: summary.name, version: summary.version };
    it(`${summary.name}@${summary.version}: valid fixtures pass, invalid ones fail`, () => {
      const valid = jsonFiles(`${SCHEMAS_DIR}/${summary.name}/fixtures/v${summary.version}/valid`);
      const invalid = jsonFiles(`${SCHEMAS_DIR}/${summary.name}/fixtures/v${summary.version}/invalid`);
      assert.ok(valid.length >= 2 && invalid.length >= 2, 'at least two valid and two invalid fixtures');
      for (const { file, data } of valid) {
        const result = registry.validate(ref, data);
        assert.ok(result.valid, `${file}: ${JSON.stringify(result)}`);
      }
      for (const { file, data } of invalid) assert.equal(registry.validate(ref, data).valid, false, `${file} should fail`);
    });
  }

  it('names the JSON path and the rule of each error', () => {
    const [{ data } = { data: undefined }] = jsonFiles(`${SCHEMAS_DIR}/order/fixtures/v1/valid`);
    const order = structuredClone(data) as { lines: { quantity: number; unitPrice: { currency: string } }[] };
    const line = order.lines[0];
    assert.ok(line);
    line.quantity = 0;
    line.unitPrice.currency = 'eur';
    const result = registry.validate({ name: 'order', version: 1 }, order);
    assert.equal(result.valid, false);
    if (!result.valid) {
      assert.ok(result.errors.some((e) => e.path === '/lines/0/quantity' && e.keyword === 'minimum'), JSON.stringify(result.errors));
      assert.ok(result.errors.some((e) => e.path === '/lines/0/unitPrice/currency' && e.keyword === 'pattern'), JSON.stringify(result.errors));
    }
    assert.throws(() => registry.assertValid({ name: 'order', version: 1 }, order), (error: unknown) => error instanceof HubError && error.code === 'validation-failed' && /\/lines\/0\/quantity/.test(error.message));
  });

  it('upcasts order v1 to v2 exactly as the recorded cases say', () => {
    const cases = jsonFiles(`${SCHEMAS_DIR}/order/fixtures/v1-to-v2`);
    assert.ok(cases.length >= 3);
    for (const { file, data } of cases) {
      const { input, expected } = data as { input: unknown; expected: unknown };
      assert.deepEqual(registry.upcast({ name: 'order', version: 1 }, input), expected, file);
    }
  });

  it('upcasts order.routed v1 to v2: the candidate list becomes its length and the chosen locations', () => {
    const [split] = jsonFiles(`${SCHEMAS_DIR}/order.routed/fixtures/v1/valid`).filter(({ file }) => file === 'split-order.json');
    const v1 = (split?.data as { decision: { candidates: { locationId: string }[]; assignments: { locationId: string }[] } }).decision;
    const used = new Set(v1.assignments.map((a) => a.locationId));
    assert.ok(v1.candidates.some((c) => !used.has(c.locationId)), 'the fixture has a candidate that took nothing');
    const { decision } = registry.upcast({ name: 'order.routed', version: 1 }, split?.data) as { decision: Record<string, unknown> };
    const { candidates, ...rest } = v1;
    assert.deepEqual(decision, { ...rest, candidateCount: candidates.length, chosen: candidates.filter((c) => used.has(c.locationId)) });
  });

  it('keeps every valid fixture of an old version valid once upcast to the newest', () => {
    for (const summary of registry.list()) {
      const newest = registry.latestVersion(summary.name) ?? summary.version;
      if (newest === summary.version) continue;
      for (const { file, data } of jsonFiles(`${SCHEMAS_DIR}/${summary.name}/fixtures/v${summary.version}/valid`)) {
        assert.doesNotThrow(() => registry.upcast({ name: summary.name, version: summary.version }, data), `${summary.name} ${file}`);
      }
    }
  });

  it('refuses to upcast an invalid document and reports unknown schemas', () => {
    assert.throws(() => registry.upcast({ name: 'order', version: 1 }, { id: 'x' }), /validation|order@1/);
    assert.throws(() => registry.validate({ name: 'order', version: 9 }, {}), (error: unknown) => error instanceof HubError && error.code === 'schema-not-found');
  });

  it('parses name@version references and refuses malformed ones', () => {
    assert.deepEqual(parseSchemaRef('order@2'), { name: 'order', version: 2 });
    assert.deepEqual(parseSchemaRef('order.created'), { name: 'order.created', version: undefined });
    assert.throws(() => parseSchemaRef('order@two'), /positive integer/);
    assert.throws(() => parseSchemaRef('Order@1'), /not a schema reference/);
  });
});
