/**
 * `npm run bench`: runs every benchmark (bounded in time), prints one table with each figure
 * beside its same-run baseline and the ratio, and writes the results as JSON to bench/results/.
 * Run against the local RabbitMQ and PostgreSQL (127.0.0.1) only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { brokerBench } from './broker.bench.ts';
import { customerContextBench } from './customer-context.bench.ts';
import { httpBench } from './http.bench.ts';
import { mappingBench } from './mapping.bench.ts';
import { routingBench } from './routing.bench.ts';
import { stockBench } from './stock.bench.ts';
import type { Figure } from './stats.ts';

const benches: Record<string, () => Promise<Figure[]>> = {
  broker: brokerBench,
  stock: stockBench,
  routing: routingBench,
  mapping: mappingBench,
  http: httpBench,
  'customer-context': customerContextBench,
};
const only = process.argv.slice(2);
const figures: Figure[] = [];
for (const [name, bench] of Object.entries(benches)) {
  if (only.length > 0 && !only.includes(name)) continue;
  process.stderr.write(`running ${name}...\n`);
  figures.push(...(await bench()));
}

const fmt = (n: number): string => (Number.isFinite(n) ? (Math.abs(n) >= 100 ? n.toFixed(0) : n.toFixed(2)) : 'n/a');
const rows = figures.map((f) => [f.bench, f.metric, `${fmt(f.hub)} ${f.unit}`, `${fmt(f.baseline)} ${f.unit}`, f.baselineName, fmt(f.ratio), f.target ?? '', f.pass === undefined ? '' : f.pass ? 'pass' : 'FAIL']);
const headers = ['BENCH', 'METRIC', 'HUB', 'BASELINE', 'BASELINE IS', 'RATIO', 'TARGET', 'RESULT'];
const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
console.log(line(headers));
for (const row of rows) console.log(line(row));

mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
const file = new URL(`./results/bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url);
writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), machine: { cpus: os.cpus().length, node: process.version }, figures }, null, 2));
console.log(`\nresults written to ${file.pathname}`);
