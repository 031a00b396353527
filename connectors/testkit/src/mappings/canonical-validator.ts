import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020Module, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

/** Where canonical schemas are published: `<base>/<name>/v<version>.schema.json`. */
const SCHEMA_ID_BASE = 'https://schemas.omnihub.dev';

/**
 * A lookup of canonical schemas by `name@version`, compiled from folders laid out as the hub's
 * `core/schemas` (`<name>/v<N>.schema.json`). A schema found in an earlier folder wins, so the
 * released catalog can be listed before proposed schemas. Missing folders are skipped.
 *
 * @example
 * const schemaOf = canonicalValidator(['core/schemas']);
 * schemaOf('order.created@1')?.(data); // true when data is a valid order.created v1
 */
export function canonicalValidator(schemaDirs: readonly string[]): (ref: string) => ValidateFunction | undefined {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const base of schemaDirs) {
    if (!existsSync(base)) continue;
    for (const entry of readdirSync(base, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const file of readdirSync(path.join(base, entry.name)).filter((f) => /^v\d+\.schema\.json$/.test(f))) {
        const schema = JSON.parse(readFileSync(path.join(base, entry.name, file), 'utf8')) as { $id: string };
        if (ajv.getSchema(schema.$id) === undefined) ajv.addSchema(schema);
      }
    }
  }
  return (ref) => {
    const at = ref.lastIndexOf('@');
    return ajv.getSchema(`${SCHEMA_ID_BASE}/${ref.slice(0, at)}/v${ref.slice(at + 1)}.schema.json`);
  };
}
