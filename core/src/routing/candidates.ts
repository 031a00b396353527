import type { RoutingDecisionV1Candidate, RoutingDecisionV1CriterionScore } from '../generated/schema-types.ts';
import { isProtected, rate, shippingRate, type CandidateFacts, type PoolFacts } from './criteria/index.ts';
import type { Location, RoutingOrder, RoutingRequest } from './engine-types.ts';
import { haversineKm, round4, type GeoPoint } from './geo.ts';
import type { CriterionConfig, ShippingCostCriterion, StoreProtectionCriterion } from './profile-types.ts';

/** One criterion's rating of a candidate, its detail written out only when the decision explains it. */
export interface CandidateRating {
  criterion: CriterionConfig['type'];
  score: number;
  detail: string | (() => string);
}

/** One location considered for an order, with its facts, ratings and rank. */
export interface Candidate {
  facts: CandidateFacts;
  ratings: CandidateRating[];
  reasons: string[];
  excluded: boolean;
  totalScore: number;
}

/** The candidates of one order, ranked, with the pool facts the criteria used. */
export interface CandidatePool {
  /** Every candidate, eligible ones first by score (then id), excluded ones after (by id). */
  ranked: Candidate[];
  pool: PoolFacts;
  need: Need;
}

/** The SKUs an order's lines need, with the units of each, in first-seen order. */
export interface Need {
  skus: string[];
  units: number[];
  /** Position of each SKU in `skus`. */
  index: Map<string, number>;
}

/** Units needed per SKU over the lines to route. */
export function needOf(order: RoutingOrder): Need {
  const need: Need = { skus: [], units: [], index: new Map() };
  for (const line of order.lines) {
    let at = need.index.get(line.sku);
    if (at === undefined) {
      at = need.skus.length;
      need.index.set(line.sku, at);
      need.skus.push(line.sku);
      need.units.push(0);
    }
    need.units[at] = (need.units[at] ?? 0) + line.quantity;
  }
  return need;
}

/** The capability a location needs for the order's delivery method. */
function capabilityMissing(location: Location, method: RoutingOrder['deliveryMethod']): string | undefined {
  const has = (capability: Location['capabilities'][number]) => location.capabilities.includes(capability);
  switch (method) {
    case 'pickup':
      return has('pickup') ? undefined : 'capability-missing:pickup';
    case 'ship-from-store':
      return has('ship-from-store') ? undefined : 'capability-missing:ship-from-store';
    case 'ship':
    case 'same-day':
      return has('ship') || has('ship-from-store') ? undefined : 'capability-missing:ship';
  }
}

/** Whether the profile's candidate selection takes the location (closed locations never). */
function selected(request: RoutingRequest, location: Location): boolean {
  if (location.status === 'closed') return false;
  const { candidates } = request.profile.definition;
  if (candidates === undefined) return true;
  if (candidates.excludeLocationIds?.includes(location.id) === true) return false;
  if (candidates.types !== undefined && candidates.types.length > 0 && !candidates.types.includes(location.type)) return false;
  if (candidates.groups !== undefined && candidates.groups.length > 0 && !candidates.groups.some((group) => (location.groups ?? []).includes(group))) return false;
  return true;
}

function criterionOf<T extends CriterionConfig['type']>(criteria: readonly CriterionConfig[], type: T): Extract<CriterionConfig, { type: T }> | undefined {
  return criteria.find((criterion): criterion is Extract<CriterionConfig, { type: T }> => criterion.type === type);
}

/** Where distances are measured from: the delivery address, or the pickup store for pickups. */
export function originOf(request: RoutingRequest): GeoPoint | undefined {
  const { order } = request;
  if (order.deliveryMethod === 'pickup') return request.locations.find((location) => location.id === order.pickupLocationId)?.geo;
  return order.destination?.geo;
}

function factsOf(request: RoutingRequest, location: Location, need: Need, origin: GeoPoint | undefined, protection: StoreProtectionCriterion | undefined, costs: ShippingCostCriterion | undefined): CandidateFacts {
  const held = request.stock.get(location.id);
  const atp: number[] = [];
  const usable: number[] = [];
  const keep = protection !== undefined && isProtected(protection, location.type) ? protection.minAvailable : 0;
  for (const sku of need.skus) {
    const units = held === undefined ? 0 : Math.max(0, Math.floor(held.get(sku) ?? 0));
    atp.push(units);
    usable.push(Math.max(0, units - keep));
  }
  const cost = costs === undefined ? undefined : shippingRate(costs, location, request.order.destination);
  return {
    location,
    atp,
    usable,
    distanceKm: origin === undefined || location.geo === undefined ? undefined : round4(haversineKm(origin, location.geo)),
    load: request.load.get(location.id) ?? 0,
    shippingCost: cost === undefined ? undefined : Number(cost),
  };
}

const byId = (a: Candidate, b: Candidate): number => (a.facts.location.id < b.facts.location.id ? -1 : a.facts.location.id > b.facts.location.id ? 1 : 0);

/** Longest detail the canonical decision takes. */
const MAX_DETAIL = 1000;
/** Most exclusion reasons the canonical decision takes per candidate. */
const MAX_REASONS = 50;

/**
 * Builds and ranks the candidates of an order: locations the profile selects (plus the pickup
 * store of a pickup order), first checked for status, capability and earlier rejections, then
 * rated by each criterion in sequence. A location any criterion rates -1 is excluded; the others
 * rank by the weighted mean of their ratings, where by default earlier criteria weigh more
 * (weights n, n-1 ... 1 for n criteria), ties broken by location id.
 */
export function rankCandidates(request: RoutingRequest): CandidatePool {
  const { order, profile } = request;
  const { criteria } = profile.definition;
  const need = needOf(order);
  const origin = originOf(request);
  const protection = criterionOf(criteria, 'store-protection');
  const costs = criterionOf(criteria, 'shipping-cost');
  const weights = criteria.map((criterion, index) => criterion.weight ?? criteria.length - index);
  const weightSum = weights.reduce((sum, w) => sum + w, 0);

  const candidates: Candidate[] = [];
  for (const location of request.locations) {
    const isPickupStore = order.deliveryMethod === 'pickup' && location.id === order.pickupLocationId;
    if (!isPickupStore && !selected(request, location)) continue;
    const reasons: string[] = [];
    if (location.status === 'paused') reasons.push('location-paused');
    if (location.status === 'closed') reasons.push('location-closed');
    const missing = capabilityMissing(location, order.deliveryMethod);
    if (missing !== undefined) reasons.push(missing);
    const ruledOut = request.excluded?.get(location.id);
    if (ruledOut !== undefined) reasons.push(ruledOut);
    candidates.push({ facts: factsOf(request, location, need, origin, protection, costs), ratings: [], reasons, excluded: reasons.length > 0, totalScore: -1 });
  }

  const eligible = candidates.filter((candidate) => !candidate.excluded);
  const distances = eligible.flatMap((candidate) => (candidate.facts.distanceKm === undefined ? [] : [candidate.facts.distanceKm]));
  const prices = eligible.flatMap((candidate) => (candidate.facts.shippingCost === undefined ? [] : [candidate.facts.shippingCost]));
  const pool: PoolFacts = {
    order,
    skus: need.skus,
    need: need.units,
    maxDistanceKm: distances.length === 0 ? 0 : Math.max(...distances),
    minCost: prices.length === 0 ? undefined : Math.min(...prices),
    maxCost: prices.length === 0 ? undefined : Math.max(...prices),
  };

  for (const candidate of eligible) {
    let weighted = 0;
    // An indexed loop: this runs for every candidate and criterion of every decision.
    for (let index = 0; index < criteria.length; index += 1) {
      const criterion = criteria[index] as CriterionConfig;
      const rating = rate(criterion, candidate.facts, pool);
      candidate.ratings.push({ criterion: criterion.type, score: rating.score, detail: rating.detail });
      if (rating.score < 0) {
        candidate.excluded = true;
        candidate.reasons.push(...(rating.reasons ?? [criterion.type]));
      }
      weighted += (weights[index] ?? 0) * rating.score;
    }
    candidate.totalScore = candidate.excluded ? -1 : weightSum === 0 ? 0 : round4(weighted / weightSum);
  }
  for (const candidate of candidates) if (candidate.reasons.length > MAX_REASONS) candidate.reasons = candidate.reasons.slice(0, MAX_REASONS);

  const ranked = [
    ...candidates.filter((c) => !c.excluded).sort((a, b) => b.totalScore - a.totalScore || byId(a, b)),
    ...candidates.filter((c) => c.excluded).sort(byId),
  ];
  return { ranked, pool, need };
}

function written(detail: string | (() => string)): string {
  const text = typeof detail === 'string' ? detail : detail();
  return text.length > MAX_DETAIL ? text.slice(0, MAX_DETAIL) : text;
}

/**
 * A candidate as the canonical decision records it: every rating and exclusion reason, and with
 * `detailed` each rating's detail too.
 */
export function candidateRecord(candidate: Candidate, detailed: boolean): RoutingDecisionV1Candidate {
  const scores: RoutingDecisionV1CriterionScore[] = candidate.ratings.map((r) => (detailed ? { criterion: r.criterion, score: r.score, detail: written(r.detail) } : { criterion: r.criterion, score: r.score }));
  return { locationId: candidate.facts.location.id, totalScore: candidate.totalScore, excluded: candidate.excluded, exclusionReasons: candidate.reasons, scores };
}
