/**
 * Records every schema version not yet in core/schemas/released.json with the SHA-256 of its
 * file. Released entries are never rewritten: a change to a released schema is a new version.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { readSchemaFiles, RELEASED_LOCK } from './schema-files.ts';

const lock = JSON.parse(await readFile(RELEASED_LOCK, 'utf8').catch(() => '{}')) as Record<string, string>;
const added: string[] = [];
for (const file of await readSchemaFiles()) {
  const key = `${file.name}@${file.version}`;
  if (lock[key] === undefined) {
    lock[key] = file.sha256;
    added.push(key);
  }
}
const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
await writeFile(RELEASED_LOCK, `${JSON.stringify(sorted, null, 2)}\n`);
console.log(added.length === 0 ? 'nothing new to release' : `released ${added.join(', ')}`);
