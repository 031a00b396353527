import type { ErrorObject } from 'ajv';

/** Keywords whose failure means a value is not of a branch's kind at all, rather than a bad value of it. */
const MISMATCH = new Set(['type', 'required', 'additionalProperties', 'const', 'enum', 'oneOf', 'anyOf']);

/**
 * Narrows the errors of a failed `oneOf` (no branch matched) to the branch the value was meant to
 * match: the one with the fewest mismatch errors (wrong type, missing or unknown property), then
 * the fewest errors. `{ "units": -1 }` against units-or-percent then reads `/units must be >= 0`,
 * not that and three complaints of the percent branch. When branches tie, all their errors stay,
 * with the `oneOf` error itself.
 */
export function narrowOneOfErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  let kept = [...errors];
  for (const oneOf of errors) {
    if (oneOf.keyword !== 'oneOf' || (oneOf.params as { passingSchemas?: unknown }).passingSchemas !== null) continue;
    const branches = new Map<number, ErrorObject[]>();
    const prefix = `${oneOf.schemaPath}/`;
    for (const error of kept) {
      const branch = error.schemaPath.startsWith(prefix) && error.instancePath.startsWith(oneOf.instancePath) ? /^(\d+)\//.exec(error.schemaPath.slice(prefix.length))?.[1] : undefined;
      if (branch === undefined) continue;
      const list = branches.get(Number(branch));
      if (list === undefined) branches.set(Number(branch), [error]);
      else list.push(error);
    }
    if (branches.size < 2) continue;
    const ranked = [...branches.entries()]
      .map(([branch, list]) => ({ branch, mismatches: list.filter((e) => MISMATCH.has(e.keyword)).length, total: list.length }))
      .sort((a, b) => a.mismatches - b.mismatches || a.total - b.total);
    const [best, next] = ranked;
    if (best === undefined || next === undefined || (best.mismatches === next.mismatches && best.total === next.total)) continue;
    const dropped = new Set([...branches.entries()].filter(([branch]) => branch !== best.branch).flatMap(([, list]) => list));
    dropped.add(oneOf);
    kept = kept.filter((error) => !dropped.has(error));
  }
  return kept;
}
