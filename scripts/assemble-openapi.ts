/**
 * Assembles openapi/openapi.yaml from openapi/spec/: `00-base.yaml` (info, security, shared
 * components and the broker paths) plus one file per area, each holding `tags`, `paths` and
 * `components`. A key defined twice is an error. Run by `npm run generate`; check:drift fails when
 * the committed file is stale.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';

const SPEC_DIR = 'openapi/spec';
export const ASSEMBLED = 'openapi/openapi.yaml';

type Doc = Record<string, unknown> & { tags?: { name: string }[]; paths?: Record<string, unknown>; components?: Record<string, Record<string, unknown>> };

/** Returns the assembled contract as YAML text. */
export function assembleOpenApi(): string {
  const files = readdirSync(SPEC_DIR).filter((file) => file.endsWith('.yaml')).sort();
  const [baseFile, ...areaFiles] = files;
  if (baseFile !== '00-base.yaml') throw new Error(`${SPEC_DIR}/00-base.yaml must exist and sort first`);
  const base = parse(readFileSync(path.join(SPEC_DIR, baseFile), 'utf8')) as Doc;
  base.paths ??= {};
  base.components ??= {};
  base.tags ??= [];
  for (const file of areaFiles) {
    const area = parse(readFileSync(path.join(SPEC_DIR, file), 'utf8')) as Doc;
    for (const key of Object.keys(area)) {
      if (!['tags', 'paths', 'components'].includes(key)) throw new Error(`${file}: only tags, paths and components may appear in an area file, not "${key}"`);
    }
    for (const tag of area.tags ?? []) {
      if (base.tags.some((t) => t.name === tag.name)) throw new Error(`${file}: tag "${tag.name}" is defined twice`);
      base.tags.push(tag);
    }
    for (const [route, item] of Object.entries(area.paths ?? {})) {
      if (route in base.paths) throw new Error(`${file}: path ${route} is defined twice`);
      base.paths[route] = item;
    }
    for (const [section, entries] of Object.entries(area.components ?? {})) {
      const target = (base.components[section] ??= {});
      for (const [name, value] of Object.entries(entries)) {
        if (name in target) throw new Error(`${file}: components.${section}.${name} is defined twice`);
        target[name] = value;
      }
    }
  }
  base.tags.sort((a, b) => a.name.localeCompare(b.name));
  const header = '# Generated from openapi/spec/*.yaml by `npm run generate`: edit those files, not this one.\n';
  return header + stringify(base, { lineWidth: 0, aliasDuplicateObjects: false });
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  writeFileSync(ASSEMBLED, assembleOpenApi());
}
