import { round4 } from '../geo.ts';
import type { LocationTypeCriterion } from '../profile-types.ts';
import { exclude, type Rater } from './criterion.ts';

/** First preferred type scores 1, the next ones less, unlisted types 0; excluded types -1. */
export const rateLocationType: Rater<LocationTypeCriterion> = (config, facts) => {
  const type = facts.location.type;
  if (config.exclude?.includes(type) === true) return exclude(`${type} locations are excluded`, `location-type-excluded:${type}`);
  const index = config.preference.indexOf(type);
  if (index < 0) return { score: 0, detail: () => `${type} is not a preferred type` };
  return { score: round4((config.preference.length - index) / config.preference.length), detail: () => `${type} is preference ${index + 1} of ${config.preference.length}` };
};
