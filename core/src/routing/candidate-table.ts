import type { RoutingDecisionV1Candidate, RoutingDecisionV1CriterionScore } from '../generated/schema-types.ts';

/**
 * A score as packed: its bare number when its criterion is the one at the same position of
 * {@link PackedCandidates.criteria} and it has no detail, otherwise `[criterion index, score]` or
 * `[criterion index, score, detail]`.
 */
type PackedScore = number | [number, number] | [number, number, string];

/**
 * A candidate as packed: location, total score, excluded (1 or 0), exclusion reasons as indexes
 * into {@link PackedCandidates.reasons} (null when the candidate has none recorded), scores.
 */
type PackedCandidate = [string, number, 0 | 1, number[] | null, PackedScore[]];

/**
 * The candidates of a routing decision in a compact form for storage: criterion names and
 * exclusion reasons written once each, every candidate a tuple. Over 200 locations this is about
 * a fifth of the JSON of the candidate objects, and {@link unpackCandidates} gives them back
 * exactly.
 */
export interface PackedCandidates {
  /** Format of the packing. */
  format: 1;
  criteria: string[];
  reasons: string[];
  candidates: PackedCandidate[];
}

/** Index of `value` in `list`, appending it when new. */
function indexIn(list: string[], index: Map<string, number>, value: string): number {
  let at = index.get(value);
  if (at === undefined) {
    at = list.length;
    list.push(value);
    index.set(value, at);
  }
  return at;
}

/** Packs a decision's candidates for storage (see {@link PackedCandidates}). */
export function packCandidates(candidates: readonly RoutingDecisionV1Candidate[]): PackedCandidates {
  const criteria: string[] = [];
  const criterionIndex = new Map<string, number>();
  const reasons: string[] = [];
  const reasonIndex = new Map<string, number>();
  const packed = candidates.map((candidate): PackedCandidate => {
    const scores = candidate.scores.map((score, position): PackedScore => {
      const at = indexIn(criteria, criterionIndex, score.criterion);
      if (score.detail !== undefined) return [at, score.score, score.detail];
      return at === position ? score.score : [at, score.score];
    });
    const why = candidate.exclusionReasons?.map((reason) => indexIn(reasons, reasonIndex, reason)) ?? null;
    return [candidate.locationId, candidate.totalScore, candidate.excluded ? 1 : 0, why, scores];
  });
  return { format: 1, criteria, reasons, candidates: packed };
}

/** The candidates {@link packCandidates} packed, as they were. */
export function unpackCandidates(packed: PackedCandidates): RoutingDecisionV1Candidate[] {
  if (packed.format !== 1) throw new Error(`unknown packing of routing candidates: ${String(packed.format)}`);
  const named = (index: number, list: readonly string[]): string => {
    const value = list[index];
    if (value === undefined) throw new Error(`packed routing candidates refer to a missing entry ${index}`);
    return value;
  };
  return packed.candidates.map(([locationId, totalScore, excluded, why, scores]): RoutingDecisionV1Candidate => ({
    locationId,
    totalScore,
    excluded: excluded === 1,
    ...(why === null ? {} : { exclusionReasons: why.map((index) => named(index, packed.reasons)) }),
    scores: scores.map((score, position): RoutingDecisionV1CriterionScore => {
      if (typeof score === 'number') return { criterion: named(position, packed.criteria), score };
      const [at, value, detail] = score;
      return detail === undefined ? { criterion: named(at, packed.criteria), score: value } : { criterion: named(at, packed.criteria), score: value, detail };
    }),
  }));
}
