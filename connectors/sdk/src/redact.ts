import type { ConnectorLogger } from './context.ts';
import { SECRET_KEYWORD } from './manifest.ts';

/** What every redacted value is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Scrubs secrets out of free text.
 *
 * @example
 * const redact: Redactor = createRedactor([config.apiKey]);
 * logger.info({}, redact(`calling ${url}`));
 */
export type Redactor = (text: string) => string;

const SENSITIVE_WORDS = String.raw`password|passwd|secret|token|authorization|cookie|api[-_]?key|signature|credential|private[-_]?key`;

/** Object keys whose values are always censored by {@link redactValue} (and in JSON text by a {@link Redactor}). */
export const SENSITIVE_KEY = new RegExp(SENSITIVE_WORDS, 'i');

// Query and form parameters whose value is a credential, wherever they appear in a URL or a form body.
const SECRET_PARAM = /((?:^|[?&;])[^=&#\s"'<>?/]*?(?:token|secret|key|signature|password|passwd|credential|auth)[^=&#\s"'<>?/]*=)[^&#\s"'<>]*/gi;
// `user:password@` in a URL.
const URL_USERINFO = /(\b[a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi;
// Header names that carry credentials.
const HEADER_NAMES = String.raw`authorization|proxy-authorization|cookie|set-cookie|x-api-key|api-key|x-auth-token|x-[a-z0-9-]*(?:token|signature|secret)`;
// `"password": "…"` inside JSON text, and `\"password\": \"…\"` inside JSON nested in a JSON string.
const JSON_MEMBER = new RegExp(String.raw`("[^"\\]*(?:${SENSITIVE_WORDS})[^"\\]*"\s*:\s*)"(?:[^"\\]|\\.)*"`, 'gi');
const ESCAPED_JSON_MEMBER = new RegExp(String.raw`(\\"[^"\\]*(?:${SENSITIVE_WORDS})[^"\\]*\\"\s*:\s*)\\"(?:(?!\\")[^])*?\\"`, 'gi');
// `authorization: …` as a header line (to the end of the line).
const HEADER_LINE = new RegExp(String.raw`(\b(?:${HEADER_NAMES})\s*:\s*)(?!\[redacted\]|")[^\r\n]+`, 'gi');
// Bearer and Basic credentials anywhere in text.
const AUTH_SCHEME = /\b(Bearer|Basic)\s+(?!\[redacted\])[A-Za-z0-9._~+/=-]+/g;

/**
 * Builds a {@link Redactor} for an instance's secrets. It replaces with `[redacted]`:
 * each secret value and its base64, base64url, URL-encoded, form-encoded and JSON-escaped forms;
 * credential headers (`authorization`, `x-api-key`, cookies, `x-…-token`/`-signature`/`-secret`);
 * Bearer/Basic credentials; URL user-info; JSON members whose name matches {@link SENSITIVE_KEY}
 * (also inside JSON carried as a string); and query or form parameters named like token, secret,
 * key, signature, password or auth.
 *
 * @example
 * const redact = createRedactor(['s3cr3t']);
 * redact('GET https://api.example.com/x?api_key=s3cr3t'); // 'GET https://api.example.com/x?api_key=[redacted]'
 */
export function createRedactor(secrets: readonly string[]): Redactor {
  const needles = [...new Set(secrets.filter((s) => typeof s === 'string' && s.length > 0).flatMap(encodedForms))].sort((a, b) => b.length - a.length);
  return (text: string): string => {
    let out = text;
    for (const needle of needles) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return out
      .replace(URL_USERINFO, `$1${REDACTED}@`)
      .replace(JSON_MEMBER, `$1"${REDACTED}"`)
      .replace(ESCAPED_JSON_MEMBER, `$1\\"${REDACTED}\\"`)
      .replace(HEADER_LINE, `$1${REDACTED}`)
      .replace(AUTH_SCHEME, `$1 ${REDACTED}`)
      .replace(SECRET_PARAM, `$1${REDACTED}`);
  };
}

function encodedForms(secret: string): string[] {
  const base64 = Buffer.from(secret, 'utf8').toString('base64');
  const uri = encodeURIComponent(secret);
  const form = new URLSearchParams({ v: secret }).toString().slice(2);
  const lowerHex = (s: string): string => s.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase());
  return [secret, uri, lowerHex(uri), form, lowerHex(form), base64, base64.replace(/=+$/, ''), Buffer.from(secret, 'utf8').toString('base64url'), JSON.stringify(secret).slice(1, -1)];
}

// Deep enough for any log field or vendor error body; deeper parts are elided, not walked.
const MAX_DEPTH = 12;

/**
 * Deep copy of `value` fit for a log line: strings pass through `redact` (by default the
 * pattern-based scrubbing of {@link createRedactor} with no secret values), values under
 * {@link SENSITIVE_KEY} keys become `[redacted]`, errors become `{ name, message, code }`,
 * binary data becomes its size, cycles become `[circular]`.
 *
 * @example
 * logger.info(redactValue({ headers: { authorization: 'Bearer x' }, sku: 'A-1' }) as Record<string, unknown>, 'request');
 * // logs { headers: { authorization: '[redacted]' }, sku: 'A-1' }
 */
export function redactValue(value: unknown, redact: Redactor = defaultRedactor()): unknown {
  return walk(value, redact, new WeakSet(), 0);
}

let patternsOnly: Redactor | undefined;
function defaultRedactor(): Redactor {
  patternsOnly ??= createRedactor([]);
  return patternsOnly;
}

function walk(value: unknown, redact: Redactor, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value === 'string') return redact(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value;
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  seen.add(value);
  try {
    if (value instanceof Error) {
      const code = (value as { code?: unknown }).code;
      return { name: value.name, message: redact(value.message), ...(code === undefined ? {} : { code: walk(code, redact, seen, depth + 1) }) };
    }
    if (Array.isArray(value)) return value.map((item) => walk(item, redact, seen, depth + 1));
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = SENSITIVE_KEY.test(key) && item !== undefined && item !== null ? REDACTED : walk(item, redact, seen, depth + 1);
    }
    return out;
  } finally {
    seen.delete(value);
  }
}

/**
 * Wraps a logger so every line's message and fields are redacted before they reach it.
 *
 * @example
 * const logger = redactingLogger(baseLogger, createRedactor(secretValuesOf(manifest.configSchema, config)));
 */
export function redactingLogger(logger: ConnectorLogger, redact: Redactor): ConnectorLogger {
  const line =
    (level: keyof ConnectorLogger) =>
    (fields: Record<string, unknown>, message: string): void => {
      logger[level](redactValue(fields, redact) as Record<string, unknown>, redact(message));
    };
  return { debug: line('debug'), info: line('info'), warn: line('warn'), error: line('error') };
}

/**
 * The secret values of a config: every string (or number) under a property its JSON Schema marks
 * with `x-omnihub-secret: true`, in nested objects and arrays too. Feed them to {@link createRedactor}.
 *
 * @example
 * secretValuesOf({ type: 'object', properties: { token: { type: 'string', 'x-omnihub-secret': true } } }, { token: 'abc' }); // ['abc']
 */
export function secretValuesOf(schema: Record<string, unknown>, config: unknown): string[] {
  const found: string[] = [];
  collect(schema, config, found, 0);
  return found;
}

function collect(schema: unknown, value: unknown, found: string[], depth: number): void {
  if (depth > MAX_DEPTH || schema === null || typeof schema !== 'object' || value === undefined || value === null) return;
  const node = schema as Record<string, unknown>;
  if (node[SECRET_KEYWORD] === true && (typeof value === 'string' || typeof value === 'number')) {
    found.push(String(value));
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) collect(node['items'], item, found, depth + 1);
    return;
  }
  const properties = node['properties'];
  if (typeof value !== 'object' || properties === null || typeof properties !== 'object') return;
  for (const [key, child] of Object.entries(properties as Record<string, unknown>)) {
    collect(child, (value as Record<string, unknown>)[key], found, depth + 1);
  }
}
