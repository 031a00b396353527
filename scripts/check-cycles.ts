/**
 * Fails when workspace packages depend on each other in a cycle (package.json dependencies).
 * Module-level cycles are caught by eslint's import-x/no-cycle.
 */
import { readFileSync } from 'node:fs';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: string[];
}

const root = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const manifests = (root.workspaces ?? []).map((dir) => JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as Manifest);
const names = new Set(manifests.map((m) => m.name));
const edges = new Map(
  manifests.map((m) => [m.name, Object.keys({ ...m.dependencies, ...m.devDependencies }).filter((d) => names.has(d))]),
);

const state = new Map<string, 'visiting' | 'done'>();
function visit(name: string, trail: string[]): void {
  if (state.get(name) === 'done') return;
  if (state.get(name) === 'visiting') {
    console.error(`package dependency cycle: ${[...trail, name].join(' -> ')}`);
    process.exit(1);
  }
  state.set(name, 'visiting');
  for (const dep of edges.get(name) ?? []) visit(dep, [...trail, name]);
  state.set(name, 'done');
}
for (const name of names) visit(name, []);
console.log(`no package cycles among ${names.size} workspace packages`);
