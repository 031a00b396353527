import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SCHEMAS_DIR } from '@omnihub/core';

/** One canonical schema file on disk. */
export interface SchemaFile {
  name: string;
  version: number;
  /** Path relative to the schemas folder, e.g. `order/v1.schema.json`. */
  file: string;
  text: string;
  sha256: string;
}

/** Reads every `<name>/v<N>.schema.json` under core/schemas, sorted by name and version. */
export async function readSchemaFiles(): Promise<SchemaFile[]> {
  const out: SchemaFile[] = [];
  for (const entry of await readdir(SCHEMAS_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    for (const file of await readdir(path.join(SCHEMAS_DIR, entry.name))) {
      const match = /^v(\d+)\.schema\.json$/.exec(file);
      if (match === null) continue;
      const text = await readFile(path.join(SCHEMAS_DIR, entry.name, file), 'utf8');
      out.push({
        name: entry.name,
        version: Number(match[1]),
        file: `${entry.name}/${file}`,
        text,
        sha256: createHash('sha256').update(text).digest('hex'),
      });
    }
  }
  return out.sort((a, b) => a.name.localeCompare(b.name) || a.version - b.version);
}

/** The released-schema lock: `name@version` to the SHA-256 of its file when it was released. */
export const RELEASED_LOCK = path.join(SCHEMAS_DIR, 'released.json');
