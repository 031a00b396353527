import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatReport, runConformance } from '@omnihub/connector-testkit';
import connector from '../src/index.ts';
import conformance from '../conformance.config.ts';

describe('http connector 1.0.0: conformance kit', () => {
  it('passes every check without a waiver', async () => {
    const report = await runConformance({ connector, conformance });
    assert.equal(report.passed, true, formatReport(report));
    assert.deepEqual(report.results.filter((r) => r.status !== 'pass'), [], formatReport(report));
  });
});
