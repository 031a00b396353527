import type { RoutingDecisionV1Assignment, RoutingDecisionV1UnassignedLine } from '../generated/schema-types.ts';
import { candidateRecord, rankCandidates, type Candidate, type Need } from './candidates.ts';
import { shippingRate } from './criteria/index.ts';
import type { RoutingExplanation, RoutingOutcome, RoutingRequest, SearchReport } from './engine-types.ts';
import { routePickup } from './pickup.ts';
import { DEFAULT_DETAILED_CANDIDATES, type ShippingCostCriterion } from './profile-types.ts';
import { allocate, pickGreedy, searchFewestSplits, type Allocation } from './split-search.ts';
import { lineSplitBanned, unassignedReason, type SplitRules } from './unassigned.ts';

/** Most candidates the canonical decision records (its schema's limit); the best ranked are kept. */
const MAX_RECORDED_CANDIDATES = 1000;

interface Placement {
  allocations: Allocation[];
  unassigned: RoutingDecisionV1UnassignedLine[];
  notChosen?: Record<string, string> | undefined;
  search: SearchReport;
  alternatives?: RoutingExplanation['pickupAlternatives'];
}

function placeShipment(request: RoutingRequest, ranked: readonly Candidate[], need: Need): Placement {
  const { lines } = request.order;
  const policy = request.profile.definition.split;
  const allowLineSplit = policy.allowLineSplit !== false;
  const contributors = ranked.filter((candidate) => !candidate.excluded && candidate.facts.usable.some((units) => units > 0));
  const search = searchFewestSplits(contributors, lines, need, policy);
  const report = { combinationsExamined: search.examined, budgetExhausted: search.budgetExhausted, feasibleCombinations: search.feasible };
  let members = search.members;
  let strategy: SearchReport['strategy'] = members === undefined ? 'partial' : members.length === 1 ? 'single' : 'fewest-split';
  if (members === undefined) members = policy.allowPartial === false ? [] : pickGreedy(contributors, need, policy.maxShipments);
  const { allocations, remainders } = allocate(lines, members, need, allowLineSplit);
  if (allocations.length === 0) strategy = 'none';
  const rules: SplitRules = { maxShipments: policy.maxShipments, allowLineSplit };
  let unassigned = lines.flatMap((line) => {
    const units = remainders.get(line.lineId) ?? 0;
    return units > 0 ? [unassignedReason(line, units, ranked, need, rules)] : [];
  });
  if (members.length === 0 && unassigned.some((u) => u.reason !== 'split-limit-exceeded')) {
    // Whole orders only: a line that could ship waits for the lines that cannot.
    unassigned = unassigned.map((u) =>
      u.reason === 'split-limit-exceeded' ? { ...u, reason: 'other', detail: 'available, but the profile routes whole orders only and another line cannot be placed' } : u,
    );
  }
  const notChosen = whyNotChosen(ranked, allocations, unassigned, need, rules);
  return { allocations, unassigned, notChosen, search: { strategy, ...report, ...(search.members === undefined ? {} : { fewestSplits: search.members.length }) } };
}

/**
 * Why each eligible location left out of the decision was not used although it holds units of a
 * line left unassigned: the line-split ban, the shipment limit, or whole orders only.
 */
function whyNotChosen(ranked: readonly Candidate[], allocations: readonly Allocation[], unassigned: readonly RoutingDecisionV1UnassignedLine[], need: Need, rules: SplitRules): Record<string, string> {
  const notChosen: Record<string, string> = {};
  if (unassigned.length === 0) return notChosen;
  const used = new Set(allocations.map((a) => a.locationId));
  const eligible = ranked.filter((c) => !c.excluded);
  // Whether a line is left out by the line-split ban depends on the line alone.
  const banned = unassigned.map((u) => u.reason === 'split-limit-exceeded' && lineSplitBanned(u.quantity, eligible, need.index.get(u.sku) ?? -1, rules));
  for (const candidate of eligible) {
    const id = candidate.facts.location.id;
    if (used.has(id)) continue;
    const why: string[] = [];
    for (const [index, u] of unassigned.entries()) {
      const at = need.index.get(u.sku) ?? -1;
      const held = candidate.facts.usable[at] ?? 0;
      if (held <= 0) continue;
      const holds = `holds ${held} × ${u.sku} for ${u.lineId}`;
      if (banned[index] === true) {
        why.push(`${holds}, not all ${u.quantity}, and the profile does not split a line across locations`);
      } else if (u.reason === 'split-limit-exceeded') {
        why.push(`${holds}, but using it would exceed the limit of ${rules.maxShipments} shipment${rules.maxShipments === 1 ? '' : 's'}`);
      } else if (u.reason === 'other') {
        why.push(`${holds}, but the profile routes whole orders only and another line cannot be placed`);
      } else {
        why.push(`${holds}, but not enough for the line within the split rules`);
      }
    }
    if (why.length > 0) notChosen[id] = why.join('; ').slice(0, 1000);
  }
  return notChosen;
}

/** Merges allocations of the same line and location, in first-seen order. */
function assignmentsOf(allocations: readonly Allocation[]): RoutingDecisionV1Assignment[] {
  const merged = new Map<string, RoutingDecisionV1Assignment>();
  for (const { line, locationId, quantity } of allocations) {
    const key = `${line.lineId}\u0000${locationId}`;
    const existing = merged.get(key);
    if (existing === undefined) merged.set(key, { lineId: line.lineId, sku: line.sku, locationId, quantity });
    else existing.quantity += quantity;
  }
  return [...merged.values()];
}

/**
 * Routes one order: a pure function of the request. Candidates are rated by the profile's
 * criteria in sequence (see {@link rankCandidates}); a pickup order goes whole to its store or
 * gets alternatives proposed; any other order is placed on the fewest locations that cover it
 * (bounded search), or on as few as the split limit allows, with what remains unassigned and
 * explained. The same request always gives the same decision.
 */
export function routeOrder(request: RoutingRequest): RoutingOutcome {
  const { ranked, need } = rankCandidates(request);
  const { order, profile } = request;
  const placement: Placement =
    order.deliveryMethod === 'pickup'
      ? (() => {
          const pickup = routePickup(order.lines, order.pickupLocationId, ranked, need, profile.definition.pickup);
          return {
            allocations: pickup.allocations,
            unassigned: pickup.unassigned,
            alternatives: pickup.alternatives,
            search: { strategy: pickup.allocations.length > 0 ? 'pickup' : 'none', combinationsExamined: 1, budgetExhausted: false, feasibleCombinations: pickup.allocations.length > 0 ? 1 : 0 },
          };
        })()
      : placeShipment(request, ranked, need);
  const assignments = assignmentsOf(placement.allocations);
  const detailed = profile.definition.explain?.detailedCandidates ?? DEFAULT_DETAILED_CANDIDATES;
  const used = [...new Set(assignments.map((a) => a.locationId))];
  // Only the few locations used are looked up: no index of every candidate.
  const candidateAt = (locationId: string): Candidate | undefined => ranked.find((candidate) => candidate.facts.location.id === locationId);
  const distancesKm: Record<string, number> = {};
  const shippingCosts: Record<string, string> = {};
  const costs = profile.definition.criteria.find((c): c is ShippingCostCriterion => c.type === 'shipping-cost');
  for (const locationId of used) {
    const candidate = candidateAt(locationId);
    if (candidate?.facts.distanceKm !== undefined) distancesKm[locationId] = candidate.facts.distanceKm;
    const cost = costs === undefined || candidate === undefined ? undefined : shippingRate(costs, candidate.facts.location, order.destination);
    if (cost !== undefined) shippingCosts[locationId] = cost;
  }
  return {
    decision: {
      id: request.decisionId,
      orderId: order.id,
      profile: { id: profile.id, version: profile.version },
      attempt: request.attempt,
      ...(request.dryRun === true ? { dryRun: true } : {}),
      decidedAt: request.decidedAt,
      candidates: ranked.slice(0, MAX_RECORDED_CANDIDATES).map((candidate, index) => {
        const id = candidate.facts.location.id;
        return candidateRecord(candidate, index < detailed || used.includes(id) || id === order.pickupLocationId);
      }),
      assignments,
      splitCount: used.length,
      unassigned: placement.unassigned,
    },
    explanation: {
      search: placement.search,
      ...(placement.alternatives === undefined || order.deliveryMethod !== 'pickup' ? {} : { pickupAlternatives: placement.alternatives }),
      ...(placement.notChosen === undefined || Object.keys(placement.notChosen).length === 0 ? {} : { notChosen: placement.notChosen }),
      distancesKm,
      ...(costs === undefined ? {} : { shippingCosts }),
    },
  };
}
