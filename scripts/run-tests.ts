/**
 * `npm test`: runs every `*.test.ts` of the workspace with Node's test runner.
 * Tests that need PostgreSQL or RabbitMQ always run and fail loudly when a service is missing.
 * Files run in parallel (they are I/O-bound and isolated by fresh schema and queue names).
 */
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const patterns = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['{core,connectors,openapi,cli,bench}/**/test/**/*.test.ts', '{core,connectors,openapi,cli}/test/**/*.test.ts'];
const files = [...new Set(patterns.flatMap((pattern) => globSync(pattern, { exclude: (name) => name.includes('node_modules') })))].sort();
if (files.length === 0) {
  console.error(`no test files match ${patterns.join(' ')}`);
  process.exit(1);
}
const concurrency = process.env['OMNIHUB_TEST_CONCURRENCY'] ?? '4';
const result = spawnSync(
  process.execPath,
  ['--conditions=omnihub-source', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=120000', ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
