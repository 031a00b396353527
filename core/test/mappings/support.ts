import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SchemaRegistry } from '@omnihub/core';
import { MAPPINGS_DIR } from '../../src/mappings/index.ts';

/** The canonical schema registry, loaded once per test file. */
export const registry = await SchemaRegistry.load();

/** A fixture file of a shipped mapping, parsed. */
export function shipped(id: string, version: string, file: string): unknown {
  return JSON.parse(readFileSync(path.join(MAPPINGS_DIR, id, version, 'fixtures', file), 'utf8')) as unknown;
}

/** A temporary mappings folder, removed by `remove()`. */
export interface TempMappings {
  dir: string;
  /** Writes `<id>/<version>/<file>` (objects as JSON, strings as they are). */
  write(id: string, version: string, file: string, content: string | object): void;
  /** Writes a mapping version: mapping.yaml from `declaration`, the expression inline unless it is a file name. */
  mapping(id: string, version: string, declaration: Record<string, unknown>): void;
  remove(): void;
}

/** Creates an empty temporary mappings folder. */
export function tempMappings(): TempMappings {
  const dir = mkdtempSync(path.join(tmpdir(), 'omnihub-mappings-'));
  const write = (id: string, version: string, file: string, content: string | object): void => {
    const target = path.join(dir, id, version, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`);
  };
  return {
    dir,
    write,
    mapping: (id, version, declaration) => {
      const lines = Object.entries({ id, version, description: `test mapping ${id}`, ...declaration }).map(([key, value]) => `${key}: ${JSON.stringify(value)}`);
      write(id, version, 'mapping.yaml', `${lines.join('\n')}\n`);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A vendor endpoint for test mappings. */
export const TEST_VENDOR = { vendor: 'acme', payload: 'acme.Thing', apiVersion: '2025-01' };
