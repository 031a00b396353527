import { SECRET_KEYWORD } from '@omnihub/connector-sdk';

/** A secret value of the run's config and where it sits (`/auth/token`). */
export interface SecretField {
  path: string;
  value: string;
}

/** Deep enough for any config. */
const MAX_DEPTH = 16;

function walk(schema: unknown, value: unknown, path: string, depth: number, visit: (path: string, value: string) => unknown): unknown {
  if (depth > MAX_DEPTH || schema === null || typeof schema !== 'object' || value === undefined || value === null) return value;
  const node = schema as Record<string, unknown>;
  if (node[SECRET_KEYWORD] === true && (typeof value === 'string' || typeof value === 'number')) return visit(path, String(value));
  if (Array.isArray(value)) return value.map((item, index) => walk(node['items'], item, `${path}/${index}`, depth + 1, visit));
  const properties = node['properties'];
  if (typeof value !== 'object' || properties === null || typeof properties !== 'object') return value;
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const [key, child] of Object.entries(properties as Record<string, unknown>)) {
    if (key in out) out[key] = walk(child, out[key], `${path}/${key}`, depth + 1, visit);
  }
  return out;
}

/**
 * Every value of `config` under a property `schema` marks `x-omnihub-secret: true`, with its path.
 *
 * @example
 * secretFields({ type: 'object', properties: { token: { type: 'string', 'x-omnihub-secret': true } } }, { token: 'abc' }); // [{ path: '/token', value: 'abc' }]
 */
export function secretFields(schema: Record<string, unknown>, config: unknown): SecretField[] {
  const found: SecretField[] = [];
  walk(schema, config, '', 0, (path, value) => {
    found.push({ path, value });
    return value;
  });
  return found;
}

/**
 * A copy of `config` whose every secret is replaced by a different value of the same shape: what
 * an attacker who does not know the secrets would sign with.
 *
 * @example
 * withForgedSecrets(schema, { webhookSecret: 'abc' }); // { webhookSecret: 'forged-cba' }
 */
export function withForgedSecrets<Config>(schema: Record<string, unknown>, config: Config): Config {
  return walk(schema, structuredClone(config), '', 0, (_path, value) => `forged-${Array.from(value).reverse().join('')}`) as Config;
}

/** The forms a secret may take when written out: as is, URL-encoded, base64 and JSON-escaped. */
function forms(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  return [...new Set([secret, encodeURIComponent(secret), base64, base64.replace(/=+$/, ''), Buffer.from(secret, 'utf8').toString('base64url'), JSON.stringify(secret).slice(1, -1)])];
}

/**
 * The first secret `text` contains (in any of its written forms), or undefined.
 *
 * @example
 * findSecret('Bearer abc', [{ path: '/token', value: 'abc' }]); // { path: '/token', value: 'abc' }
 */
export function findSecret(text: string, secrets: readonly SecretField[]): SecretField | undefined {
  return secrets.find((secret) => forms(secret.value).some((form) => form !== '' && text.includes(form)));
}

/** `text` with every form of every secret replaced by `[secret <path>]`, fit to show in a report. */
export function hideSecrets(text: string, secrets: readonly SecretField[]): string {
  let out = text;
  for (const secret of secrets) {
    for (const form of forms(secret.value).sort((a, b) => b.length - a.length)) {
      if (form !== '') out = out.split(form).join(`[secret ${secret.path}]`);
    }
  }
  return out;
}
