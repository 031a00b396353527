/** A schema named with its version, as written `order@1`. */
export interface SchemaRef {
  name: string;
  version: number;
}

const NAME = /^[a-z][a-z0-9.-]*$/;

/** Base of every canonical schema `$id`. */
export const SCHEMA_ID_BASE = 'https://schemas.omnihub.dev/';

/** Parses `name@version` (or bare `name`, version undefined). Throws with a plain message. */
export function parseSchemaRef(text: string): { name: string; version: number | undefined } {
  const [name = '', version, extra] = text.split('@');
  if (!NAME.test(name) || extra !== undefined) throw new Error(`"${text}" is not a schema reference; write name@version, e.g. order@1`);
  if (version === undefined) return { name, version: undefined };
  if (!/^[1-9]\d*$/.test(version)) throw new Error(`"${text}": the version after @ must be a positive integer`);
  return { name, version: Number(version) };
}

/** The `$id` of a schema version, e.g. `https://schemas.omnihub.dev/order/v1.schema.json`. */
export function schemaId(ref: SchemaRef): string {
  return `${SCHEMA_ID_BASE}${ref.name}/v${ref.version}.schema.json`;
}

/** Reads a schema reference back out of a `$id` / CloudEvents `dataschema`; undefined if foreign. */
export function parseSchemaId(id: string): SchemaRef | undefined {
  if (!id.startsWith(SCHEMA_ID_BASE)) return undefined;
  const match = /^([a-z][a-z0-9.-]*)\/v([1-9]\d*)\.schema\.json$/.exec(id.slice(SCHEMA_ID_BASE.length));
  if (match?.[1] === undefined || match[2] === undefined) return undefined;
  return { name: match[1], version: Number(match[2]) };
}
