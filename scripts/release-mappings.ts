/**
 * Records every mapping version not yet in mappings/released.json with the digest of its folder
 * (expression, declaration, schemas and fixtures). Released entries are never rewritten: a change
 * to a released mapping is a new version. Run before committing a new mapping version:
 * `node --conditions=omnihub-source scripts/release-mappings.ts`.
 */
import { writeFile } from 'node:fs/promises';
import { readMappingFolders, readReleasedLock, RELEASED_MAPPINGS_LOCK } from './mapping-files.ts';

const lock = await readReleasedLock();
const added: string[] = [];
for (const folder of await readMappingFolders()) {
  if (lock[folder.key] === undefined) {
    lock[folder.key] = folder.sha256;
    added.push(folder.key);
  }
}
const sorted = Object.fromEntries(Object.entries(lock).sort(([a], [b]) => a.localeCompare(b)));
await writeFile(RELEASED_MAPPINGS_LOCK, `${JSON.stringify(sorted, null, 2)}\n`);
console.log(added.length === 0 ? 'nothing new to release' : `released ${added.join(', ')}`);
