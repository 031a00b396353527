import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReport, runConformance } from '@omnihub/connector-testkit';
import connector from '../src/index.ts';
import conformance from '../conformance.config.ts';

describe('file-drop connector: conformance kit', () => {
  it('passes, with the webhook, action and HTTP checks waived for written reasons', async () => {
    const report = await runConformance({ connector, conformance });
    assert.equal(report.passed, true, formatReport(report));
    assert.deepEqual(
      report.results.filter((r) => r.status === 'waived').map((r) => r.check),
      ['webhook-signature', 'webhook-freshness', 'action-idempotency', 'http-classification'],
    );
    assert.deepEqual(
      report.results.filter((r) => r.status === 'pass').map((r) => r.check),
      ['manifest', 'config-refused', 'secrets-not-logged', 'mapping-fixtures'],
    );
  });
});
