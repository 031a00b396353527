import { verdict, type CheckResult } from '../check-result.ts';
import type { RunEnvironment } from '../run-environment.ts';
import { findSecret, hideSecrets, type SecretField } from '../secrets.ts';

/** Secrets shorter than this could turn up by chance; the conformance config must use longer ones. */
const MIN_SECRET_LENGTH = 8;

/** Every text an error carries: name, message, stack, own properties, and its causes. */
function errorTexts(error: Error, seen: Set<unknown>): string[] {
  const texts = [error.name, error.message, error.stack ?? ''];
  for (const [key, value] of Object.entries(error)) {
    if (key !== 'cause') texts.push(...textsOf(value, seen));
  }
  if (error.cause !== undefined) texts.push(...textsOf(error.cause, seen));
  if (error instanceof AggregateError) for (const inner of error.errors) texts.push(...textsOf(inner, seen));
  return texts;
}

/** The texts an observed value can put on a screen or in a log. */
function textsOf(value: unknown, seen = new Set<unknown>()): string[] {
  if (value === null || value === undefined) return [];
  if (typeof value === 'string') return [value];
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return [String(value)];
  if (typeof value !== 'object') return [];
  if (seen.has(value)) return [];
  seen.add(value);
  if (value instanceof Error) return errorTexts(value, seen);
  if (Buffer.isBuffer(value)) return [value.toString('utf8')];
  try {
    return [JSON.stringify(value)];
  } catch {
    return Object.values(value).flatMap((item) => textsOf(item, seen));
  }
}

function leakFinding(where: string, text: string, secrets: readonly SecretField[]): string | undefined {
  const leaked = findSecret(text, secrets);
  if (leaked === undefined) return undefined;
  const shown = hideSecrets(text.replace(/\s+/g, ' '), secrets);
  return `the secret at configSchema${leaked.path} appears in ${where}: ${shown.length > 200 ? `${shown.slice(0, 200)}…` : shown}`;
}

/**
 * The `secrets-not-logged` check: no value of a secret config field (as is, URL-encoded, base64 or
 * JSON-escaped) appears in any line the connector logged during the whole run, in anything it
 * printed to the console, nor in any error, verify reason or result the run observed. The lines
 * are scanned unredacted: a connector must not rely on the hub's redaction.
 *
 * @example
 * const result = checkSecretsNotLogged(env);
 */
export function checkSecretsNotLogged<Config>(env: RunEnvironment<Config>): CheckResult {
  if (env.secrets.length === 0) return verdict('secrets-not-logged', [], 'the config declares no secret field');
  const findings: string[] = [];
  for (const secret of env.secrets) {
    if (secret.value.length < MIN_SECRET_LENGTH) findings.push(`the secret at configSchema${secret.path} is shorter than ${MIN_SECRET_LENGTH} characters in the conformance config: use a longer value so a leak can be recognised`);
  }
  const usable = env.secrets.filter((secret) => secret.value.length >= MIN_SECRET_LENGTH);
  for (const line of env.logs.lines) {
    const finding = leakFinding(`${line.level === 'info' || line.level === 'error' ? 'an' : 'a'} ${line.level} log line`, JSON.stringify({ message: line.message, fields: line.fields }), usable);
    if (finding !== undefined) findings.push(finding);
  }
  for (const value of env.observed()) {
    for (const text of textsOf(value)) {
      const finding = leakFinding(value instanceof Error ? 'an error' : typeof value === 'string' ? 'console output' : 'a verify reason or result', text, usable);
      if (finding !== undefined) findings.push(finding);
    }
  }
  return verdict('secrets-not-logged', [...new Set(findings)], `${env.logs.lines.length} log line${env.logs.lines.length === 1 ? '' : 's'} and ${env.observed().length} errors and results hold no secret`);
}
