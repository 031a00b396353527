import { HubError } from '../errors/hub-error.ts';
import { OrderCreated } from '../events/catalog.ts';
import type { SqlExecutor } from '../store/store.ts';
import { routeAndDispatch, type Dispatched, type OrderFlowDeps } from './dispatch.ts';
import type { Emit } from './emitter.ts';
import { openLines } from './order-progress.ts';
import { assertOrderRules } from './order-rules.ts';
import { insertOrder, type Order } from './order-store.ts';

/** Where an order came in and what to tell the rest of the hub. */
export interface IntakeContext {
  emit: Emit;
  /** `/v1/orders` for the API, the event's source for `order.created`. */
  source: string;
  correlationId?: string | undefined;
  /** Emit `order.created` (true when the order did not arrive as that event). */
  announce: boolean;
}

/**
 * What {@link intakeOrder} did: a new order, routed and dispatched (no `dispatched` when no
 * profile applies and it went on hold), or the same order seen again.
 */
export type IntakeOutcome = { kind: 'created'; dispatched?: Dispatched | undefined } | { kind: 'duplicate' };

/**
 * Takes an order in, from any channel, in the caller's transaction: stores it, announces it when
 * it did not arrive as an event, then routes and dispatches it (see {@link routeAndDispatch}).
 * The same order again is a duplicate and changes nothing; another order under a known id is a
 * `conflict`. The order must already be valid against the canonical order schema; one breaking
 * the hub's order rules (see {@link assertOrderRules}) is refused with `validation-failed`.
 */
export async function intakeOrder(tx: SqlExecutor, deps: OrderFlowDeps, context: IntakeContext, order: Order): Promise<IntakeOutcome> {
  assertOrderRules(order);
  const inserted = await insertOrder(tx, order, { source: context.source, correlationId: context.correlationId });
  if (inserted.kind === 'different') throw new HubError('conflict', { detail: `order ${order.id} already exists with different content` });
  if (inserted.kind === 'same') return { kind: 'duplicate' };
  if (context.announce) await context.emit(OrderCreated, { order }, { subject: order.id, partitionKey: order.id });
  const dispatched = await routeAndDispatch(tx, deps, context.emit, inserted.record, openLines(inserted.record), { event: 'routed' });
  return { kind: 'created', dispatched };
}
