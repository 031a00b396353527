import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { toFieldErrors } from '@omnihub/core';

const buffer = {
  type: 'object',
  properties: {
    buffer: {
      oneOf: [
        { type: 'object', required: ['units'], additionalProperties: false, properties: { units: { type: 'integer', minimum: 0 } } },
        { type: 'object', required: ['percent'], additionalProperties: false, properties: { percent: { type: 'number', minimum: 0, maximum: 100 } } },
      ],
    },
  },
};
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(buffer);

function errorsOf(value: unknown): string[] {
  assert.equal(validate(value), false);
  return toFieldErrors(validate.errors).map((e) => `${e.path} ${e.message}`);
}

describe('field errors of a failed oneOf', () => {
  it('speak only of the branch the value was meant to match', () => {
    assert.deepEqual(errorsOf({ buffer: { units: -1 } }), ['/buffer/units must be >= 0']);
    assert.deepEqual(errorsOf({ buffer: { percent: 120 } }), ['/buffer/percent must be <= 100']);
    assert.deepEqual(errorsOf({ buffer: { units: 'x' } }), ['/buffer/units must be integer']);
  });

  it('keep every branch when none is nearer', () => {
    const errors = errorsOf({ buffer: {} });
    assert.ok(errors.includes('/buffer/units must have required property \'units\''), JSON.stringify(errors));
    assert.ok(errors.includes('/buffer/percent must have required property \'percent\''), JSON.stringify(errors));
    assert.ok(errors.some((e) => e.startsWith('/buffer must match exactly one schema')), JSON.stringify(errors));
  });
});

describe('field errors of a constant', () => {
  const versioned = new Ajv2020({ strict: true, allErrors: true }).compile({
    type: 'object',
    properties: { apiVersion: { const: 'omnihub.dev/v1' }, spec: { type: 'object', properties: { level: { const: 2 } } } },
  });

  it('name the value required and, given what was validated, the value given', () => {
    const document = { apiVersion: 'omnihub/v2', spec: { level: 3 } };
    assert.equal(versioned(document), false);
    assert.deepEqual(
      toFieldErrors(versioned.errors, '', document).map((e) => `${e.path} ${e.message}`),
      ['/apiVersion must be omnihub.dev/v1, got "omnihub/v2"', '/spec/level must be 2, got 3'],
    );
    assert.deepEqual(
      toFieldErrors(versioned.errors).map((e) => `${e.path} ${e.message}`),
      ['/apiVersion must be omnihub.dev/v1', '/spec/level must be 2'],
    );
  });
});
