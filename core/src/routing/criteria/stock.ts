import { round4 } from '../geo.ts';
import type { StockCriterion } from '../profile-types.ts';
import { exclude, type Rater } from './criterion.ts';

/**
 * Share of the ordered units the location can supply (from what it may use after store
 * protection). Excluded when it supplies nothing, or less than everything under `requireAll`.
 */
export const rateStock: Rater<StockCriterion> = (config, facts, pool) => {
  let needed = 0;
  let covered = 0;
  const short: string[] = [];
  pool.skus.forEach((sku, index) => {
    const units = pool.need[index] ?? 0;
    const usable = facts.usable[index] ?? 0;
    needed += units;
    covered += Math.min(units, usable);
    if (usable < units) short.push(sku);
  });
  const reasons = () => short.map((sku) => `insufficient-stock:${sku}`);
  if (covered === 0) return exclude(short.length === pool.skus.length && pool.skus.length > 1 ? 'no line available' : () => `nothing available of ${short.join(', ')}`, ...reasons());
  if (short.length === 0) return { score: 1, detail: 'all lines available' };
  const detail = () => `${covered} of ${needed} units available; short of ${short.join(', ')}`;
  if (config.requireAll === true) return exclude(detail, ...reasons());
  return { score: round4(covered / needed), detail };
};
