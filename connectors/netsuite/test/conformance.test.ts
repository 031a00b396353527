import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReport, jsonataFixtureRunner, runConformance } from '@omnihub/connector-testkit';
import connector from '../src/index.ts';
import conformance from '../conformance.config.ts';

// The mappings this package names, shipped in the hub's mappings folder; outputs are checked
// against the canonical schemas.
const fixtures = jsonataFixtureRunner({
  mappingsDir: new URL('../../../mappings/netsuite/', import.meta.url),
  schemaDirs: [new URL('../../../core/schemas/', import.meta.url)],
});

describe('netsuite connector 1.0.0: conformance kit', () => {
  it('passes every check, the webhook checks waived for a written reason', async () => {
    const report = await runConformance({ connector, conformance, fixtures });
    assert.equal(report.passed, true, formatReport(report));
    assert.deepEqual(report.results.filter((r) => r.status === 'waived').map((r) => r.check), ['webhook-signature', 'webhook-freshness']);
  });
});
