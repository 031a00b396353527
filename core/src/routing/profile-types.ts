import type { LocationV1 } from '../generated/schema-types.ts';

/** Kind of location, as the canonical location schema names them. */
export type LocationType = LocationV1['type'];

/** Lifecycle of a routing profile version: editable draft, the one active version, or retired. */
export type ProfileStatus = 'draft' | 'active' | 'inactive';

/** Operators of a profile condition. */
export type ConditionOperator = 'eq' | 'ne' | 'in' | 'not-in' | 'exists' | 'not-exists' | 'gt' | 'gte' | 'lt' | 'lte' | 'starts-with';

/**
 * One test on the order: `path` is a dot path into the canonical order (`deliveryMethod`,
 * `channel`, `attributes.tier`, `shippingAddress.country`, `totals.grandTotal.amount`).
 */
export interface ProfileCondition {
  path: string;
  operator: ConditionOperator;
  /** Compared value: a string or number, or a list for `in` / `not-in`; absent for `exists`. */
  value?: string | number | boolean | (string | number)[] | undefined;
}

/** When a profile applies: every rule (`all`) or at least one (`any`); no rules means always. */
export interface ProfileConditions {
  match: 'all' | 'any';
  rules: ProfileCondition[];
}

/** Which locations a profile considers. Empty or absent lists mean no restriction. */
export interface CandidateSelection {
  /** Only locations in at least one of these groups. */
  groups?: string[] | undefined;
  /** Only locations of these types. */
  types?: LocationType[] | undefined;
  /** Never these locations. */
  excludeLocationIds?: string[] | undefined;
}

/** Fields every criterion takes. */
interface CriterionBase {
  /** Weight in the combined score; by default earlier criteria weigh more (n, n-1 ... 1). */
  weight?: number | undefined;
}

/** Distance from the delivery address (or the pickup store), haversine. */
export interface DistanceCriterion extends CriterionBase {
  type: 'distance';
  /** Exclude locations farther than this; also the distance that scores 0 (else the farthest candidate). */
  maxKm?: number | undefined;
}

/** Share of the ordered units the location can supply. */
export interface StockCriterion extends CriterionBase {
  type: 'stock';
  /** Exclude locations that cannot supply every line in full. */
  requireAll?: boolean | undefined;
}

/** Preferred location types, best first. */
export interface LocationTypeCriterion extends CriterionBase {
  type: 'location-type';
  preference: LocationType[];
  /** Types never used under this profile. */
  exclude?: LocationType[] | undefined;
}

/** Keeps the last units of a SKU in protected locations (stores by default) for walk-in customers. */
export interface StoreProtectionCriterion extends CriterionBase {
  type: 'store-protection';
  /** Units per SKU a protected location keeps; it supplies only what it has beyond them. */
  minAvailable: number;
  /** Protected location types (default: store). */
  locationTypes?: LocationType[] | undefined;
}

/** Fulfillments assigned today against the location's daily capacity. */
export interface DailyCapacityCriterion extends CriterionBase {
  type: 'daily-capacity';
}

/** A manual ranking of locations (`<locationId>`) or groups (`group:<name>`), best first. */
export interface PriorityCriterion extends CriterionBase {
  type: 'priority';
  ranking: string[];
}

/** Where a shipping rate applies from. */
export interface RateOrigin {
  locationId?: string | undefined;
  type?: LocationType | undefined;
  group?: string | undefined;
}

/** Where a shipping rate applies to. */
export interface RateDestination {
  country?: string | undefined;
  region?: string | undefined;
}

/** One row of a shipping cost table: the first matching row prices a shipment. */
export interface ShippingRate {
  from?: RateOrigin | undefined;
  to?: RateDestination | undefined;
  /** Cost of one shipment as a decimal string in the table's currency. */
  cost: string;
}

/** Cost of a shipment from the location to the destination, from a table. */
export interface ShippingCostCriterion extends CriterionBase {
  type: 'shipping-cost';
  currency: string;
  rates: ShippingRate[];
  /** What happens to a location no row prices: excluded, or scored as the worst (default). */
  unpriced?: 'exclude' | 'worst' | undefined;
}

/** One criterion of a profile; they rate each location 0..1 or -1 to exclude, in sequence. */
export type CriterionConfig =
  | DistanceCriterion
  | StockCriterion
  | LocationTypeCriterion
  | StoreProtectionCriterion
  | DailyCapacityCriterion
  | PriorityCriterion
  | ShippingCostCriterion;

/** Name of a criterion type. */
export type CriterionType = CriterionConfig['type'];

/** How an order may be spread over locations. */
export interface SplitPolicy {
  /** Most locations (shipments) one order may be split over. */
  maxShipments: number;
  /** Whether one line's quantity may come from several locations (default true). */
  allowLineSplit?: boolean | undefined;
  /** Whether to assign what can be assigned when the whole order cannot (default true). */
  allowPartial?: boolean | undefined;
  /** Most location combinations examined by the fewest-split search (default 10,000). */
  maxCombinations?: number | undefined;
}

/** Pickup orders: how many alternative stores to propose when the chosen one lacks a line. */
export interface PickupPolicy {
  alternatives?: number | undefined;
}

/** The body of a routing profile version: when it applies and how it routes. */
export interface RoutingProfileDefinition {
  description?: string | undefined;
  /** Selection order among active profiles: lower is tried first. */
  priority: number;
  conditions?: ProfileConditions | undefined;
  candidates?: CandidateSelection | undefined;
  criteria: CriterionConfig[];
  split: SplitPolicy;
  pickup?: PickupPolicy | undefined;
  /** Minutes a location has to accept a fulfillment request before it is re-routed (default 120). */
  acceptanceMinutes?: number | undefined;
  explain?: ExplainPolicy | undefined;
}

/**
 * How much of its reasoning a decision writes out. Every candidate always keeps its scores and
 * exclusion reasons; the sentences explaining each score are written for the best-ranked
 * candidates, the assigned ones and a pickup order's store.
 */
export interface ExplainPolicy {
  /** Best-ranked candidates whose scores carry their detail (default 25). */
  detailedCandidates?: number | undefined;
}

/** One stored version of a routing profile. */
export interface RoutingProfile {
  id: string;
  version: number;
  status: ProfileStatus;
  definition: RoutingProfileDefinition;
  comment?: string | undefined;
  createdAt: string;
  activatedAt?: string | undefined;
  deactivatedAt?: string | undefined;
}

/** `id@version` of a profile. */
export interface ProfileRef {
  id: string;
  version: number;
}

/** Default of {@link SplitPolicy.maxCombinations}: Salesforce's findRoutesWithFewestSplits caps its search at 10,000 combinations too. */
export const DEFAULT_MAX_COMBINATIONS = 10_000;

/** Default of {@link RoutingProfileDefinition.acceptanceMinutes}: two hours, a store shift's usual pick window. */
export const DEFAULT_ACCEPTANCE_MINUTES = 120;

/**
 * Default of {@link ExplainPolicy.detailedCandidates}: enough to show why the runners-up lost,
 * while a decision over hundreds of locations stays a few tens of KB instead of a hundred.
 */
export const DEFAULT_DETAILED_CANDIDATES = 25;

/** Default of {@link PickupPolicy.alternatives}. */
export const DEFAULT_PICKUP_ALTERNATIVES = 3;
