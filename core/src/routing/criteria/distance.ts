import { round4 } from '../geo.ts';
import type { DistanceCriterion } from '../profile-types.ts';
import { exclude, type Rater } from './criterion.ts';

/**
 * Nearer is better: 1 at the destination, 0 at `maxKm` (or at the farthest candidate), -1 beyond
 * `maxKm`. A location or destination without coordinates scores 0: it is never preferred for
 * being unknown.
 */
export const rateDistance: Rater<DistanceCriterion> = (config, facts, pool) => {
  const km = facts.distanceKm;
  if (km === undefined) {
    return { score: 0, detail: pool.order.destination?.geo === undefined ? 'no coordinates for the destination' : 'the location has no coordinates' };
  }
  const shown = () => `${km < 10 ? km.toFixed(1) : km.toFixed(0)} km from the ${pool.order.deliveryMethod === 'pickup' ? 'pickup store' : 'delivery address'}`;
  if (config.maxKm !== undefined && km > config.maxKm) return exclude(() => `${shown()}, beyond ${config.maxKm ?? 0} km`, 'beyond-max-distance');
  const scale = config.maxKm ?? pool.maxDistanceKm;
  return { score: scale <= 0 ? 1 : round4(Math.max(0, 1 - km / scale)), detail: shown };
};
