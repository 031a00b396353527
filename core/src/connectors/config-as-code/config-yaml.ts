import { parseDocument, stringify } from 'yaml';
import type { ConfigDocument } from './config-document.ts';

/**
 * Reads the YAML (or JSON) text of a config file. Throws an error naming `source`, the line and
 * the column of the first syntax error; the content is checked later, by the plan.
 *
 * @example
 * const document = parseConfigYaml(await readFile('omnihub.yaml', 'utf8'), 'omnihub.yaml');
 */
export function parseConfigYaml(text: string, source = 'config file'): unknown {
  const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const [error] = parsed.errors;
  if (error !== undefined) {
    const where = error.linePos?.[0] === undefined ? '' : ` at line ${error.linePos[0].line}, column ${error.linePos[0].col}`;
    throw new Error(`${source} is not valid YAML${where}: ${error.message.split('\n')[0] ?? error.code}`);
  }
  return parsed.toJS() as unknown;
}

/** A config document as YAML text, keys in declaration order, long lines kept whole. */
export function stringifyConfigYaml(document: ConfigDocument): string {
  return stringify(document, { lineWidth: 0 });
}
