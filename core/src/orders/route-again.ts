import { HubError } from '../errors/hub-error.ts';
import { selectProfile } from '../routing/conditions.ts';
import type { SqlExecutor, Store } from '../store/store.ts';
import { routeAndDispatch, RoutingRaceLost, type Dispatched, type OrderFlowDeps } from './dispatch.ts';
import type { Emit } from './emitter.ts';
import { openLines } from './order-progress.ts';
import { assertOrderRules } from './order-rules.ts';
import { lockOrder, type OrderRecord } from './order-store.ts';
import type { InternalStatus } from './order-status.ts';

/** Statuses an order can be routed again from: nothing of it is requested from any location. */
export const ROUTABLE_AGAIN: ReadonlySet<InternalStatus> = new Set(['on-hold', 'unfillable']);

/** Held orders routed again per profile activation at most (the rest: `POST /v1/orders/{id}/route`). */
export const MAX_HELD_ORDERS_ROUTED = 200;

/**
 * Routes an order again, in the caller's transaction: one on hold (no profile applied when it
 * came in) or unfillable (nothing could be assigned), with its open lines, as a new decision.
 * `not-found` for an unknown order, `conflict` for one in any other status. Undefined when still
 * no active profile applies (the order stays on hold).
 */
export async function routeOrderAgain(tx: SqlExecutor, deps: OrderFlowDeps, emit: Emit, orderId: string, cause: string): Promise<Dispatched | undefined> {
  const record = await lockOrder(tx, orderId);
  if (record === undefined) throw new HubError('not-found', { detail: `no order ${orderId}` });
  if (!ROUTABLE_AGAIN.has(record.status)) {
    throw new HubError('conflict', { detail: `order ${orderId} is ${record.status}: only an order on hold or unfillable is routed again` });
  }
  return routeLockedAgain(tx, deps, emit, record, cause);
}

/** Routes again an order the caller locked and found routable again (see {@link routeOrderAgain}). */
function routeLockedAgain(tx: SqlExecutor, deps: OrderFlowDeps, emit: Emit, record: OrderRecord, cause: string): Promise<Dispatched | undefined> {
  assertOrderRules(record.order);
  return routeAndDispatch(tx, deps, emit, record, openLines(record), { event: 'routed-again', cause });
}

/** What {@link routeHeldOrders} did. */
export interface HeldOrdersRouted {
  /** Orders on hold an active profile now applies to, routed again. */
  routed: number;
  /** Orders whose routing failed for now (a lost race for stock); they stay on hold. */
  failed: number;
  /** Orders still on hold afterwards (no profile applies, or beyond this run's bound). */
  remaining: number;
}

/**
 * Routes again the orders on hold that an active profile now applies to (after an activation),
 * oldest first and at most `limit`, each in its own transaction. Orders no profile applies to are
 * left alone with their history untouched, so running it again changes nothing more.
 */
export async function routeHeldOrders(store: Store, deps: OrderFlowDeps, emitter: (tx: SqlExecutor) => Emit, limit = MAX_HELD_ORDERS_ROUTED): Promise<HeldOrdersRouted> {
  const profiles = await deps.catalog.profiles(store);
  const result: HeldOrdersRouted = { routed: 0, failed: 0, remaining: 0 };
  let after: { createdAt: Date; id: string } | undefined;
  const page = 500;
  while (result.routed + result.failed < limit) {
    const { rows } = await store.query<{ id: string; created_at: Date; document: Parameters<typeof selectProfile>[1] }>(
      `select id, created_at, document from orders where status = 'on-hold'
       ${after === undefined ? '' : 'and (created_at, id) > ($2::timestamptz, $3::text)'} order by created_at, id limit $1`,
      after === undefined ? [page] : [page, after.createdAt, after.id],
    );
    for (const row of rows) {
      if (result.routed + result.failed >= limit) break;
      if (selectProfile(profiles, row.document) === undefined) continue;
      try {
        const routed = await store.transaction(async (tx) => {
          // Another process may have routed or cancelled it since the page was read.
          const record = await lockOrder(tx, row.id);
          if (record?.status !== 'on-hold') return false;
          return (await routeLockedAgain(tx, deps, emitter(tx), record, 'a routing profile now applies')) !== undefined;
        });
        if (routed) result.routed += 1;
      } catch (error: unknown) {
        if (!(error instanceof RoutingRaceLost) && !(error instanceof HubError)) throw error;
        result.failed += 1;
      }
    }
    const last = rows.at(-1);
    if (rows.length < page || last === undefined) break;
    after = { createdAt: last.created_at, id: last.id };
  }
  const { rows } = await store.query<{ n: number }>("select count(*)::int as n from orders where status = 'on-hold'");
  result.remaining = rows[0]?.n ?? 0;
  return result;
}
