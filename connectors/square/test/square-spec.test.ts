import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { afterEach, describe, it } from 'node:test';
import AjvModule from 'ajv';
import addFormatsModule from 'ajv-formats';
import { PermanentFailure } from '@omnihub/connector-sdk';
import { squareRequest } from '../src/api/client.ts';
import { squareTest, stopSellers } from './support/context.ts';
import { matchOperation, normaliseSchema, validateReply, validateRequest, type SquareOperation } from './support/square-spec.ts';

function operation(method: string, path: string): SquareOperation {
  const matched = matchOperation(method, path);
  assert.ok(matched, `${method} ${path}`);
  return matched.operation;
}

const adjustment = { catalog_object_id: 'W62UWFY35CWMYGVWK6TWJDNI', location_id: 'L8Y2R0RYS6C9D', from_state: 'NONE', to_state: 'IN_STOCK', quantity: '4', occurred_at: '2025-03-01T12:00:00Z' };

describe('Square request and reply validation against vendor-spec/*.json', () => {
  afterEach(stopSellers);

  it('refuses a BatchChangeInventory request without idempotency_key, and accepts it with one', () => {
    const batch = operation('POST', '/v2/inventory/changes/batch-create');
    assert.deepEqual(validateRequest(batch, { changes: [{ type: 'ADJUSTMENT', adjustment }] }), ["/ must have required property 'idempotency_key' (idempotency_key)"]);
    assert.deepEqual(validateRequest(batch, { idempotency_key: 'k-1', changes: [{ type: 'ADJUSTMENT', adjustment }] }), []);
  });

  it('refuses a RefundPayment request without idempotency_key', () => {
    assert.ok(validateRequest(operation('POST', '/v2/refunds'), { amount_money: { amount: 100, currency: 'EUR' }, payment_id: 'pay-1' }).some((error) => error.includes('idempotency_key')));
  });

  it('refuses a misspelled field in a request, and an unknown enum value', () => {
    const batch = operation('POST', '/v2/inventory/changes/batch-create');
    assert.ok(validateRequest(batch, { idempotency_key: 'k', changes: [{ type: 'ADJUSTMENT', adjustment: { ...adjustment, quantty: '4' } }] }).some((error) => error.includes('(quantty)')));
    assert.ok(validateRequest(batch, { idempotency_key: 'k', changes: [{ type: 'ADJUSTMENT', adjustment: { ...adjustment, to_state: 'ON_SHELF' } }] }).some((error) => error.includes('allowed values')));
  });

  it('accepts the null Square sends in a field whose nullable stands beside $ref (which a strict reading refuses)', () => {
    const reply = { changes: [{ type: 'ADJUSTMENT', adjustment: { ...adjustment, from_state: null, id: 'ADJ-1' } }] };
    assert.deepEqual(validateReply(operation('POST', '/v2/inventory/changes/batch-retrieve'), reply), []);
    const Ajv = AjvModule.default;
    const strict = new Ajv({ strict: false, allErrors: true });
    addFormatsModule.default(strict);
    const raw = JSON.parse(readFileSync(new URL('../vendor-spec/inventory.json', import.meta.url), 'utf8')) as object;
    strict.addSchema(raw, 'raw');
    // Read as written, the spec does not even compile: nullable stands where no type does.
    assert.throws(() => strict.getSchema('raw#/components/schemas/BatchRetrieveInventoryChangesResponse'), /"nullable" cannot be used without "type"/);
    assert.deepEqual(normaliseSchema({ $ref: '#/x', nullable: true, description: 'd' }, false), { description: 'd', anyOf: [{ $ref: '#/x' }, { type: 'null' }] });
  });

  it('makes the fake Square refuse an invalid body with its 400, recorded, and the connector fail permanently', async () => {
    const { ctx, square } = squareTest();
    await assert.rejects(
      squareRequest(ctx, { method: 'POST', path: '/v2/inventory/changes/batch-create', body: { changes: [{ type: 'ADJUSTMENT', adjustment }] }, idempotent: true }),
      (error: unknown) => error instanceof PermanentFailure && error.code === 'vendor.http.400' && /MISSING_REQUIRED_PARAMETER/.test(error.message),
    );
    assert.deepEqual(square.invalidRequests, [{ operationId: 'BatchChangeInventory', errors: ["/ must have required property 'idempotency_key' (idempotency_key)"] }]);
    assert.equal(square.effects(), 0);
  });
});
