import { parse } from 'yaml';

/**
 * Reads a locations file kept as code: YAML (or JSON) holding `locations:` with a list of
 * canonical locations, or the list itself. Returns the raw entries; the hub validates them.
 */
export function parseLocationsFile(text: string, fileName = 'locations file'): unknown[] {
  let document: unknown;
  try {
    document = parse(text) as unknown;
  } catch (error: unknown) {
    throw new Error(`${fileName} is not valid YAML: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (Array.isArray(document)) return document as unknown[];
  if (document !== null && typeof document === 'object' && Array.isArray((document as Record<string, unknown>)['locations'])) {
    return (document as { locations: unknown[] }).locations;
  }
  throw new Error(`${fileName} must hold a list of locations, or a "locations:" key with one`);
}
