import type { ProfileCondition, ProfileConditions, RoutingProfile } from './profile-types.ts';

/** The value at a dot path of a JSON document, or undefined. */
export function valueAt(document: unknown, path: string): unknown {
  let current: unknown = document;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Array.isArray(current) ? current[Number(part)] : (current as Record<string, unknown>)[part];
  }
  return current;
}

/** A number from a number or a numeric string (money amounts are decimal strings). */
function numeric(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

function same(actual: unknown, expected: unknown): boolean {
  if (actual === expected) return true;
  const a = numeric(actual);
  const b = numeric(expected);
  return a !== undefined && b !== undefined && a === b;
}

function compare(actual: unknown, expected: unknown, test: (difference: number) => boolean): boolean {
  const a = numeric(actual);
  const b = numeric(expected);
  if (a !== undefined && b !== undefined) return test(a - b);
  if (typeof actual === 'string' && typeof expected === 'string') return test(actual < expected ? -1 : actual > expected ? 1 : 0);
  return false;
}

/** Whether one condition holds for `document`. */
export function conditionHolds(condition: ProfileCondition, document: unknown): boolean {
  const actual = valueAt(document, condition.path);
  const expected = condition.value;
  const list = Array.isArray(expected) ? expected : [expected];
  switch (condition.operator) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'not-exists':
      return actual === undefined || actual === null;
    case 'eq':
      return same(actual, expected);
    case 'ne':
      return !same(actual, expected);
    case 'in':
      return list.some((item) => same(actual, item));
    case 'not-in':
      return !list.some((item) => same(actual, item));
    case 'gt':
      return compare(actual, expected, (d) => d > 0);
    case 'gte':
      return compare(actual, expected, (d) => d >= 0);
    case 'lt':
      return compare(actual, expected, (d) => d < 0);
    case 'lte':
      return compare(actual, expected, (d) => d <= 0);
    case 'starts-with':
      return typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected);
  }
}

/** Whether a profile's conditions hold for the order (no conditions: always). */
export function conditionsHold(conditions: ProfileConditions | undefined, document: unknown): boolean {
  if (conditions === undefined || conditions.rules.length === 0) return true;
  return conditions.match === 'all'
    ? conditions.rules.every((rule) => conditionHolds(rule, document))
    : conditions.rules.some((rule) => conditionHolds(rule, document));
}

/** Active profiles in selection order: priority ascending, then id. */
export function selectionOrder(profiles: readonly RoutingProfile[]): RoutingProfile[] {
  return profiles
    .filter((profile) => profile.status === 'active')
    .sort((a, b) => a.definition.priority - b.definition.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The profile that routes `order` (a canonical order document): the first active profile, in
 * selection order, whose conditions hold. Undefined when none does.
 */
export function selectProfile(profiles: readonly RoutingProfile[], order: unknown): RoutingProfile | undefined {
  return selectionOrder(profiles).find((profile) => conditionsHold(profile.definition.conditions, order));
}
