import type { ConformanceReport } from './check-result.ts';

/**
 * A kit report as plain text: one line per check (status, then its message), each finding of a
 * failed check indented below it, and a closing verdict.
 *
 * @example
 * console.log(formatReport(await runConformance({ connector, conformance })));
 * // PASS    manifest: acme@1.0.0 is well formed and matches its implementation
 * // FAIL    webhook-signature: webhook "orders" accepted a request signed with the wrong secret
 * // ...
 */
export function formatReport(report: ConformanceReport): string {
  const lines = [`conformance of ${report.connector.id}@${report.connector.version}`];
  for (const result of report.results) {
    lines.push(`${result.status.toUpperCase().padEnd(7)} ${result.message}`);
    for (const detail of result.details) lines.push(`          - ${detail}`);
  }
  const failed = report.results.filter((result) => result.status === 'fail').length;
  lines.push(report.passed ? 'passed' : `failed: ${failed} check${failed === 1 ? '' : 's'} failed`);
  return lines.join('\n');
}
