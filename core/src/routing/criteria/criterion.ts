import type { Location, RoutingOrder } from '../engine-types.ts';

/** What a criterion knows of one candidate location. */
export interface CandidateFacts {
  location: Location;
  /** Available-to-promise units of each needed SKU, in the order of {@link PoolFacts.skus}. */
  atp: readonly number[];
  /** Units of each needed SKU the location may supply (after store protection), same order. */
  usable: readonly number[];
  /** Distance from the destination, when both have coordinates. */
  distanceKm?: number | undefined;
  /** Fulfillments assigned to the location today. */
  load: number;
  /** Shipping cost of one shipment from the location, when the profile has a cost table and a row matches. */
  shippingCost?: number | undefined;
}

/** What a criterion knows of the whole candidate pool. */
export interface PoolFacts {
  order: RoutingOrder;
  /** The SKUs the lines need, in first-seen order; the facts' unit arrays follow it. */
  skus: readonly string[];
  /** Units needed of each SKU, same order. */
  need: readonly number[];
  /** Farthest candidate with coordinates (km), 0 when none has. */
  maxDistanceKm: number;
  /** Cheapest and dearest priced candidate. */
  minCost?: number | undefined;
  maxCost?: number | undefined;
}

/**
 * A criterion's rating of one location: 0..1, or -1 with the reasons to exclude it. The detail
 * (a sentence for people) may be given as a function: it is only written out for the candidates
 * a decision explains in full, which spares building it for the many others.
 */
export interface Rating {
  score: number;
  detail: string | (() => string);
  reasons?: string[] | undefined;
}

/** Rates one candidate under a criterion's configuration. */
export type Rater<C> = (config: C, facts: CandidateFacts, pool: PoolFacts) => Rating;

/** A rating that excludes the location. */
export function exclude(detail: string | (() => string), ...reasons: string[]): Rating {
  return { score: -1, detail, reasons };
}
