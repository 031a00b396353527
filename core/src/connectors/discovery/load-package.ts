import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ConnectorDefinition } from '@omnihub/connector-sdk';
import type { SchemaRegistry } from '../../schema/registry.ts';
import { connectorKey, type ConnectorOrigin, type LoadedConnector } from '../connector-registry.ts';
import { validateManifest } from '../manifest/validate-manifest.ts';
import { packageEntry, readPackageJson } from './package-entry.ts';
import { shareSdkWithPlugins } from './sdk-resolution.ts';
import { installedSdkVersion } from './sdk-version.ts';

/** What loading a connector package checks against. */
export interface LoadOptions {
  schemas: SchemaRegistry;
  /** Installed SDK version (default: read from `@omnihub/connector-sdk`). */
  sdkVersion?: string | undefined;
  origin?: ConnectorOrigin | undefined;
}

function isDefinition(value: unknown): value is ConnectorDefinition {
  return value !== null && typeof value === 'object' && 'manifest' in value && value.manifest !== null && typeof value.manifest === 'object';
}

/** The connector a module exports: its default export, or a named `connector` export. */
function definitionOf(module: Record<string, unknown>): ConnectorDefinition | undefined {
  if (isDefinition(module['default'])) return module['default'];
  if (isDefinition(module['connector'])) return module['connector'];
  return undefined;
}

/**
 * Validates a connector definition given in code (tests, the conformance kit) as if it had been
 * discovered, and returns it ready for a {@link ConnectorRegistry}.
 */
export function loadDefinition<Config>(definition: ConnectorDefinition<Config>, options: LoadOptions & { packageName?: string | undefined; packageDir?: string | undefined }): LoadedConnector {
  const packageName = options.packageName ?? definition.manifest?.id ?? '(connector)';
  const manifest = validateManifest(definition.manifest, { packageName, sdkVersion: options.sdkVersion ?? installedSdkVersion(), schemas: options.schemas });
  // The runtime hands each call a config validated against this manifest's schema: the typed
  // config the connector declared is what it receives.
  const untyped = definition as unknown as ConnectorDefinition;
  return { key: connectorKey(manifest.id, manifest.version), manifest, definition: untyped, origin: options.origin ?? 'given', packageName, packageDir: options.packageDir };
}

/**
 * Loads one connector package folder: imports its entry (default export or `connector`), then
 * validates the manifest completely. Throws an error naming the package when anything is wrong.
 */
export async function loadConnectorPackage(dir: string, options: LoadOptions): Promise<LoadedConnector> {
  const packageDir = path.resolve(dir);
  const pkg = await readPackageJson(packageDir);
  if (pkg === undefined) throw new Error(`${packageDir} has no package.json: a connector is an npm package`);
  const packageName = pkg.name ?? path.basename(packageDir);
  shareSdkWithPlugins();
  const entry = packageEntry(packageDir, pkg);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(entry).href)) as Record<string, unknown>;
  } catch (error: unknown) {
    throw new Error(`connector package ${packageName} failed to load from ${entry}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const definition = definitionOf(module);
  if (definition === undefined) throw new Error(`package ${packageName} exports no connector: export the result of defineConnector() as default or as "connector"`);
  const loaded = loadDefinition(definition, { ...options, packageName, packageDir, origin: options.origin ?? 'given' });
  if (pkg.version !== undefined && pkg.version !== loaded.manifest.version) {
    throw new Error(`package ${packageName}: package.json version ${pkg.version} differs from the manifest's version ${loaded.manifest.version}`);
  }
  return loaded;
}
