import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReport, jsonataFixtureRunner, runConformance } from '@omnihub/connector-testkit';
import connector from '../src/index.ts';
import conformance from '../conformance.config.ts';

// The mappings this package names, shipped in the hub's mappings folder; outputs are checked
// against the canonical schemas.
const fixtures = jsonataFixtureRunner({
  mappingsDir: new URL('../../../mappings/twilio/', import.meta.url),
  schemaDirs: [new URL('../../../core/schemas/', import.meta.url)],
});

describe('twilio connector 1.0.0: conformance kit', () => {
  it('passes, forged signatures refused, freshness and effect counting waived for written reasons', async () => {
    const report = await runConformance({ connector, conformance, fixtures });
    assert.equal(report.passed, true, formatReport(report));
    assert.deepEqual(report.results.filter((r) => r.status === 'pass').map((r) => r.check), ['manifest', 'config-refused', 'webhook-signature', 'http-classification', 'secrets-not-logged', 'mapping-fixtures']);
  });
});
