import type { ConnectorDefinition, ConnectorManifest } from '@omnihub/connector-sdk';
import { HubError } from '../errors/hub-error.ts';
import { compareVersions, isPrerelease } from './version-ranges.ts';

/** Where a connector package was found. */
export type ConnectorOrigin = 'workspace' | 'installed' | 'plugin' | 'given';

/** A connector package loaded and validated, ready for instances to pin. */
export interface LoadedConnector {
  /** `id@version`, the registry key. */
  key: string;
  manifest: ConnectorManifest;
  definition: ConnectorDefinition;
  origin: ConnectorOrigin;
  /** npm package name (or the folder name of a package without one). */
  packageName: string;
  /** Folder the package was loaded from; undefined for definitions given in code. */
  packageDir: string | undefined;
}

/** `id@version`. */
export function connectorKey(id: string, version: string): string {
  return `${id}@${version}`;
}

/**
 * The connectors this hub can run, keyed by `id@version`: several versions of one connector live
 * side by side and each instance pins one.
 */
export class ConnectorRegistry {
  readonly #byKey = new Map<string, LoadedConnector>();

  constructor(connectors: readonly LoadedConnector[] = []) {
    for (const connector of connectors) this.add(connector);
  }

  /** Adds a loaded connector; a second package with the same `id@version` is refused. */
  add(connector: LoadedConnector): void {
    const existing = this.#byKey.get(connector.key);
    if (existing !== undefined) {
      throw new Error(`connector ${connector.key} from ${connector.packageDir ?? connector.packageName} is already loaded from ${existing.packageDir ?? existing.packageName}`);
    }
    this.#byKey.set(connector.key, connector);
  }

  /** The connector `id` at `version`, if installed. */
  get(id: string, version: string): LoadedConnector | undefined {
    return this.#byKey.get(connectorKey(id, version));
  }

  /** Like {@link get}, but a missing connector is a `not-found` error naming what is installed. */
  require(id: string, version: string): LoadedConnector {
    const found = this.get(id, version);
    if (found !== undefined) return found;
    const versions = this.versions(id);
    throw new HubError('not-found', {
      detail: versions.length === 0 ? `no connector "${id}" is installed` : `connector ${id}@${version} is not installed (installed: ${versions.join(', ')})`,
    });
  }

  /** Installed versions of `id`, newest first. */
  versions(id: string): string[] {
    return [...this.#byKey.values()]
      .filter((c) => c.manifest.id === id)
      .map((c) => c.manifest.version)
      .sort((a, b) => compareVersions(b, a));
  }

  /** The newest installed release of `id` (a prerelease only when nothing else is installed). */
  latest(id: string): LoadedConnector | undefined {
    const versions = this.versions(id);
    const release = versions.find((v) => !isPrerelease(v)) ?? versions[0];
    return release === undefined ? undefined : this.get(id, release);
  }

  /** Every loaded connector, by id then newest version first. */
  list(): LoadedConnector[] {
    return [...this.#byKey.values()].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id) || compareVersions(b.manifest.version, a.manifest.version));
  }
}
