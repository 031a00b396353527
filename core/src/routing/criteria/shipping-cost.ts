import { round4 } from '../geo.ts';
import type { Destination, Location } from '../engine-types.ts';
import type { ShippingCostCriterion, ShippingRate } from '../profile-types.ts';
import { exclude, type Rater } from './criterion.ts';

function rateMatches(rate: ShippingRate, location: Location, destination: Destination | undefined): boolean {
  const { from, to } = rate;
  if (from?.locationId !== undefined && from.locationId !== location.id) return false;
  if (from?.type !== undefined && from.type !== location.type) return false;
  if (from?.group !== undefined && !(location.groups ?? []).includes(from.group)) return false;
  if (to?.country !== undefined && to.country !== destination?.country) return false;
  if (to?.region !== undefined && to.region !== destination?.region) return false;
  return true;
}

/** The first matching row of the table: the cost of one shipment from `location`, as written. */
export function shippingRate(config: ShippingCostCriterion, location: Location, destination: Destination | undefined): string | undefined {
  return config.rates.find((rate) => rateMatches(rate, location, destination))?.cost;
}

/** Cheapest candidate scores 1, dearest 0; a location no row prices is excluded or scores 0. */
export const rateShippingCost: Rater<ShippingCostCriterion> = (config, facts, pool) => {
  const cost = facts.shippingCost;
  if (cost === undefined) {
    return config.unpriced === 'exclude' ? exclude('no shipping rate to the destination', 'no-shipping-rate') : { score: 0, detail: 'no shipping rate to the destination' };
  }
  const detail = () => `${cost.toFixed(2)} ${config.currency} per shipment`;
  const min = pool.minCost ?? cost;
  const max = pool.maxCost ?? cost;
  return { score: max <= min ? 1 : round4(1 - (cost - min) / (max - min)), detail };
};
