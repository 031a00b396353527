/**
 * `npm test`: runs every `*.test.ts` of the workspace with Node's test runner, files in parallel
 * (they are I/O-bound and isolated by fresh schema and queue names), then the `*.fault.test.ts`
 * files one at a time, because they stop and restart shared services.
 * Tests that need PostgreSQL or RabbitMQ always run and fail loudly when a service is missing.
 * Arguments, when given, are file globs to run instead of everything.
 */
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

const roots = '{core,connectors,openapi,cli,bench}';
const patterns = process.argv.slice(2).length > 0 ? process.argv.slice(2) : [`${roots}/test/**/*.test.ts`, `connectors/*/test/**/*.test.ts`];
const files = [...new Set(patterns.flatMap((pattern) => globSync(pattern, { exclude: (name) => name.includes('node_modules') })))].sort();
if (files.length === 0) {
  console.error(`no test files match ${patterns.join(' ')}`);
  process.exit(1);
}
const faults = files.filter((file) => file.endsWith('.fault.test.ts'));
const regular = files.filter((file) => !file.endsWith('.fault.test.ts'));

function run(selected: string[], concurrency: number): number {
  if (selected.length === 0) return 0;
  const result = spawnSync(
    process.execPath,
    ['--conditions=omnihub-source', '--test', `--test-concurrency=${concurrency}`, '--test-timeout=300000', ...selected],
    { stdio: 'inherit' },
  );
  return result.status ?? 1;
}

const concurrency = Number(process.env['OMNIHUB_TEST_CONCURRENCY'] ?? 3);
const first = run(regular, concurrency);
const second = run(faults, 1);
process.exit(first !== 0 ? first : second);
