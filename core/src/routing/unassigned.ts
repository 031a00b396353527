import type { RoutingDecisionV1UnassignedLine } from '../generated/schema-types.ts';
import type { Candidate, Need } from './candidates.ts';
import type { RoutingLine } from './engine-types.ts';

/** Why a quantity could not be assigned, as the canonical decision names it. */
export type UnassignedReason = RoutingDecisionV1UnassignedLine['reason'];

/** The split rules a remainder is explained against. */
export interface SplitRules {
  maxShipments: number;
  allowLineSplit: boolean;
}

/** Whether the line-split ban, not the shipment limit, keeps a line unassigned: no eligible location holds all of it. */
export function lineSplitBanned(units: number, eligible: readonly Candidate[], at: number, rules: SplitRules): boolean {
  return !rules.allowLineSplit && !eligible.some((c) => (c.facts.usable[at] ?? 0) >= units);
}

/**
 * Explains a line's unassigned remainder from the candidate pool: no candidate at all; stock
 * enough among eligible locations but no single one holding the line when lines may not split,
 * or not within the split limit; stock held only by locations at their daily capacity; stock
 * only at locations that rejected the order; or too little stock.
 */
export function unassignedReason(line: RoutingLine, units: number, ranked: readonly Candidate[], skus: Need, rules: SplitRules): RoutingDecisionV1UnassignedLine {
  const { maxShipments } = rules;
  const base = { lineId: line.lineId, sku: line.sku, quantity: units };
  if (ranked.length === 0) return { ...base, reason: 'no-eligible-location', detail: 'no location is a candidate under this profile' };
  const at = skus.index.get(line.sku) ?? -1;
  const need = skus.units[at] ?? units;
  const held = (candidates: readonly Candidate[], which: 'usable' | 'atp') => candidates.reduce((sum, c) => sum + (c.facts[which][at] ?? 0), 0);
  const eligible = ranked.filter((c) => !c.excluded);
  const eligibleUnits = held(eligible, 'usable');
  if (eligible.length === 0 && ranked.every((c) => c.reasons.some((r) => r.startsWith('capability-missing') || r.startsWith('location-')))) {
    return { ...base, reason: 'no-eligible-location', detail: 'no candidate location is open with the needed capability' };
  }
  if (eligibleUnits >= need && lineSplitBanned(units, eligible, at, rules)) {
    return {
      ...base,
      reason: 'split-limit-exceeded',
      detail: `${eligibleUnits} units of ${line.sku} are available, but no single location holds all ${units} and the profile does not split a line across locations (allowLineSplit: false)`,
    };
  }
  if (eligibleUnits >= need) {
    return { ...base, reason: 'split-limit-exceeded', detail: `${eligibleUnits} units of ${line.sku} are available, but not within ${maxShipments} shipment${maxShipments === 1 ? '' : 's'}` };
  }
  const atCapacity = ranked.filter((c) => c.reasons.includes('daily-capacity-reached'));
  if (atCapacity.length > 0 && eligibleUnits + held(atCapacity, 'usable') >= need) {
    return { ...base, reason: 'capacity-exhausted', detail: `locations holding ${line.sku} have used their daily capacity` };
  }
  const rejected = ranked.filter((c) => c.reasons.some((r) => r.startsWith('rejected')));
  if (rejected.length > 0 && held(rejected, 'atp') > 0) {
    return { ...base, reason: 'all-locations-rejected', detail: `the locations holding ${line.sku} rejected the order` };
  }
  return { ...base, reason: 'insufficient-stock', detail: `${eligibleUnits} of ${need} units of ${line.sku} available at eligible locations` };
}
