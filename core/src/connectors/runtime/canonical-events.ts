import { InvalidMessageFailure } from '@omnihub/connector-sdk';
import { defineEvent, type EventDefinition } from '../../events/define-event.ts';

/** One canonical payload a mapped record produced, with the event type it is for. */
export interface CanonicalPayload {
  definition: EventDefinition<unknown>;
  data: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The definitions of `type@version` references (`emits` or `consumes` of a capability). */
export function definitionsOf(refs: readonly string[]): EventDefinition<unknown>[] {
  return refs.map((ref) => {
    const [type = '', version = ''] = ref.split('@');
    return defineEvent<unknown>(type, Number(version));
  });
}

/**
 * Reads a mapping's output as canonical payloads. A capability that emits one event type maps a
 * record to its payload, to an array of payloads, or to null (the record produces no event). A
 * capability that emits several types maps to `{ "type": "name@version", "data": {...} }` items
 * (one or an array), each naming one of its `emits`.
 */
export function canonicalPayloads(output: unknown, emits: readonly string[]): CanonicalPayload[] {
  const definitions = new Map(definitionsOf(emits).map((d) => [`${d.type}@${d.version}`, d]));
  const items = output === null || output === undefined ? [] : Array.isArray(output) ? output : [output];
  const [only] = definitions.values();
  return items.map((item, index) => {
    const where = Array.isArray(output) ? `item ${index} of the mapping's output` : "the mapping's output";
    if (definitions.size === 1 && only !== undefined) {
      if (!isObject(item)) throw new InvalidMessageFailure(`${where} is not an object`, { code: 'mapping.not-an-object' });
      return { definition: only, data: item };
    }
    const type = isObject(item) ? item['type'] : undefined;
    const definition = typeof type === 'string' ? definitions.get(type) : undefined;
    if (definition === undefined || !isObject(item) || !('data' in item)) {
      throw new InvalidMessageFailure(`${where} must be { "type": one of ${[...definitions.keys()].join(', ')}, "data": {...} }`, { code: 'mapping.untyped-output' });
    }
    return { definition, data: item['data'] };
  });
}
