#!/usr/bin/env node
// Entry of the `omnihub` command. In a source checkout it runs the TypeScript sources directly
// (Node's type stripping) and resolves workspace packages to their sources; an installed
// package runs its built `dist/`.
import { registerHooks } from 'node:module';
import { fileURLToPath } from 'node:url';

const fromSource = !fileURLToPath(import.meta.url).includes('/node_modules/');
if (fromSource) {
  registerHooks({
    resolve(specifier, context, nextResolve) {
      return nextResolve(specifier, { ...context, conditions: [...context.conditions, 'omnihub-source'] });
    },
  });
  await import('../src/main.ts');
} else {
  await import('../dist/main.js');
}
