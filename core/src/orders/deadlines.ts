import type { Logger } from 'pino';
import type { SqlExecutor, Store } from '../store/store.ts';
import type { OrderFlowDeps } from './dispatch.ts';
import type { Emit } from './emitter.ts';
import { getFulfillment, overdueFulfillmentIds } from './fulfillment-store.ts';
import { applyRejected } from './fulfillment-updates.ts';

/** Options of {@link sweepAcceptanceDeadlines}. */
export interface SweepOptions {
  /** The time deadlines are compared with (default: the flow's clock). */
  now?: Date | undefined;
  /** Most requests handled per sweep (default 100). */
  limit?: number | undefined;
  logger?: Logger | undefined;
}

/**
 * Re-routes fulfillment requests nobody accepted in time: each is treated as rejected with reason
 * `timeout` (its lines re-routed without that location) and a `fulfillment.rejected` event
 * withdraws it from the location's system. One transaction per request; several processes may
 * sweep at once (a request already handled is skipped). Returns how many were re-routed.
 */
export async function sweepAcceptanceDeadlines(store: Store, deps: OrderFlowDeps, emitter: (tx: SqlExecutor) => Emit, options: SweepOptions = {}): Promise<number> {
  const now = options.now ?? deps.clock?.() ?? new Date();
  let swept = 0;
  for (const id of await overdueFulfillmentIds(store, now, options.limit ?? 100)) {
    try {
      const applied = await store.transaction(async (tx) => {
        const current = await getFulfillment(tx, id);
        if (current?.status !== 'requested' || current.acceptBy === undefined || Date.parse(current.acceptBy) >= now.getTime()) return false;
        const detail = `not accepted by ${current.acceptBy}`;
        return (await applyRejected(tx, deps, emitter(tx), { fulfillmentId: id, reason: 'timeout', detail }, true)) === 'applied';
      });
      if (applied) swept += 1;
    } catch (error: unknown) {
      options.logger?.warn({ err: error, fulfillmentId: id }, 'could not re-route an overdue fulfillment request; the next sweep retries');
    }
  }
  return swept;
}
