import { parse } from 'yaml';

/** A routing profile version kept as code: its id, definition and an optional comment. */
export interface ProfileFile {
  id: string;
  comment?: string | undefined;
  definition: unknown;
}

/**
 * Reads a routing profile file (YAML or JSON): `id`, optional `comment`, and `definition`
 * (see the profile definition schema). The hub validates the definition when the version is created.
 */
export function parseProfileFile(text: string, fileName = 'profile file'): ProfileFile {
  let document: unknown;
  try {
    document = parse(text) as unknown;
  } catch (error: unknown) {
    throw new Error(`${fileName} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) throw new Error(`${fileName} must hold a mapping with id and definition`);
  const { id, comment, definition } = document as Record<string, unknown>;
  if (typeof id !== 'string' || id === '') throw new Error(`${fileName} needs an "id" (the profile's name, e.g. de-standard)`);
  if (definition === undefined) throw new Error(`${fileName} needs a "definition" (priority, criteria, split ...)`);
  if (comment !== undefined && typeof comment !== 'string') throw new Error(`${fileName}: "comment" must be text`);
  return { id, definition, ...(comment === undefined ? {} : { comment }) };
}
