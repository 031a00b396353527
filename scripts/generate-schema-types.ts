/**
 * Generates `core/src/generated/schema-types.ts` from the canonical schemas: one bundled
 * document whose `$defs` are every schema version (cross-file `$ref`s rewritten to local ones),
 * compiled by json-schema-to-typescript. `--check` compares instead of writing (CI drift check).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compile, type JSONSchema } from 'json-schema-to-typescript';
import { readSchemaFiles } from './schema-files.ts';

const OUT = fileURLToPath(new URL('../core/src/generated/schema-types.ts', import.meta.url));

function pascal(name: string): string {
  return name
    .split(/[.-]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Type name of a schema version, e.g. `order.created` v1 → `OrderCreatedV1`. */
export function typeName(name: string, version: number): string {
  return `${pascal(name)}V${version}`;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function rewrite(node: Json, owner: string, fileDir: string): Json {
  if (Array.isArray(node)) return node.map((item) => rewrite(item, owner, fileDir));
  if (node === null || typeof node !== 'object') return node;
  const out: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      out[key] = rewriteRef(value, owner, fileDir);
    } else if (key === '$id' || key === '$schema' || key === 'x-omnihub-kind') {
      continue;
    } else {
      out[key] = rewrite(value, owner, fileDir);
    }
  }
  return out;
}

function rewriteRef(ref: string, owner: string, fileDir: string): string {
  if (ref.startsWith('#/$defs/')) return `#/$defs/${owner}${pascal(ref.slice('#/$defs/'.length))}`;
  const [target = '', fragment] = ref.split('#');
  const resolved = new URL(target, `https://x/${fileDir}/`).pathname.slice(1);
  const match = /^([a-z][a-z0-9.-]*)\/v(\d+)\.schema\.json$/.exec(resolved);
  if (match?.[1] === undefined) throw new Error(`${owner}: cannot resolve $ref ${ref}`);
  const base = typeName(match[1], Number(match[2]));
  if (fragment === undefined || fragment === '') return `#/$defs/${base}`;
  if (!fragment.startsWith('/$defs/')) throw new Error(`${owner}: unsupported $ref fragment ${ref}`);
  return `#/$defs/${base}${pascal(fragment.slice('/$defs/'.length))}`;
}

/** Renders the generated module text. */
export async function renderSchemaTypes(): Promise<string> {
  const defs: { [key: string]: Json } = {};
  for (const file of await readSchemaFiles()) {
    const owner = typeName(file.name, file.version);
    const schema = JSON.parse(file.text) as { [key: string]: Json };
    const { $defs, ...body } = schema;
    defs[owner] = { ...(rewrite(body, owner, file.name) as object), title: owner };
    if ($defs !== undefined && $defs !== null && typeof $defs === 'object' && !Array.isArray($defs)) {
      for (const [defName, def] of Object.entries($defs)) {
        defs[`${owner}${pascal(defName)}`] = { ...(rewrite(def, owner, file.name) as object), title: `${owner}${pascal(defName)}` };
      }
    }
  }
  const root = { title: 'CanonicalSchemas', type: 'object', additionalProperties: false, $defs: defs } as unknown as JSONSchema;
  const text = await compile(root, 'CanonicalSchemas', {
    bannerComment: '/* Generated from core/schemas by `npm run generate`. Do not edit by hand. */',
    unreachableDefinitions: true,
    additionalProperties: false,
    strictIndexSignatures: true,
    // Arrays stay arrays: item limits are checked by the schemas at run time, not by tuple types.
    ignoreMinAndMaxItems: true,
    format: true,
    style: { singleQuote: true, printWidth: 120 },
  });
  // The bundle root itself is an empty object type with no use; drop it.
  return text.replace(/export interface CanonicalSchemas \{\}\n?/, '');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = await renderSchemaTypes();
  if (process.argv.includes('--check')) {
    const current = await readFile(OUT, 'utf8').catch(() => '');
    if (current !== text) {
      console.error('core/src/generated/schema-types.ts is stale: run `npm run generate` and commit the result');
      process.exit(1);
    }
  } else {
    await writeFile(OUT, text);
    console.log(`wrote ${OUT}`);
  }
}
