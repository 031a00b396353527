import { createHash } from 'node:crypto';

/** Statement texts marked with {@link prepared}, and the name each is prepared under. */
const names = new Map<string, string>();

/**
 * Marks a fixed statement text that a hot path runs many times a second. The PostgreSQL adapter
 * prepares it once per connection under a name derived from the text, so the server no longer
 * parses it on every run and, after a few runs, may keep one generic plan instead of planning
 * each time. Returns the text unchanged, to be passed to `query` as any other statement.
 *
 * Only for texts built once (module constants, or a few fixed variants): every marked text stays
 * prepared on every pooled connection for the connection's life. The embedded database ignores
 * the mark.
 */
export function prepared(text: string): string {
  if (!names.has(text)) names.set(text, `omnihub_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`);
  return text;
}

/** The name a text marked with {@link prepared} is prepared under, or undefined for any other text. */
export function preparedName(text: string): string | undefined {
  return names.get(text);
}
