/**
 * Response headers as a plain record with lower-case names; repeated headers are joined with
 * `, ` (`set-cookie` lines with `\n`, since cookie values may hold commas).
 */
export function headerRecord(headers: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    const key = name.toLowerCase();
    out[key] = Array.isArray(value) ? value.map(scalar).join(key === 'set-cookie' ? '\n' : ', ') : scalar(value);
  }
  return out;
}

function scalar(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : JSON.stringify(value);
}

/** True for `application/json`, `application/problem+json` and other `+json` types. */
export function isJsonContentType(contentType: string | undefined): boolean {
  if (contentType === undefined) return false;
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return type === 'application/json' || type.endsWith('+json') || type === 'text/json';
}

/** The body as parsed JSON when the content type says JSON and it parses, otherwise as UTF-8 text. */
export function decodeBody(raw: Buffer | string | undefined, contentType: string | undefined): unknown {
  const text = raw === undefined ? '' : typeof raw === 'string' ? raw : raw.toString('utf8');
  if (text.trim() === '' || !isJsonContentType(contentType)) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
