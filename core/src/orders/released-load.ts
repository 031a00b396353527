import { releaseDailyLoad } from '../routing/daily-load.ts';
import type { SqlExecutor } from '../store/store.ts';
import type { OrderFlowDeps } from './dispatch.ts';
import type { FulfillmentRecord } from './fulfillment-store.ts';

/**
 * Takes fulfillment requests that stopped holding their location's work (cancelled, rejected or
 * timed out) off the location's daily capacity for the day they were requested; with `restore`
 * they count again (an undone cancellation). A request only partly rejected keeps counting.
 */
export async function releaseFulfillmentLoad(tx: SqlExecutor, deps: OrderFlowDeps, fulfillments: readonly Pick<FulfillmentRecord, 'locationId' | 'requestedAt'>[], restore = false): Promise<void> {
  if (fulfillments.length === 0) return;
  const byId = new Map((await deps.catalog.locations(tx)).map((location) => [location.id, location]));
  const counted = fulfillments.flatMap((f) => {
    const location = byId.get(f.locationId);
    return location === undefined ? [] : [{ location, countedAt: new Date(f.requestedAt) }];
  });
  await releaseDailyLoad(tx, counted, restore);
}
