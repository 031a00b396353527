import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The fields of a package.json the runtime reads. */
export interface PackageJson {
  name?: string;
  version?: string;
  keywords?: string[];
  main?: string;
  exports?: unknown;
}

/** Reads `<dir>/package.json`; undefined when there is none. */
export async function readPackageJson(dir: string): Promise<PackageJson | undefined> {
  let text: string;
  try {
    text = await readFile(path.join(dir, 'package.json'), 'utf8');
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    return JSON.parse(text) as PackageJson;
  } catch (error: unknown) {
    throw new Error(`${path.join(dir, 'package.json')} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** `--conditions` given to this process (command line or NODE_OPTIONS), e.g. `omnihub-source`. */
function userConditions(): string[] {
  const args = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  const found: string[] = [];
  args.forEach((arg, index) => {
    const inline = /^(?:--conditions|-C)=(.+)$/.exec(arg);
    if (inline?.[1] !== undefined) found.push(inline[1]);
    else if ((arg === '--conditions' || arg === '-C') && args[index + 1] !== undefined) found.push(args[index + 1] ?? '');
  });
  return found;
}

/** Conditions Node itself would match for an `import` of this package, most specific first. */
export function activeConditions(): Set<string> {
  return new Set([...userConditions(), 'node', 'import', 'module-sync', 'default']);
}

function pick(target: unknown, conditions: Set<string>): string | undefined {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const item of target) {
      const found = pick(item, conditions);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (target === null || typeof target !== 'object') return undefined;
  // Conditions are tried in the object's key order, as Node does.
  for (const [key, value] of Object.entries(target)) {
    if (conditions.has(key)) {
      const found = pick(value, conditions);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * The file an `import` of the package folder `dir` loads: its `exports` entry for `.` under the
 * conditions of this process (so `--conditions=omnihub-source` loads TypeScript sources), else
 * `main`, else `index.js`.
 */
export function packageEntry(dir: string, pkg: PackageJson, conditions: Set<string> = activeConditions()): string {
  const { exports } = pkg;
  let target: string | undefined;
  if (exports !== undefined) {
    const root = exports !== null && typeof exports === 'object' && !Array.isArray(exports) && '.' in exports ? (exports as Record<string, unknown>)['.'] : exports;
    target = pick(root, conditions);
    if (target === undefined) throw new Error(`package ${pkg.name ?? dir} exports no entry for "." under the conditions ${[...conditions].join(', ')}`);
  } else {
    target = pkg.main ?? 'index.js';
  }
  return path.resolve(dir, target);
}
