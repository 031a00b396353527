import { instanceOfSource } from '../../customers/outbox-emitter.ts';
import type { CustomerOrder } from '../../customers/order-view.ts';
import type { SqlExecutor } from '../../store/store.ts';
import type { RefundInstances } from './step.ts';

/** The connector instance a refund goes to, or why none could be chosen. */
export type RefundTarget = { instanceId: string; connectorId: string } | { problem: string; kind: 'no-payment' | 'no-refund-instance' };

/** The chosen instance when it exists and is not disabled; otherwise why the refund is for a person. */
async function usable(db: SqlExecutor, order: CustomerOrder, target: { instanceId: string; connectorId: string }): Promise<RefundTarget> {
  const { rows } = await db.query<{ state: string }>('select state from connector_instances where id = $1', [target.instanceId]);
  const state = rows[0]?.state;
  // A paused instance resumes (or the refund times out); a disabled or unknown one never answers.
  if (state !== undefined && state !== 'disabled') return target;
  return {
    kind: 'no-refund-instance',
    problem: state === undefined ? `connector instance ${target.instanceId} that would refund order ${order.orderId} does not exist` : `connector instance ${target.instanceId} that would refund order ${order.orderId} is ${state}`,
  };
}

/**
 * Chooses the connector instance of the system that took the order's payment, in this order:
 * the flow's explicit routing for the gateway; the instance the order came from, when it is of
 * the gateway's connector (a Shopify order paid in Shopify); the one enabled instance of that
 * connector. Anything else (no payment recorded, a gateway "other", several candidates, none, a
 * chosen instance that does not exist or is disabled) is for a person to decide.
 */
export async function resolveRefundTarget(db: SqlExecutor, order: CustomerOrder | undefined, routing: RefundInstances): Promise<RefundTarget> {
  const gateway = order?.payment?.gateway;
  if (order === undefined || gateway === undefined) return { kind: 'no-payment', problem: `order ${order?.orderId ?? '(unknown)'} carries no payment to refund` };
  const configured = routing[gateway];
  if (configured !== undefined) return usable(db, order, { instanceId: configured, connectorId: gateway });
  if (gateway === 'other') return { kind: 'no-refund-instance', problem: `order ${order.orderId} was paid through a payment system omnihub does not refund through ("other")` };
  const source = instanceOfSource(order.source);
  if (source !== undefined && source.connectorId === gateway) return usable(db, order, { instanceId: source.instanceId, connectorId: gateway });
  const { rows } = await db.query<{ id: string }>("select id from connector_instances where connector_id = $1 and state = 'enabled' order by id", [gateway]);
  const [only, second] = rows;
  if (only !== undefined && second === undefined) return { instanceId: only.id, connectorId: gateway };
  return {
    kind: 'no-refund-instance',
    problem: only === undefined ? `no enabled ${gateway} connector instance can refund order ${order.orderId}` : `several ${gateway} instances could refund order ${order.orderId} (${rows.map((r) => r.id).join(', ')}); set the refund routing`,
  };
}
