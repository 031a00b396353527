import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyJsonPatch, type PatchOperation } from '@omnihub/core';

/** Whether Object.prototype holds anything but its built-in members. */
function prototypeTouched(): string[] {
  const probe: Record<string, unknown> = {};
  return ['polluted', 'x'].filter((name) => name in probe || Object.hasOwn(Object.prototype, name));
}

function rejects(document: unknown, patch: PatchOperation[], detail: RegExp): void {
  const before = structuredClone(document);
  assert.throws(() => applyJsonPatch(document, patch), (error: Error) => detail.test(error.message), JSON.stringify(patch));
  assert.deepEqual(document, before, 'the document is left as it was');
}

describe('JSON Patch', () => {
  const doc = { order: { id: 'o-1', lines: [{ sku: 'A', quantity: 1 }], attributes: { constructor: 'own member' } } };

  it('never reaches a prototype through __proto__, constructor or prototype', () => {
    const attacks: PatchOperation[][] = [
      [{ op: 'add', path: '/__proto__/polluted', value: 'yes' }],
      [{ op: 'add', path: '/order/__proto__/polluted', value: 'yes' }],
      [{ op: 'add', path: '/order/lines/0/__proto__/polluted', value: 'yes' }],
      [{ op: 'add', path: '/__proto__', value: { polluted: 'yes' } }],
      [{ op: 'replace', path: '/__proto__/toString', value: 'yes' }],
      [{ op: 'add', path: '/constructor/prototype/polluted', value: 'yes' }],
      [{ op: 'add', path: '/order/lines/constructor/prototype/polluted', value: 'yes' }],
      [{ op: 'remove', path: '/hasOwnProperty' }],
      [{ op: 'remove', path: '/order/lines/length' }],
      [{ op: 'copy', from: '/constructor', path: '/x' }],
      [{ op: 'move', from: '/__proto__', path: '/x' }],
      [{ op: 'test', path: '/toString', value: {} }],
      [{ op: 'copy', from: '/order/lines/-', path: '/x' }],
    ];
    for (const patch of attacks) rejects(doc, patch, /does not exist|out of range/);
    assert.deepEqual(prototypeTouched(), []);
    assert.equal(typeof Object.prototype.hasOwnProperty, 'function');
    assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  });

  it('addresses members named like inherited ones when the value holds them itself', () => {
    const patched = applyJsonPatch(doc, [
      { op: 'test', path: '/order/attributes/constructor', value: 'own member' },
      { op: 'copy', from: '/order/attributes/constructor', path: '/order/attributes/prototype' },
      { op: 'remove', path: '/order/attributes/constructor' },
      { op: 'add', path: '/order/attributes/toString', value: 'kept as data' },
    ]);
    assert.deepEqual(patched.order.attributes, { prototype: 'own member', toString: 'kept as data' });
    assert.equal(doc.order.attributes.constructor, 'own member', 'the original is untouched');
    assert.deepEqual(prototypeTouched(), []);
  });

  it('tests objects by their members whatever their order, arrays in order, numbers by value', () => {
    const stored = { order: { totals: { grandTotal: { currency: 'EUR', amount: '10.00' } }, tags: ['a', 'b'], quantity: 1 } };
    assert.deepEqual(applyJsonPatch(stored, [{ op: 'test', path: '/order', value: { quantity: 1.0, tags: ['a', 'b'], totals: { grandTotal: { amount: '10.00', currency: 'EUR' } } } }]), stored);
    rejects(stored, [{ op: 'test', path: '/order/tags', value: ['b', 'a'] }], /test failed/);
    rejects(stored, [{ op: 'test', path: '/order/totals/grandTotal', value: { amount: '10.00' } }], /test failed/);
    rejects(stored, [{ op: 'test', path: '/order/totals/grandTotal', value: { amount: '10.00', currency: 'EUR', extra: null } }], /test failed/);
    rejects(stored, [{ op: 'test', path: '/order/quantity', value: '1' }], /test failed/);
    rejects(stored, [{ op: 'test', path: '/order/tags', value: { 0: 'a', 1: 'b' } }], /test failed/);
  });
});
