import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { MAPPING_FILE } from './mapping-folder.ts';
import { parseSemVer } from './semver.ts';

/** A mapping version folder found on disk. */
export interface FoundMapping {
  id: string;
  version: string;
  /** Absolute path of the version folder. */
  dir: string;
  /** Path relative to the mappings folder, with `/`, e.g. `netsuite/netsuite.order-to-sales-order/1.0.0`. */
  relative: string;
}

/** What {@link findMappingFolders} found: the version folders, and folders that are wrongly laid out. */
export interface MappingFolderScan {
  found: FoundMapping[];
  problems: string[];
}

/** Folders deeper than this below the mappings folder are not searched (`group/id/version` is three). */
const MAX_DEPTH = 4;

async function subfolders(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'fixtures')
    .map((entry) => entry.name)
    .sort();
}

/**
 * Finds every mapping version folder under `root`: a folder holding a `mapping.yaml`, named by
 * its semantic version, inside a folder named by the mapping id (`<id>/<version>/`). Folders
 * above the id may group mappings (`netsuite/<id>/<version>/`). Throws when `root` does not exist.
 */
export async function findMappingFolders(root: string): Promise<MappingFolderScan> {
  const found: FoundMapping[] = [];
  const problems: string[] = [];
  const seen = new Map<string, string>();
  const visit = async (dir: string, relative: string, depth: number): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    if (entries.some((entry) => entry.isFile() && entry.name === MAPPING_FILE)) {
      const version = path.basename(dir);
      const id = path.basename(path.dirname(dir));
      if (depth < 2) problems.push(`${dir}: a mapping version lives in <id>/<version>/${MAPPING_FILE}`);
      else if (parseSemVer(version) === undefined) problems.push(`${dir}: the folder name must be a semantic version such as 1.0.0`);
      else if (seen.has(`${id}@${version}`)) problems.push(`${dir}: ${id}@${version} is also in ${seen.get(`${id}@${version}`) ?? ''}`);
      else {
        seen.set(`${id}@${version}`, dir);
        found.push({ id, version, dir, relative });
      }
      return;
    }
    if (depth >= 2 && parseSemVer(path.basename(dir)) !== undefined) {
      problems.push(`${dir}: a mapping version folder needs a ${MAPPING_FILE}`);
      return;
    }
    if (depth >= MAX_DEPTH) return;
    for (const name of await subfolders(dir)) await visit(path.join(dir, name), relative === '' ? name : `${relative}/${name}`, depth + 1);
  };
  try {
    await visit(root, '', 0);
  } catch (error: unknown) {
    if ((error as { code?: unknown }).code === 'ENOENT') throw new Error(`the mappings folder ${root} does not exist`, { cause: error });
    throw error;
  }
  return { found, problems };
}
