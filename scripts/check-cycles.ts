/**
 * Import-cycle check, two levels:
 * 1. workspace packages must not depend on each other in a cycle (package.json dependencies);
 * 2. no module imports itself through a chain of relative imports (static `import`/`export from`,
 *    type-only imports included, since they still couple the modules).
 */
import { globSync, readFileSync } from 'node:fs';
import path from 'node:path';

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  workspaces?: string[];
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    if (state.get(node) === 'done') return undefined;
    if (state.get(node) === 'visiting') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'visiting');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle !== undefined) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle !== undefined) return cycle;
  }
  return undefined;
}

const root = JSON.parse(readFileSync('package.json', 'utf8')) as Manifest;
const manifests = (root.workspaces ?? []).map((dir) => JSON.parse(readFileSync(`${dir}/package.json`, 'utf8')) as Manifest);
const names = new Set(manifests.map((m) => m.name));
const packageGraph = new Map(manifests.map((m) => [m.name, Object.keys({ ...m.dependencies, ...m.devDependencies }).filter((d) => names.has(d))]));
const packageCycle = findCycle(packageGraph);
if (packageCycle !== undefined) {
  console.error(`package dependency cycle: ${packageCycle.join(' -> ')}`);
  process.exit(1);
}

const IMPORT = /^\s*(?:import|export)\s[^'"]*?from\s+['"](\.{1,2}\/[^'"]+)['"]/gm;
const files = globSync('{core,connectors,openapi,cli,bench,scripts}/**/*.ts', { exclude: (name) => name.includes('node_modules') || name.includes('dist') });
const moduleGraph = new Map<string, string[]>();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const targets = [...text.matchAll(IMPORT)].map((match) => path.normalize(path.join(path.dirname(file), match[1] ?? '')));
  moduleGraph.set(path.normalize(file), targets);
}
const moduleCycle = findCycle(moduleGraph);
if (moduleCycle !== undefined) {
  console.error(`import cycle: ${moduleCycle.join(' -> ')}`);
  process.exit(1);
}
console.log(`no import cycles: ${names.size} packages, ${moduleGraph.size} modules`);
