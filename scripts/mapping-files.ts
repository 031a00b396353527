import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { findMappingFolders, MAPPINGS_DIR, mappingDigest } from '@omnihub/core';

/** One mapping version folder on disk. */
export interface MappingFolderDigest {
  /** `id@version`. */
  key: string;
  /** Path relative to the mappings folder, e.g. `shopify.order-to-canonical/1.0.0` or `netsuite/netsuite.order-to-sales-order/1.0.0`. */
  folder: string;
  sha256: string;
}

/** The released-mapping lock: `id@version` to the digest of its folder when it was released. */
export const RELEASED_MAPPINGS_LOCK = path.join(MAPPINGS_DIR, 'released.json');

/** Every mapping version folder under `dir` (see `findMappingFolders`) with the digest of its files, sorted by key. */
export async function readMappingFolders(dir: string = MAPPINGS_DIR): Promise<MappingFolderDigest[]> {
  const { found } = await findMappingFolders(dir);
  const folders: MappingFolderDigest[] = [];
  for (const mapping of found) folders.push({ key: `${mapping.id}@${mapping.version}`, folder: mapping.relative, sha256: await mappingDigest(mapping.dir) });
  return folders.sort((a, b) => a.key.localeCompare(b.key));
}

/** Reads a released-mapping lock; an absent file is an empty lock. */
export async function readReleasedLock(file: string = RELEASED_MAPPINGS_LOCK): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Record<string, string>;
  } catch (error: unknown) {
    if ((error as { code?: unknown }).code === 'ENOENT') return {};
    throw error;
  }
}

/**
 * Checks that released mapping versions are append-only: every version folder under `dir` is in
 * the lock, and no released folder was edited or deleted. Returns one message per failure
 * (empty when all is well).
 */
export async function checkReleasedMappings(dir: string = MAPPINGS_DIR, lockFile: string = path.join(dir, 'released.json')): Promise<string[]> {
  const failures: string[] = [];
  const lock = await readReleasedLock(lockFile);
  const folders = new Map((await readMappingFolders(dir)).map((folder) => [folder.key, folder]));
  for (const [key, sha] of Object.entries(lock)) {
    const folder = folders.get(key);
    if (folder === undefined) failures.push(`released mapping ${key} was deleted; released versions are append-only`);
    else if (folder.sha256 !== sha) failures.push(`released mapping ${key} (mappings/${folder.folder}) was edited; add a new version instead`);
  }
  for (const key of folders.keys()) {
    if (lock[key] === undefined) failures.push(`mapping ${key} is not released: run \`node --conditions=omnihub-source scripts/release-mappings.ts\` and commit mappings/released.json`);
  }
  return failures;
}
