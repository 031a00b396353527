import { pointerSegment } from '../../schema/field-errors.ts';
import { SECRET_MASK } from '../secrets/secret-fields.ts';

/**
 * A copy of `value` (found at `pointer` inside a config) with every secret string masked, the
 * secrets being given as pointers inside that config.
 */
export function maskAt(value: unknown, pointer: string, secrets: readonly string[]): unknown {
  if (secrets.includes(pointer) && typeof value === 'string') return SECRET_MASK;
  if (Array.isArray(value)) return value.map((item, index) => maskAt(item, `${pointer}/${index}`, secrets));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, maskAt(child, `${pointer}/${pointerSegment(key)}`, secrets)]));
  }
  return value;
}
