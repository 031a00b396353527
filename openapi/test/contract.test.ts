import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiContract } from '../src/index.ts';

describe('the compiled OpenAPI contract', () => {
  const contract = ApiContract.load();

  it('compiles every parameter, request body and response schema of every operation', () => {
    assert.ok(contract.operations().length > 50, 'the contract has its operations');
    assert.doesNotThrow(() => contract.compileAll());
  });

  it('validates with the errors of the last run, compiling a schema on its first use', () => {
    const match = contract.match('POST', '/v1/config/plan');
    assert.equal(match.kind, 'operation');
    if (match.kind !== 'operation') return;
    const validate = match.operation.requestBodies.get('application/json');
    assert.ok(validate !== undefined);
    assert.equal(validate({ document: { apiVersion: 'omnihub.dev/v1', instances: [] } }), true);
    assert.equal(validate.errors ?? null, null);
    assert.equal(validate({ document: { apiVersion: 'omnihub.dev/v1', instances: [] }, prune: 'yes' }), false);
    assert.deepEqual(
      validate.errors?.map((error) => [error.instancePath, error.keyword]),
      [['/prune', 'type']],
    );
    assert.equal(match.operation.bodyCheckedWithin, '/document');
  });
});
