/**
 * `npm run faults`: bounded fault scenarios against the real RabbitMQ and PostgreSQL on
 * 127.0.0.1, one table of messages in, handled, dead-lettered, lost and effects duplicated, with
 * pass or fail; the figures are also written as JSON under bench/results/.
 *
 *   npm run faults                       every scenario, full size (a few minutes)
 *   npm run faults -- --short            the CI form (about a minute; also OMNIHUB_FAULTS_SHORT=1)
 *   npm run faults -- poison-flood ...   only the named scenarios
 *
 * The scenarios stop and restart the shared services (RabbitMQ's app, the PostgreSQL cluster): run
 * them alone, not beside other tests. Each one uses its own schema and broker prefix, removed at
 * its end, and leaves both services running. Exit code 0 when every scenario passes.
 * Services: OMNIHUB_TEST_DATABASE_URL, OMNIHUB_TEST_AMQP_URL; the commands that disturb them:
 * OMNIHUB_FAULTS_RABBITMQ_NODE (`rabbitmqctl -n`), OMNIHUB_FAULTS_PG_CLUSTER (`<version> <name>`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { brokerConnectionsClosed, brokerRestart } from './broker-restart.ts';
import { poisonFlood } from './poison-flood.ts';
import { postgresRestart } from './postgres-restart.ts';
import { Deadline, restoreBroker, restorePostgres, secondsSince, TEST_AMQP_URL, TEST_DATABASE_URL, type RunSize, type Scenario, type ScenarioResult } from './support.ts';
import { vendorOutage } from './vendor-outage.ts';
import { workerKill } from './worker-kill.ts';

const SCENARIOS: readonly Scenario[] = [brokerConnectionsClosed, brokerRestart, postgresRestart, workerKill, vendorOutage, poisonFlood];
/** Every wait of a scenario ends by then: a hang is a failure, not a stuck CI job. */
const TIME_LIMIT_MS: Record<RunSize, number> = { short: 120_000, full: 300_000 };

const args = process.argv.slice(2);
const size: RunSize = args.includes('--short') || process.env['OMNIHUB_FAULTS_SHORT'] === '1' ? 'short' : 'full';
const names = args.filter((arg) => !arg.startsWith('--'));
const unknown = names.filter((name) => !SCENARIOS.some((s) => s.name === name));
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(', ')}; the scenarios are ${SCENARIOS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const selected = names.length === 0 ? SCENARIOS : SCENARIOS.filter((s) => names.includes(s.name));

interface Row {
  scenario: string;
  proves: string;
  result: ScenarioResult | undefined;
  error: string | undefined;
  seconds: string;
  failures: string[];
}

function failuresOf(scenario: Scenario, result: ScenarioResult): string[] {
  const failures: string[] = [];
  if (result.lost !== 0) failures.push(`${result.lost} lost`);
  if (result.duplicated !== 0) failures.push(`${result.duplicated} effects duplicated`);
  if (result.deadLettered !== 0 && scenario.deadLettersExpected !== true) failures.push(`${result.deadLettered} dead-lettered`);
  for (const check of result.checks ?? []) if (!check.ok) failures.push(check.failure);
  return failures;
}

/**
 * An error thrown outside any awaited promise (an unhandled 'error' event of a driver, say) would
 * end the run without a table. It is the hub failing under the fault: it fails the scenario that
 * was running, and the suite goes on to restore the services and report.
 */
const uncaught: string[] = [];
const onUncaught = (error: unknown): void => {
  uncaught.push(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
};
process.on('uncaughtException', onUncaught);
process.on('unhandledRejection', onUncaught);

try {
  await restoreBroker();
  await restorePostgres();
} catch (error: unknown) {
  console.error(`the fault suite needs RabbitMQ (rabbitmqctl) and PostgreSQL (pg_ctlcluster) on this machine: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

const rows: Row[] = [];
for (const scenario of selected) {
  process.stderr.write(`running ${scenario.name} (${size})...\n`);
  const started = performance.now();
  const uncaughtBefore = uncaught.length;
  let result: ScenarioResult | undefined;
  let error: string | undefined;
  try {
    result = await scenario.run(size, new Deadline(TIME_LIMIT_MS[size], scenario.name));
  } catch (thrown: unknown) {
    error = thrown instanceof Error ? thrown.message : String(thrown);
  } finally {
    // Whatever happened, the next scenario (and whoever comes after) finds both services up.
    await restoreBroker().catch((thrown: unknown) => (error ??= `RabbitMQ did not come back: ${String(thrown)}`));
    await restorePostgres().catch((thrown: unknown) => (error ??= `PostgreSQL did not come back: ${String(thrown)}`));
  }
  const crashes = uncaught.slice(uncaughtBefore).map((text) => `uncaught in the hub's process: ${text}`);
  const failures = [...(result === undefined ? [error ?? 'no result'] : [...failuresOf(scenario, result), ...(error === undefined ? [] : [error])]), ...crashes];
  rows.push({ scenario: scenario.name, proves: scenario.proves, result, error, seconds: secondsSince(started), failures });
}

const cell = (value: number | undefined): string => (value === undefined ? '-' : String(value));
const headers = ['SCENARIO', 'IN', 'HANDLED', 'DEAD-LETTERED', 'LOST', 'DUPLICATED', 'SECONDS', 'RESULT'];
const table = rows.map((row) => [
  row.scenario,
  cell(row.result?.in),
  cell(row.result?.handled),
  cell(row.result?.deadLettered),
  cell(row.result?.lost),
  cell(row.result?.duplicated),
  row.seconds,
  row.failures.length === 0 ? 'pass' : 'FAIL',
]);
const widths = headers.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
const where = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.host}${parsed.pathname === '/' ? '' : parsed.pathname}`;
};
console.log(`\nfault suite (${size}) against PostgreSQL ${where(TEST_DATABASE_URL)} and RabbitMQ ${where(TEST_AMQP_URL)}\n`);
console.log(line(headers));
for (const row of table) console.log(line(row));
console.log('');
for (const row of rows) {
  console.log(`${row.scenario}: ${row.proves}.`);
  if (row.result !== undefined) console.log(`  ${row.result.detail}`);
  for (const failure of row.failures) console.log(`  FAIL: ${failure}`);
}

mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
const file = new URL(`../results/faults-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url);
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), size, machine: { cpus: os.cpus().length, node: process.version }, rows }, null, 2));
console.log(`\nresults written to ${file.pathname}`);
process.exit(rows.every((row) => row.failures.length === 0) ? 0 : 1);
