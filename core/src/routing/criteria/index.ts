import type { CriterionConfig, CriterionType } from '../profile-types.ts';
import type { CandidateFacts, PoolFacts, Rater, Rating } from './criterion.ts';
import { rateDailyCapacity } from './daily-capacity.ts';
import { rateDistance } from './distance.ts';
import { rateLocationType } from './location-type.ts';
import { ratePriority } from './priority.ts';
import { rateShippingCost } from './shipping-cost.ts';
import { rateStock } from './stock.ts';
import { rateStoreProtection } from './store-protection.ts';

type Raters = { [K in CriterionType]: Rater<Extract<CriterionConfig, { type: K }>> };

/** Every criterion by type: the one place a criterion name meets its code. */
export const CRITERIA: Raters = {
  distance: rateDistance,
  stock: rateStock,
  'location-type': rateLocationType,
  'store-protection': rateStoreProtection,
  'daily-capacity': rateDailyCapacity,
  priority: ratePriority,
  'shipping-cost': rateShippingCost,
};

/** Rates one candidate under one criterion. */
export function rate(config: CriterionConfig, facts: CandidateFacts, pool: PoolFacts): Rating {
  // The map is keyed by the discriminant, so the config always reaches its own rater.
  const rater = CRITERIA[config.type] as Rater<CriterionConfig>;
  return rater(config, facts, pool);
}

export type { CandidateFacts, PoolFacts, Rating } from './criterion.ts';
export { shippingRate } from './shipping-cost.ts';
export { isProtected } from './store-protection.ts';
