import type { LocationV1, RoutingDecisionV1 } from '../generated/schema-types.ts';
import type { GeoPoint } from './geo.ts';
import type { RoutingProfileDefinition } from './profile-types.ts';

/** A canonical location, as routing reads it. */
export type Location = LocationV1;

/** A canonical routing decision. */
export type RoutingDecision = RoutingDecisionV1;

/** Available-to-promise units: location id to SKU to units. Missing entries mean 0. */
export type StockSnapshot = ReadonlyMap<string, ReadonlyMap<string, number>>;

/** One order line (or what is left of it) to route. */
export interface RoutingLine {
  lineId: string;
  sku: string;
  quantity: number;
}

/** Where the goods go, as far as routing needs it. */
export interface Destination {
  geo?: GeoPoint | undefined;
  country?: string | undefined;
  region?: string | undefined;
}

/** The order facts routing works from. */
export interface RoutingOrder {
  id: string;
  deliveryMethod: 'ship' | 'pickup' | 'ship-from-store' | 'same-day';
  pickupLocationId?: string | undefined;
  destination?: Destination | undefined;
  lines: RoutingLine[];
}

/** Everything one routing decision depends on; the same request always gives the same decision. */
export interface RoutingRequest {
  decisionId: string;
  decidedAt: string;
  /** 1 for the first routing, then one more per re-routing. */
  attempt: number;
  dryRun?: boolean | undefined;
  order: RoutingOrder;
  profile: { id: string; version: number; definition: RoutingProfileDefinition };
  locations: readonly Location[];
  stock: StockSnapshot;
  /** Fulfillments already assigned today per location (daily capacity). */
  load: ReadonlyMap<string, number>;
  /** Locations ruled out for this order with the reason (e.g. `rejected:out-of-stock`). */
  excluded?: ReadonlyMap<string, string> | undefined;
}

/** A store proposed to a pickup customer when the chosen one lacks a line. */
export interface PickupAlternative {
  locationId: string;
  distanceKm?: number | undefined;
}

/** How the split search went. */
export interface SearchReport {
  /** single: one location takes everything; fewest-split: best combination of the fewest locations; partial: as much as the split limit allows; pickup; none: nothing assignable. */
  strategy: 'single' | 'fewest-split' | 'partial' | 'pickup' | 'none';
  combinationsExamined: number;
  /** Whether the search stopped at its combination budget. */
  budgetExhausted: boolean;
  /** Locations in the chosen combination when one covered the whole order. */
  fewestSplits?: number | undefined;
  feasibleCombinations: number;
}

/** What the canonical decision leaves out, kept beside it for explanations and simulation. */
export interface RoutingExplanation {
  search: SearchReport;
  pickupAlternatives?: PickupAlternative[] | undefined;
  /**
   * Eligible locations left unused although they hold units of a line left unassigned, with why
   * (the line-split ban, the shipment limit, whole orders only); absent when there are none.
   */
  notChosen?: Record<string, string> | undefined;
  /** Distance of each assigned location from the destination, km. */
  distancesKm: Record<string, number>;
  /** Estimated shipping cost per assigned location, when the profile prices shipments. */
  shippingCosts?: Record<string, string> | undefined;
}

/** A routing decision and its explanation. */
export interface RoutingOutcome {
  decision: RoutingDecision;
  explanation: RoutingExplanation;
}
