import { round4 } from '../geo.ts';
import type { DailyCapacityCriterion } from '../profile-types.ts';
import { exclude, type Rater } from './criterion.ts';

/** 1 with no daily limit, else the share of today's capacity still free; -1 once it is used up. */
export const rateDailyCapacity: Rater<DailyCapacityCriterion> = (_config, facts) => {
  const limit = facts.location.dailyCapacity;
  if (limit === undefined) return { score: 1, detail: 'no daily limit' };
  const detail = () => `${facts.load} of ${limit} daily fulfillments used`;
  if (facts.load >= limit) return exclude(detail, 'daily-capacity-reached');
  return { score: round4(1 - facts.load / limit), detail };
};
