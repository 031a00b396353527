import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InvalidMessageFailure, PayloadReader } from '@omnihub/connector-sdk';

const CODE = { code: 'acme.payload-invalid' };

function refused(read: () => unknown, message: string): void {
  assert.throws(read, (error: unknown) => error instanceof InvalidMessageFailure && error.code === 'acme.payload-invalid' && error.message === message);
}

describe('PayloadReader', () => {
  it('reads nothing from a null payload and refuses one that is not an object', () => {
    assert.equal(PayloadReader.of('push', null, CODE), undefined);
    assert.equal(PayloadReader.of('push', undefined, CODE), undefined);
    refused(() => PayloadReader.of('push', [1], CODE), 'action push: the payload must be an object or null');
    refused(() => PayloadReader.of('push', 'x', CODE), 'action push: the payload must be an object or null');
  });

  it('reads fields of the right shape', () => {
    const payload = PayloadReader.of('push', { sku: 'A-1', note: '', quantity: 3, level: '2.5', count: 4, notify: true, kind: 'count', lines: [{ sku: 'B-2' }], address: { city: 'Berlin' } }, CODE);
    assert.ok(payload);
    assert.equal(payload.string('sku'), 'A-1');
    assert.equal(payload.optionalString('note'), undefined);
    assert.equal(payload.optionalString('missing'), undefined);
    assert.equal(payload.integer('quantity', 0), 3);
    assert.equal(payload.decimal('level'), '2.5');
    assert.equal(payload.decimal('count'), '4');
    assert.equal(payload.boolean('notify', false), true);
    assert.equal(payload.boolean('restock', true), true);
    assert.equal(payload.optionalBoolean('restock'), undefined);
    assert.equal(payload.oneOf('kind', ['count', 'delta'] as const), 'count');
    assert.equal(payload.oneOf('mode', ['count', 'delta'] as const, 'delta'), 'delta');
    assert.deepEqual(payload.objects('lines').map((line) => line.string('sku')), ['B-2']);
    assert.deepEqual(payload.objects('returns', { optional: true }), []);
    assert.equal(payload.object('address').string('city'), 'Berlin');
    assert.equal(payload.optionalObject('billing'), undefined);
    assert.equal(payload.has('sku'), true);
    assert.equal(payload.has('missing'), false);
  });

  it('names the action and the JSON pointer of a field of the wrong shape', () => {
    const payload = PayloadReader.of('push', { sku: 7, quantity: -1, level: '-2', notify: 'yes', kind: 'other', lines: [{ quantity: 'x' }, 3], address: [] }, CODE);
    assert.ok(payload);
    refused(() => payload.string('sku'), 'action push: /sku must be a non-empty string');
    refused(() => payload.optionalString('sku'), 'action push: /sku must be a string');
    refused(() => payload.integer('quantity', 0), 'action push: /quantity must be an integer of 0 or more');
    refused(() => payload.decimal('level'), 'action push: /level must be a non-negative decimal');
    refused(() => payload.boolean('notify', false), 'action push: /notify must be true or false');
    refused(() => payload.oneOf('kind', ['count', 'delta']), 'action push: /kind must be one of count, delta');
    refused(() => payload.objects('lines')[0]?.integer('quantity', 1), 'action push: /lines/1 must be an object');
    refused(() => payload.objects('missing'), 'action push: /missing must be a non-empty array');
    refused(() => payload.object('address'), 'action push: /address must be an object');
    refused(() => payload.object('billing'), 'action push: /billing must be an object');
    const line = PayloadReader.of('push', { lines: [{ quantity: 'x' }] }, CODE)?.objects('lines')[0];
    refused(() => line?.integer('quantity', 1), 'action push: /lines/0/quantity must be an integer of 1 or more');
  });
});
