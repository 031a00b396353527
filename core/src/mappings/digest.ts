import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

async function filesUnder(dir: string, prefix = ''): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await filesUnder(dir, relative)));
    else if (entry.isFile()) files.push(relative);
  }
  return files;
}

/**
 * SHA-256 of a mapping version folder: of every file's relative path (with `/`) and the
 * SHA-256 of its bytes, in path order. Any change, addition or removal of a file (fixtures
 * included) changes it; `mappings/released.json` records it for released versions.
 */
export async function mappingDigest(dir: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of (await filesUnder(dir)).sort()) {
    const content = await readFile(path.join(dir, file));
    hash.update(`${file}\0${createHash('sha256').update(content).digest('hex')}\n`);
  }
  return hash.digest('hex');
}
