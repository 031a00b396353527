import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { SchemaRegistry } from '../../schema/registry.ts';
import { ConnectorRegistry, type ConnectorOrigin } from '../connector-registry.ts';
import { loadConnectorPackage } from './load-package.ts';
import { readPackageJson } from './package-entry.ts';
import { installedSdkVersion } from './sdk-version.ts';

/** The npm keyword that marks an installed package as an omnihub connector. */
export const CONNECTOR_KEYWORD = 'omnihub-connector';

/** Workspace folders under `connectors/` that are not connectors. */
const NOT_CONNECTORS = new Set(['sdk', 'testkit']);

/** Where to look for connector packages (each place optional). */
export interface DiscoveryOptions {
  schemas: SchemaRegistry;
  /** Repository root: every `connectors/<name>` package except sdk and testkit. */
  workspaceDir?: string | undefined;
  /** A `node_modules` folder: packages whose `keywords` include `omnihub-connector`. */
  nodeModulesDir?: string | undefined;
  /** The plugins folder: each subfolder (or `@scope/name`) is a package. */
  pluginsDir?: string | undefined;
  /** Installed SDK version the manifests' ranges are checked against (default: the real one). */
  sdkVersion?: string | undefined;
}

/** A package that was found but could not be loaded; the others load regardless. */
export interface DiscoveryProblem {
  packageDir: string;
  message: string;
}

/** The loaded connectors and the packages refused, each with its reason. */
export interface DiscoveryResult {
  registry: ConnectorRegistry;
  problems: DiscoveryProblem[];
}

async function subfolders(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory() || e.isSymbolicLink()).map((e) => path.join(dir, e.name)).sort();
  } catch (error: unknown) {
    if (error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return [];
    throw error;
  }
}

/** Package folders of a `node_modules`-like folder: `name` and `@scope/name`. */
async function packageFolders(dir: string): Promise<string[]> {
  const found: string[] = [];
  for (const folder of await subfolders(dir)) {
    const base = path.basename(folder);
    if (base.startsWith('.')) continue;
    if (base.startsWith('@')) found.push(...(await subfolders(folder)));
    else found.push(folder);
  }
  return found;
}

async function candidates(options: DiscoveryOptions): Promise<{ dir: string; origin: ConnectorOrigin }[]> {
  const list: { dir: string; origin: ConnectorOrigin }[] = [];
  if (options.workspaceDir !== undefined) {
    for (const dir of await subfolders(path.join(options.workspaceDir, 'connectors'))) {
      if (!NOT_CONNECTORS.has(path.basename(dir)) && (await readPackageJson(dir)) !== undefined) list.push({ dir, origin: 'workspace' });
    }
  }
  if (options.nodeModulesDir !== undefined) {
    for (const dir of await packageFolders(options.nodeModulesDir)) {
      const pkg = await readPackageJson(dir).catch(() => undefined);
      if (pkg?.keywords?.includes(CONNECTOR_KEYWORD) === true) list.push({ dir, origin: 'installed' });
    }
  }
  if (options.pluginsDir !== undefined) {
    for (const dir of await packageFolders(options.pluginsDir)) list.push({ dir, origin: 'plugin' });
  }
  return list;
}

/**
 * Finds and loads connector packages from the workspace (`connectors/*`), installed packages
 * carrying the `omnihub-connector` keyword, and the plugins folder. Each manifest is validated;
 * a package that fails is reported in `problems` and skipped, so one broken plugin does not stop
 * the hub. The same folder reached twice (a workspace package linked into node_modules) loads
 * once; two versions of one connector load side by side, keyed `id@version`.
 */
export async function discoverConnectors(options: DiscoveryOptions): Promise<DiscoveryResult> {
  const registry = new ConnectorRegistry();
  const problems: DiscoveryProblem[] = [];
  const sdkVersion = options.sdkVersion ?? installedSdkVersion();
  const seen = new Set<string>();
  for (const candidate of await candidates(options)) {
    const real = await realpath(candidate.dir);
    if (seen.has(real)) continue;
    seen.add(real);
    try {
      const loaded = await loadConnectorPackage(real, { schemas: options.schemas, sdkVersion, origin: candidate.origin });
      registry.add(loaded);
    } catch (error: unknown) {
      problems.push({ packageDir: real, message: error instanceof Error ? error.message : String(error) });
    }
  }
  return { registry, problems };
}

/** Default places of {@link discoverConnectors} for a hub process. */
export interface DefaultDiscoveryDirs {
  workspaceDir: string | undefined;
  nodeModulesDir: string;
  pluginsDir: string;
}

/**
 * The hub's default discovery folders: the npm workspace root above `cwd` (its `connectors/*`),
 * the `node_modules` beside it, and `OMNIHUB_PLUGINS_DIR` or `<dataDir>/plugins`.
 */
export async function defaultDiscoveryDirs(options: { dataDir: string; env?: NodeJS.ProcessEnv; cwd?: string }): Promise<DefaultDiscoveryDirs> {
  const env = options.env ?? process.env;
  const cwd = path.resolve(options.cwd ?? process.cwd());
  let workspaceDir: string | undefined;
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const pkg = (await readPackageJson(dir).catch(() => undefined)) as { workspaces?: unknown } | undefined;
    if (pkg?.workspaces !== undefined) {
      workspaceDir = dir;
      break;
    }
    if (path.dirname(dir) === dir) break;
  }
  const plugins = env['OMNIHUB_PLUGINS_DIR'];
  return {
    workspaceDir,
    nodeModulesDir: path.join(workspaceDir ?? cwd, 'node_modules'),
    pluginsDir: plugins === undefined || plugins === '' ? path.join(options.dataDir, 'plugins') : path.resolve(plugins),
  };
}
