import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SDK_NAME = '@omnihub/connector-sdk';

/** The URL this process imports for `@omnihub/connector-sdk`. */
export function sdkModuleUrl(): string {
  return import.meta.resolve(SDK_NAME);
}

/** The folder of the installed `@omnihub/connector-sdk` package. */
export function sdkPackageDir(): string {
  let dir = path.dirname(fileURLToPath(sdkModuleUrl()));
  for (;;) {
    try {
      const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name === SDK_NAME) return dir;
    } catch {
      // No package.json at this level: keep climbing.
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package.json of ${SDK_NAME} above ${fileURLToPath(sdkModuleUrl())}`);
    dir = parent;
  }
}

/** The version of the installed `@omnihub/connector-sdk`, against which manifests' ranges are checked. */
export function installedSdkVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(sdkPackageDir(), 'package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string') throw new Error(`${SDK_NAME} has no version in its package.json`);
  return pkg.version;
}
