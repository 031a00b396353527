import { MappingFunctionError, quote } from './function-error.ts';

/**
 * `$translate(table, key, fallback?)`: looks a code up in a small mapping table (an object,
 * written in the expression or passed as a binding such as `$locations`). A key that is not in
 * the table gives `fallback` when one is passed (even if it evaluates to nothing), otherwise it is
 * an error naming the key: an unmapped code stops the message instead of slipping through.
 * Nothing when the key is nothing.
 */
export function translate(...args: unknown[]): unknown {
  const [table, key, fallback] = args;
  if (table === null || typeof table !== 'object' || Array.isArray(table)) {
    throw new MappingFunctionError('mapping.translate.table', `$translate: the table ${quote(table)} is not an object`, table);
  }
  if (key === undefined || key === null) return args.length > 2 ? fallback : undefined;
  if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
    throw new MappingFunctionError('mapping.translate.key', `$translate: the key ${quote(key)} is not a string`, key);
  }
  const name = String(key);
  if (Object.prototype.hasOwnProperty.call(table, name)) return (table as Record<string, unknown>)[name];
  if (args.length > 2) return fallback;
  throw new MappingFunctionError('mapping.translate.missing', `$translate: ${quote(name)} is not in the table (known: ${Object.keys(table).slice(0, 10).join(', ')})`, key);
}
