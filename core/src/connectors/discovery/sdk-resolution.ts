import { registerHooks } from 'node:module';
import { sdkModuleUrl } from './sdk-version.ts';

const SDK_NAME = '@omnihub/connector-sdk';
let registered = false;

function isModuleNotFound(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ERR_MODULE_NOT_FOUND' || error.code === 'MODULE_NOT_FOUND');
}

/**
 * Lets a connector package that was copied into the plugins folder without its own
 * `node_modules` import `@omnihub/connector-sdk`: when Node cannot find the SDK from the
 * importing file, it gets the hub's own copy. Sharing that one copy also keeps the SDK's failure
 * classes recognisable across packages. A package that ships its own SDK keeps it. Idempotent.
 */
export function shareSdkWithPlugins(): void {
  if (registered) return;
  registered = true;
  const hubSdk = sdkModuleUrl();
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier !== SDK_NAME) return nextResolve(specifier, context);
      try {
        return nextResolve(specifier, context);
      } catch (error: unknown) {
        if (!isModuleNotFound(error)) throw error;
        return { url: hubSdk, shortCircuit: true };
      }
    },
  });
}
