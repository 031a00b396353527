import type { RoutingDecisionV1UnassignedLine } from '../generated/schema-types.ts';
import type { Candidate, Need } from './candidates.ts';
import type { PickupAlternative, RoutingLine } from './engine-types.ts';
import { DEFAULT_PICKUP_ALTERNATIVES, type PickupPolicy } from './profile-types.ts';
import type { Allocation } from './split-search.ts';

/** What routing a pickup order gave. */
export interface PickupResult {
  allocations: Allocation[];
  unassigned: RoutingDecisionV1UnassignedLine[];
  alternatives: PickupAlternative[];
}

function holdsEverything(candidate: Candidate, need: Need): boolean {
  return need.units.every((units, s) => (candidate.facts.usable[s] ?? 0) >= units);
}

function describe(alternatives: readonly PickupAlternative[]): string {
  if (alternatives.length === 0) return 'no other pickup store holds every line';
  return `stores holding every line, nearest first: ${alternatives.map((a) => (a.distanceKm === undefined ? a.locationId : `${a.locationId} (${a.distanceKm.toFixed(1)} km)`)).join(', ')}`;
}

/**
 * A pickup order goes whole to the store the customer chose, or nowhere: when that store cannot
 * give every line (out of stock, paused, at capacity), nothing is assigned and the decision
 * proposes the eligible pickup stores that hold every line, nearest to the chosen one first.
 */
export function routePickup(lines: readonly RoutingLine[], storeId: string | undefined, ranked: readonly Candidate[], need: Need, policy: PickupPolicy | undefined): PickupResult {
  const store = ranked.find((candidate) => candidate.facts.location.id === storeId);
  if (store !== undefined && !store.excluded && holdsEverything(store, need)) {
    return { allocations: lines.map((line) => ({ line, locationId: store.facts.location.id, quantity: line.quantity })), unassigned: [], alternatives: [] };
  }
  const alternatives = ranked
    .filter((candidate) => candidate !== store && !candidate.excluded && holdsEverything(candidate, need))
    .sort((a, b) => (a.facts.distanceKm ?? Number.POSITIVE_INFINITY) - (b.facts.distanceKm ?? Number.POSITIVE_INFINITY) || (a.facts.location.id < b.facts.location.id ? -1 : 1))
    .slice(0, policy?.alternatives ?? DEFAULT_PICKUP_ALTERNATIVES)
    .map((candidate) => ({ locationId: candidate.facts.location.id, ...(candidate.facts.distanceKm === undefined ? {} : { distanceKm: candidate.facts.distanceKm }) }));
  const proposal = describe(alternatives);
  const unassigned = lines.map((line): RoutingDecisionV1UnassignedLine => {
    const base = { lineId: line.lineId, sku: line.sku, quantity: line.quantity };
    if (storeId === undefined) return { ...base, reason: 'other', detail: 'a pickup order needs a pickupLocationId' };
    if (store === undefined) return { ...base, reason: 'no-eligible-location', detail: `pickup store ${storeId} is not a known location; ${proposal}` };
    if (store.reasons.includes('daily-capacity-reached')) return { ...base, reason: 'capacity-exhausted', detail: `pickup store ${storeId} has used its daily capacity; ${proposal}` };
    if (store.excluded && !store.reasons.every((r) => r.startsWith('insufficient-stock') || r.startsWith('store-protection'))) {
      return { ...base, reason: 'no-eligible-location', detail: `pickup store ${storeId} cannot take it (${store.reasons.join(', ')}); ${proposal}` };
    }
    const at = need.index.get(line.sku) ?? -1;
    const usable = store.facts.usable[at] ?? 0;
    const wanted = need.units[at] ?? line.quantity;
    if (usable < wanted) return { ...base, reason: 'insufficient-stock', detail: `pickup store ${storeId} has ${usable} of ${wanted}; ${proposal}` };
    return { ...base, reason: 'other', detail: `pickup store ${storeId} holds this line but not every line of the order; ${proposal}` };
  });
  return { allocations: [], unassigned, alternatives };
}
