/**
 * CI drift checks: generated files are up to date and released artefacts were not edited.
 * 1. core/src/generated/schema-types.ts matches the canonical schemas.
 * 2. openapi/openapi.yaml matches openapi/spec/, and openapi/src/generated/api-types.ts matches it.
 * 3. Every schema version is released (core/schemas/released.json) and no released file changed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assembleOpenApi, ASSEMBLED } from './assemble-openapi.ts';
import { renderSchemaTypes } from './generate-schema-types.ts';
import { checkReleasedMappings } from './mapping-files.ts';
import { readSchemaFiles, RELEASED_LOCK } from './schema-files.ts';

const failures: string[] = [];

const schemaTypes = await renderSchemaTypes();
if (readFileSync('core/src/generated/schema-types.ts', 'utf8') !== schemaTypes) {
  failures.push('core/src/generated/schema-types.ts is stale: run `npm run generate` and commit it');
}

if (readFileSync(ASSEMBLED, 'utf8') !== assembleOpenApi()) {
  failures.push(`${ASSEMBLED} is stale: run \`npm run generate\` and commit it`);
}

const tmp = path.join(mkdtempSync(path.join(tmpdir(), 'omnihub-drift-')), 'api-types.ts');
// Run from openapi/ so the root redocly.yaml (lint settings) is not taken as a generation config.
execFileSync(path.resolve('node_modules/.bin/openapi-typescript'), ['openapi.yaml', '-o', tmp], { stdio: 'ignore', cwd: 'openapi' });
if (readFileSync('openapi/src/generated/api-types.ts', 'utf8') !== readFileSync(tmp, 'utf8')) {
  failures.push('openapi/src/generated/api-types.ts is stale: run `npm run generate` and commit it');
}

const lock = JSON.parse(readFileSync(RELEASED_LOCK, 'utf8')) as Record<string, string>;
const files = new Map((await readSchemaFiles()).map((file) => [`${file.name}@${file.version}`, file]));
for (const [key, sha] of Object.entries(lock)) {
  const file = files.get(key);
  if (file === undefined) failures.push(`released schema ${key} was deleted; released versions are append-only`);
  else if (file.sha256 !== sha) failures.push(`released schema ${key} (${file.file}) was edited; add a new version instead`);
}
for (const key of files.keys()) {
  if (lock[key] === undefined) failures.push(`schema ${key} is not released: run \`node scripts/release-schemas.ts\` and commit core/schemas/released.json`);
}

failures.push(...(await checkReleasedMappings()));

if (failures.length > 0) {
  for (const failure of failures) console.error(`drift: ${failure}`);
  process.exit(1);
}
console.log(`drift checks passed: generated types current, ${Object.keys(lock).length} released schema versions unchanged`);
