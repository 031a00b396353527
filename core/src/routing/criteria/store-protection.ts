import { round4 } from '../geo.ts';
import type { LocationType, StoreProtectionCriterion } from '../profile-types.ts';
import { exclude, type Rater } from './criterion.ts';

/** Location types protected when the criterion names none. */
export const DEFAULT_PROTECTED_TYPES: readonly LocationType[] = ['store'];

/** Whether the criterion protects locations of `type`. */
export function isProtected(config: StoreProtectionCriterion, type: LocationType): boolean {
  return (config.locationTypes ?? DEFAULT_PROTECTED_TYPES).includes(type);
}

/**
 * A protected location keeps `minAvailable` units of every SKU for its own customers: it supplies
 * only what it has beyond them (applied to usable stock before any criterion rates). It scores 1
 * when protection takes nothing away, the share it keeps when it trims the supply, and -1 when
 * its availability would fall below the threshold for everything it could otherwise supply.
 */
export const rateStoreProtection: Rater<StoreProtectionCriterion> = (config, facts, pool) => {
  if (!isProtected(config, facts.location.type)) return { score: 1, detail: () => `${facts.location.type} locations are not protected` };
  let raw = 0;
  let kept = 0;
  const bound: string[] = [];
  pool.skus.forEach((sku, index) => {
    const units = pool.need[index] ?? 0;
    const before = Math.min(units, facts.atp[index] ?? 0);
    const after = Math.min(units, facts.usable[index] ?? 0);
    raw += before;
    kept += after;
    if (after < before) bound.push(sku);
  });
  if (bound.length === 0) return { score: 1, detail: () => `keeps ${config.minAvailable} of each SKU; the order leaves enough` };
  const detail = () => `keeps ${config.minAvailable} of each SKU; would fall below it for ${bound.join(', ')}`;
  if (kept === 0) return exclude(detail, ...bound.map((sku) => `store-protection:${sku}`));
  return { score: round4(kept / raw), detail };
};
