import type { Candidate, Need } from './candidates.ts';
import type { RoutingLine } from './engine-types.ts';
import { DEFAULT_MAX_COMBINATIONS, type SplitPolicy } from './profile-types.ts';

/** A quantity of one line given to one location. */
export interface Allocation {
  line: RoutingLine;
  locationId: string;
  quantity: number;
}

/** What an allocation over a set of locations gave, and what it left. */
export interface AllocationResult {
  allocations: Allocation[];
  /** Units of each line left unassigned (only lines with a remainder). */
  remainders: Map<string, number>;
}

/**
 * Gives the lines to `members` (best ranked first): each line goes whole to the best member that
 * holds all of it; failing that, and when lines may split, it takes units from members in rank
 * order. Usable stock is consumed as lines are given, so two lines of one SKU never count the
 * same units twice.
 */
export function allocate(lines: readonly RoutingLine[], members: readonly Candidate[], need: Need, allowLineSplit: boolean): AllocationResult {
  const left = members.map((member) => [...member.facts.usable]);
  const allocations: Allocation[] = [];
  const remainders = new Map<string, number>();
  for (const line of lines) {
    const sku = need.index.get(line.sku) ?? -1;
    let remaining = line.quantity;
    const whole = left.findIndex((usable) => (usable[sku] ?? 0) >= remaining);
    const wholeMember = members[whole];
    const wholeUsable = left[whole];
    if (wholeMember !== undefined && wholeUsable !== undefined) {
      wholeUsable[sku] = (wholeUsable[sku] ?? 0) - remaining;
      allocations.push({ line, locationId: wholeMember.facts.location.id, quantity: remaining });
      remaining = 0;
    } else if (allowLineSplit) {
      for (const [index, usable] of left.entries()) {
        const member = members[index];
        const take = Math.min(remaining, usable[sku] ?? 0);
        if (take <= 0 || member === undefined) continue;
        usable[sku] = (usable[sku] ?? 0) - take;
        allocations.push({ line, locationId: member.facts.location.id, quantity: take });
        remaining -= take;
        if (remaining === 0) break;
      }
    }
    if (remaining > 0) remainders.set(line.lineId, remaining);
  }
  return { allocations, remainders };
}

/** Outcome of the fewest-split search. */
export interface SplitSearch {
  /** Best combination of the fewest locations that covers every line, best ranked first. */
  members?: Candidate[] | undefined;
  examined: number;
  budgetExhausted: boolean;
  feasible: number;
}

/**
 * Salesforce-style findRoutesWithFewestSplits, bounded: tries every single location, then every
 * pair, every triple ... up to `maxShipments`, stopping at the first size where some combination
 * covers the whole order. Combinations are enumerated in rank order and at most
 * `maxCombinations` are examined. Among the covering combinations of that size the best is the
 * one with the highest mean candidate score; ties go to the earlier (better ranked) combination.
 */
export function searchFewestSplits(contributors: readonly Candidate[], lines: readonly RoutingLine[], need: Need, policy: SplitPolicy): SplitSearch {
  const budget = policy.maxCombinations ?? DEFAULT_MAX_COMBINATIONS;
  const allowLineSplit = policy.allowLineSplit !== false;
  const maxSize = Math.min(policy.maxShipments, contributors.length);
  const skus = need.units.length;
  const usable = contributors.map((c) => c.facts.usable);
  const totals = new Array<number>(skus).fill(0);
  let examined = 0;
  for (let size = 1; size <= maxSize; size += 1) {
    let best: number[] | undefined;
    let bestScore = Number.NEGATIVE_INFINITY;
    let feasible = 0;
    const index = Array.from({ length: size }, (_, i) => i);
    for (;;) {
      if (examined >= budget) return { members: best?.map((i) => contributors[i] as Candidate), examined, budgetExhausted: true, feasible };
      examined += 1;
      // A fast necessary test first: together the members hold every needed unit.
      totals.fill(0);
      for (const i of index) {
        const held = usable[i] ?? [];
        for (let s = 0; s < skus; s += 1) totals[s] = (totals[s] ?? 0) + (held[s] ?? 0);
      }
      let covers = true;
      for (let s = 0; s < skus && covers; s += 1) covers = (totals[s] ?? 0) >= (need.units[s] ?? 0);
      if (covers && !allowLineSplit) covers = allocate(lines, index.map((i) => contributors[i] as Candidate), need, false).remainders.size === 0;
      if (covers) {
        feasible += 1;
        let score = 0;
        for (const i of index) score += contributors[i]?.totalScore ?? 0;
        score /= size;
        if (score > bestScore) {
          best = [...index];
          bestScore = score;
        }
      }
      // Next combination in lexicographic order of rank positions.
      let position = size - 1;
      while (position >= 0 && (index[position] ?? 0) === contributors.length - size + position) position -= 1;
      if (position < 0) break;
      index[position] = (index[position] ?? 0) + 1;
      for (let next = position + 1; next < size; next += 1) index[next] = (index[next - 1] ?? 0) + 1;
    }
    if (best !== undefined) return { members: best.map((i) => contributors[i] as Candidate), examined, budgetExhausted: false, feasible };
  }
  return { examined, budgetExhausted: false, feasible: 0 };
}

/**
 * When no combination within the split limit covers the order: picks up to `maxShipments`
 * locations greedily, each time the one supplying the most still-missing units (ties to the
 * better ranked), so that as much as possible ships within the limit.
 */
export function pickGreedy(contributors: readonly Candidate[], need: Need, maxShipments: number): Candidate[] {
  const missing = [...need.units];
  const chosen = new Set<Candidate>();
  while (chosen.size < maxShipments) {
    let best: Candidate | undefined;
    let bestUnits = 0;
    for (const candidate of contributors) {
      if (chosen.has(candidate)) continue;
      let units = 0;
      missing.forEach((count, s) => (units += Math.min(count, candidate.facts.usable[s] ?? 0)));
      if (units > bestUnits) {
        best = candidate;
        bestUnits = units;
      }
    }
    if (best === undefined) break;
    chosen.add(best);
    const taken = best.facts.usable;
    missing.forEach((count, s) => (missing[s] = count - Math.min(count, taken[s] ?? 0)));
  }
  // Allocation walks members best ranked first.
  return contributors.filter((candidate) => chosen.has(candidate));
}
