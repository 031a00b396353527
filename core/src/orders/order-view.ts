import { orderDecisions } from '../routing/decision-store.ts';
import type { RoutingOutcome } from '../routing/engine-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import { orderFulfillments, type FulfillmentRecord } from './fulfillment-store.ts';
import { canonicalStatusOf, type CustomerStatus, type InternalStatus } from './order-status.ts';
import { getOrder, statusHistory, type Order, type StatusChange } from './order-store.ts';

/** Everything known about one order: the order, its statuses and history, decisions and fulfillments. */
export interface OrderView {
  /** The canonical order, its `status` brought up to date. */
  order: Order;
  status: InternalStatus;
  customerStatus: CustomerStatus;
  routingAttempts: number;
  /** Locations ruled out for the order, with the reason. */
  excludedLocations: Record<string, string>;
  cancelledLineIds: string[];
  source: string;
  statusHistory: StatusChange[];
  /** Routing decisions with their explanations, first one first. */
  decisions: RoutingOutcome[];
  fulfillments: FulfillmentRecord[];
  createdAt: string;
  updatedAt: string;
}

/** The view of an order, or undefined when it is unknown. */
export async function getOrderView(db: SqlExecutor, orderId: string): Promise<OrderView | undefined> {
  const record = await getOrder(db, orderId);
  if (record === undefined) return undefined;
  return {
    order: { ...record.order, status: canonicalStatusOf(record.status) },
    status: record.status,
    customerStatus: record.customerStatus,
    routingAttempts: record.routingAttempt,
    excludedLocations: record.excludedLocations,
    cancelledLineIds: record.cancelledLineIds,
    source: record.source,
    statusHistory: await statusHistory(db, orderId),
    decisions: await orderDecisions(db, orderId),
    fulfillments: await orderFulfillments(db, orderId),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
