import type { JsonSchema } from '@omnihub/connector-sdk';

/** The line before the generated config table in a connector's README. */
export const CONFIG_TABLE_START = "<!-- config-table:start (generated from the manifest's configSchema: do not edit by hand) -->";
/** The line after it. */
export const CONFIG_TABLE_END = '<!-- config-table:end -->';

type Node = Record<string, unknown>;

function isNode(value: unknown): value is Node {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A schema value as README text: printable strings as they are, anything else as JSON. */
function literal(value: unknown): string {
  return typeof value === 'string' && /^[\x20-\x7e]*$/.test(value) && !value.includes('`') ? value : JSON.stringify(value);
}

function code(value: unknown): string {
  return `\`${literal(value)}\``;
}

function count(n: unknown, noun: string): string {
  return `${literal(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function baseType(node: Node): string | undefined {
  const type = typeof node['type'] === 'string' ? node['type'] : undefined;
  const format = typeof node['format'] === 'string' ? ` (${node['format']})` : '';
  if (type === 'array') return `array of ${isNode(node['items']) ? describeType(node['items']) : 'any'}`;
  if (type === 'object' && isNode(node['additionalProperties'])) {
    const keys = isNode(node['propertyNames']) && node['propertyNames']['pattern'] !== undefined ? ` (keys matching ${code(node['propertyNames']['pattern'])})` : '';
    return `object${keys} of ${describeType(node['additionalProperties'])}`;
  }
  if (type !== undefined) return `${type}${format}`;
  return node['enum'] === undefined && node['const'] === undefined ? 'any' : undefined;
}

function lengthRule(node: Node, min: string, max: string, noun: string): string | undefined {
  const [low, high] = [node[min], node[max]];
  if (low !== undefined && low === high) return count(low, noun);
  if (low !== undefined && high !== undefined) return `${literal(low)}–${count(high, noun)}`;
  if (low !== undefined) return `at least ${count(low, noun)}`;
  if (high !== undefined) return `at most ${count(high, noun)}`;
  return undefined;
}

/** What a schema node accepts, in words: `string (uri), matching …`, `integer, 1–720`, `one of …`. */
function describeType(node: Node): string {
  const parts: (string | undefined)[] = [baseType(node)];
  if (Array.isArray(node['enum'])) parts.push(`one of ${node['enum'].map(code).join(', ')}`);
  if (node['const'] !== undefined) parts.push(`exactly ${code(node['const'])}`);
  if (isNode(node['not']) && Array.isArray(node['not']['enum'])) parts.push(`not ${node['not']['enum'].map(code).join(', ')}`);
  if (node['pattern'] !== undefined) parts.push(`matching ${code(node['pattern'])}`);
  parts.push(lengthRule(node, 'minLength', 'maxLength', 'character'));
  parts.push(lengthRule(node, 'minItems', 'maxItems', 'item'));
  if (node['minimum'] !== undefined && node['maximum'] !== undefined) parts.push(`${literal(node['minimum'])}–${literal(node['maximum'])}`);
  else if (node['minimum'] !== undefined) parts.push(`at least ${literal(node['minimum'])}`);
  else if (node['maximum'] !== undefined) parts.push(`at most ${literal(node['maximum'])}`);
  return parts.filter((part) => part !== undefined).join(', ');
}

/**
 * Fields an object requires only in some cases, from `allOf: [{ if: { properties: { f: { const } } }, then: { required } }]`:
 * field → the conditions, e.g. `` `auth.method` is `tba` ``.
 */
function conditionalRequired(node: Node, prefix: string): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const rule of Array.isArray(node['allOf']) ? node['allOf'] : []) {
    if (!isNode(rule) || !isNode(rule['if']) || !isNode(rule['then']) || !isNode(rule['if']['properties'])) continue;
    const conditions = Object.entries(rule['if']['properties']).flatMap(([field, test]) => (isNode(test) && test['const'] !== undefined ? [`\`${prefix}${field}\` is ${code(test['const'])}`] : []));
    if (conditions.length === 0 || !Array.isArray(rule['then']['required'])) continue;
    for (const field of rule['then']['required'] as string[]) found.set(field, [...(found.get(field) ?? []), conditions.join(' and ')]);
  }
  return found;
}

function cell(value: string): string {
  return value.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function rowsOf(schema: Node, prefix: string, parent: { required: boolean; name: string | undefined }): string[] {
  const required = new Set(Array.isArray(schema['required']) ? (schema['required'] as string[]) : []);
  const conditional = conditionalRequired(schema, prefix);
  const properties = isNode(schema['properties']) ? schema['properties'] : {};
  return Object.entries(properties).flatMap(([key, node]) => {
    if (!isNode(node)) return [];
    const name = `${prefix}${key}`;
    const always = required.has(key);
    const when = conditional.get(key);
    let requiredText = 'no';
    if (always) requiredText = parent.required ? 'yes' : `when \`${parent.name ?? ''}\` is set`;
    else if (when !== undefined) requiredText = `if ${when.join(', or if ')}`;
    const fallback = node['default'] === undefined ? '' : `\`${JSON.stringify(node['default'])}\``;
    const secret = node['x-omnihub-secret'] === true ? 'yes' : '';
    const description = typeof node['description'] === 'string' ? node['description'] : '';
    const row = `| \`${name}\` | ${cell(describeType(node))} | ${cell(requiredText)} | ${cell(fallback)} | ${secret} | ${cell(description)} |`;
    const nested = node['type'] === 'object' && isNode(node['properties']) ? rowsOf(node, `${name}.`, { required: always && parent.required, name }) : [];
    return [row, ...nested];
  });
}

/**
 * The Markdown table of a config schema: one row per property (nested objects' properties as
 * `parent.child`), with its type and constraints, whether it is required (conditions from
 * `allOf`/`if`/`then` spelled out), its default, whether it is secret, and its description.
 *
 * @example
 * renderConfigTable({ type: 'object', required: ['baseUrl'], properties: { baseUrl: { type: 'string', format: 'uri', description: 'API origin' } } });
 * // | field | type | required | default | secret | description |
 * // |---|---|---|---|---|---|
 * // | `baseUrl` | string (uri) | yes |  |  | API origin |
 */
export function renderConfigTable(schema: JsonSchema): string {
  return ['| field | type | required | default | secret | description |', '|---|---|---|---|---|---|', ...rowsOf(schema, '', { required: true, name: undefined })].join('\n');
}

/**
 * The README with the text between {@link CONFIG_TABLE_START} and {@link CONFIG_TABLE_END}
 * replaced by `table`. Throws when the README has no such section.
 *
 * @example
 * writeFileSync(readmePath, withConfigTable(readFileSync(readmePath, 'utf8'), renderConfigTable(manifest.configSchema)));
 */
export function withConfigTable(readme: string, table: string): string {
  const start = readme.indexOf(CONFIG_TABLE_START);
  const end = readme.indexOf(CONFIG_TABLE_END);
  if (start < 0 || end < start) throw new Error(`the README has no config table section: put ${CONFIG_TABLE_START} and ${CONFIG_TABLE_END} on lines of their own where it belongs`);
  return `${readme.slice(0, start + CONFIG_TABLE_START.length)}\n${table}\n${readme.slice(end)}`;
}
