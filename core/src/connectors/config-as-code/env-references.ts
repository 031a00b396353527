import { pointerSegment } from '../../schema/field-errors.ts';

/** `${NAME}`: a reference to an environment variable inside a config string. */
const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A reference whose variable is not set. */
export interface MissingReference {
  /** JSON pointer of the string in the document, e.g. `/instances/0/config/webhookSecret`. */
  path: string;
  /** The variable's name. */
  name: string;
}

/** A document with its references replaced, and those that could not be. */
export interface ResolvedReferences<T> {
  document: T;
  missing: MissingReference[];
  /** Names of the variables that were read. */
  used: string[];
}

function resolveString(text: string, path: string, env: NodeJS.ProcessEnv, missing: MissingReference[], used: Set<string>): string {
  return text.replace(REFERENCE, (match, name: string | undefined) => {
    if (name === undefined) return '${';
    const value = env[name];
    if (value === undefined) {
      missing.push({ path, name });
      return match;
    }
    used.add(name);
    return value;
  });
}

function resolveValue(value: unknown, path: string, env: NodeJS.ProcessEnv, missing: MissingReference[], used: Set<string>): unknown {
  if (typeof value === 'string') return resolveString(value, path, env, missing, used);
  if (Array.isArray(value)) return value.map((item, index) => resolveValue(item, `${path}/${index}`, env, missing, used));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, resolveValue(child, `${path}/${pointerSegment(key)}`, env, missing, used)]));
  }
  return value;
}

/**
 * Replaces `${NAME}` in every string of every instance's `config` with the environment variable
 * `NAME` (`$${` writes a literal `${`), so secrets stay out of the file kept in git. Nothing
 * else of the document is touched: mapping expressions keep their text. Variables that are not
 * set are listed in `missing`, each with where it is used.
 *
 * @example
 * resolveEnvReferences({ apiVersion: 'omnihub.dev/v1', instances: [{ id: 'erp', connector: 'http', config: { authorization: 'Bearer ${ERP_TOKEN}' } }] }, process.env)
 */
export function resolveEnvReferences<T>(document: T, env: NodeJS.ProcessEnv): ResolvedReferences<T> {
  const missing: MissingReference[] = [];
  const used = new Set<string>();
  if (document === null || typeof document !== 'object' || !Array.isArray((document as { instances?: unknown }).instances)) return { document, missing, used: [] };
  const source = document as unknown as { instances: unknown[] };
  const instances = source.instances.map((instance, index) => {
    if (instance === null || typeof instance !== 'object' || !('config' in instance)) return instance;
    return { ...instance, config: resolveValue(instance.config, `/instances/${index}/config`, env, missing, used) };
  });
  return { document: { ...source, instances } as T, missing, used: [...used].sort() };
}

/** The variable name `exportConfig` writes for a secret: `erp-orders` + `/auth/clientSecret` gives `ERP_ORDERS_AUTH_CLIENT_SECRET`. */
export function secretEnvName(instanceId: string, pointer: string): string {
  const words = [instanceId, ...pointer.split('/').slice(1)].map((part) =>
    part
      .replaceAll('~1', '/')
      .replaceAll('~0', '~')
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .toUpperCase(),
  );
  const name = words.filter((word) => word !== '').join('_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** `${NAME}`, a reference as a config file writes it. */
export function envReference(name: string): string {
  return `\${${name}}`;
}
