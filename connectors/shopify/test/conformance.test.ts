import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReport, runConformance } from '@omnihub/connector-testkit';
import connector from '../src/index.ts';
import conformance from '../conformance.config.ts';

describe('shopify connector 1.0.0: conformance kit', () => {
  it('passes every check but the two waived in its conformance config, and mapping-fixtures', async () => {
    // Its mappings call the hub's mapping functions, whose engine lives in core, which a connector
    // package does not import: `omnihub connectors test connectors/shopify` runs this check with it.
    const report = await runConformance({ connector, conformance, waivers: { 'mapping-fixtures': 'the mapping engine is core’s; omnihub connectors test runs this check with it' } });
    assert.equal(report.passed, true, formatReport(report));
    assert.deepEqual(report.results.filter((r) => r.status !== 'pass').map((r) => r.check), ['webhook-freshness', 'action-idempotency', 'mapping-fixtures'], formatReport(report));
  });
});
