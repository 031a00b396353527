/**
 * Prints the config table of a connector package's README, generated from its manifest's
 * configSchema, or with `--write` puts it between the README's config-table markers:
 *
 *     node --conditions=omnihub-source connectors/testkit/src/readme/update-config-table.ts connectors/shopify --write
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { renderConfigTable, withConfigTable } from './config-table.ts';

/** Conditions tried on the package's `exports`, in order: sources first, as the hub's tests load them. */
const CONDITIONS = ['omnihub-source', 'import', 'default'];

function entryOf(exports: unknown): string | undefined {
  if (typeof exports === 'string') return exports;
  if (exports === null || typeof exports !== 'object' || Array.isArray(exports)) return undefined;
  const map = exports as Record<string, unknown>;
  if ('.' in map) return entryOf(map['.']);
  for (const condition of CONDITIONS) {
    const found = entryOf(map[condition]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The manifest of the connector package in `dir` (its default export, or `connector`). */
export async function manifestOf(dir: string): Promise<ConnectorManifest> {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; exports?: unknown; main?: string };
  const entry = entryOf(pkg.exports) ?? pkg.main ?? 'index.js';
  const module = (await import(pathToFileURL(path.resolve(dir, entry)).href)) as { default?: { manifest?: ConnectorManifest }; connector?: { manifest?: ConnectorManifest } };
  const manifest = module.default?.manifest ?? module.connector?.manifest;
  if (manifest === undefined) throw new Error(`package ${pkg.name ?? dir} exports no connector (default or "connector")`);
  return manifest;
}

if (import.meta.main) {
  const [dir, ...flags] = process.argv.slice(2);
  if (dir === undefined) {
    console.error('usage: update-config-table.ts <connector package folder> [--write]');
    process.exit(2);
  }
  const table = renderConfigTable((await manifestOf(dir)).configSchema);
  if (flags.includes('--write')) {
    const readme = path.join(dir, 'README.md');
    writeFileSync(readme, withConfigTable(readFileSync(readme, 'utf8'), table));
    console.log(`${readme}: config table written`);
  } else {
    console.log(table);
  }
}
