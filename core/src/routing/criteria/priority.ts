import { round4 } from '../geo.ts';
import type { PriorityCriterion } from '../profile-types.ts';
import type { Rater } from './criterion.ts';

/** Position of the location in a manual ranking of location ids and `group:<name>` entries. */
export const ratePriority: Rater<PriorityCriterion> = (config, facts) => {
  const { id, groups = [] } = facts.location;
  const index = config.ranking.findIndex((entry) => entry === id || (entry.startsWith('group:') && groups.includes(entry.slice('group:'.length))));
  if (index < 0) return { score: 0, detail: 'not in the manual ranking' };
  const entry = config.ranking[index] ?? id;
  return { score: round4((config.ranking.length - index) / config.ranking.length), detail: () => `rank ${index + 1} of ${config.ranking.length} (${entry})` };
};
