import type { RoutingDecisionV1Assignment, RoutingDecisionV1UnassignedLine } from '../generated/schema-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import type { Dispatched } from './dispatch.ts';
import { orderFulfillments, type FulfillmentRecord } from './fulfillment-store.ts';
import { customerStatusOf, type CustomerStatus, type InternalStatus } from './order-status.ts';

/** The latest routing decision of an order, in short: what goes where, and what could not. */
export interface RoutingSummary {
  decisionId: string;
  profile: { id: string; version: number };
  attempt: number;
  splitCount: number;
  assignments: RoutingDecisionV1Assignment[];
  unassigned: RoutingDecisionV1UnassignedLine[];
}

/**
 * What taking an order in answers: its status, the outcome of its latest routing and its
 * fulfillment requests. The candidates' scores stay out (the order's view and
 * `omnihub routing explain` have them): an answer per order stays small however many locations
 * were considered.
 */
export interface OrderReceipt {
  orderId: string;
  status: InternalStatus;
  customerStatus: CustomerStatus;
  routing?: RoutingSummary | undefined;
  fulfillments: FulfillmentRecord[];
}

/** The receipt of an order just routed and dispatched (or put on hold: no `dispatched`). */
export function receiptOf(orderId: string, dispatched: Dispatched | undefined): OrderReceipt {
  if (dispatched === undefined) return { orderId, status: 'on-hold', customerStatus: customerStatusOf('on-hold'), fulfillments: [] };
  const { decision } = dispatched.outcome;
  return {
    orderId,
    status: dispatched.status,
    customerStatus: customerStatusOf(dispatched.status),
    routing: { decisionId: decision.id, profile: decision.profile, attempt: decision.attempt ?? 1, splitCount: decision.splitCount, assignments: decision.assignments, unassigned: decision.unassigned },
    fulfillments: dispatched.fulfillments,
  };
}

/** The receipt of a stored order (its latest decision read without its candidates), or undefined. */
export async function getOrderReceipt(db: SqlExecutor, orderId: string): Promise<OrderReceipt | undefined> {
  const { rows } = await db.query<{ status: InternalStatus; customer_status: CustomerStatus }>('select status, customer_status from orders where id = $1', [orderId]);
  const order = rows[0];
  if (order === undefined) return undefined;
  const { rows: decisions } = await db.query<{ summary: RoutingSummary }>(
    `select jsonb_build_object('decisionId', id, 'profile', decision->'profile', 'attempt', attempt, 'splitCount', decision->'splitCount',
       'assignments', decision->'assignments', 'unassigned', decision->'unassigned') as summary
     from routing_decisions where order_id = $1 order by attempt desc limit 1`,
    [orderId],
  );
  return {
    orderId,
    status: order.status,
    customerStatus: order.customer_status,
    ...(decisions[0] === undefined ? {} : { routing: decisions[0].summary }),
    fulfillments: await orderFulfillments(db, orderId),
  };
}
