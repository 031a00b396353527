import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The fields of a `mapping.yaml` the fixture runner reads. */
export interface MappingFile {
  id: string;
  version: string;
  target: { canonical?: string };
  /** The JSONata file, relative to the version folder. */
  expression: string;
  /** Bindings every fixture runs with (a fixture's own bindings win). */
  bindings?: Record<string, unknown>;
}

/** One fixture of a mapping: its input, and the output or error it must give. */
export interface MappingFixture {
  name: string;
  input: unknown;
  bindings: Record<string, unknown> | undefined;
  output: unknown;
  error: { code: string; message?: string } | undefined;
}

function semverKey(version: string): number[] {
  return version.split('.').map(Number);
}

function compareVersions(a: string, b: string): number {
  const [x, y] = [semverKey(a), semverKey(b)];
  return (x[0] ?? 0) - (y[0] ?? 0) || (x[1] ?? 0) - (y[1] ?? 0) || (x[2] ?? 0) - (y[2] ?? 0);
}

/**
 * The newest version folder (`<major>.<minor>.<patch>`) of a mapping folder. Throws naming the
 * folder when there is none.
 *
 * @example
 * latestVersionDir('mappings/hubspot/hubspot.order-to-order'); // 'mappings/hubspot/hubspot.order-to-order/1.1.0'
 */
export function latestVersionDir(dir: string): string {
  if (!existsSync(dir)) throw new Error(`no mapping folder ${dir}`);
  const latest = readdirSync(dir)
    .filter((name) => /^\d+\.\d+\.\d+$/.test(name))
    .sort(compareVersions)
    .at(-1);
  if (latest === undefined) throw new Error(`${dir} has no version folder`);
  return path.join(dir, latest);
}

/** The `mapping.yaml` of a version folder. */
export function readMappingFile(versionDir: string): MappingFile {
  return parse(readFileSync(path.join(versionDir, 'mapping.yaml'), 'utf8')) as MappingFile;
}

/** The fixtures of a version folder: `fixtures/<name>.{input,output,error,bindings}.json`. */
export function readFixtures(versionDir: string): MappingFixture[] {
  const dir = path.join(versionDir, 'fixtures');
  if (!existsSync(dir)) return [];
  const names = [...new Set(readdirSync(dir).filter((file) => file.endsWith('.json')).map((file) => file.replace(/\.(input|output|error|bindings)\.json$/, '')))];
  return names.map((name) => {
    const read = (role: string): unknown => {
      const file = path.join(dir, `${name}.${role}.json`);
      return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as unknown) : undefined;
    };
    return {
      name,
      input: read('input'),
      bindings: read('bindings') as Record<string, unknown> | undefined,
      output: read('output'),
      error: read('error') as MappingFixture['error'],
    };
  });
}
