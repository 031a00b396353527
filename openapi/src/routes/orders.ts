import { Router, type Response } from 'express';
import {
  assertOrderRules,
  cancelOrder,
  getOrderReceipt,
  getOrderView,
  HubError,
  ORDERS_SOURCE,
  outboxEmitter,
  receiptOf,
  routeOrderAgain,
  RoutingRaceLost,
  type CancelReason,
  type Emit,
  type IntakeOutcome,
  type Order,
  type OrderIntakeQueue,
  type OrderFlowDeps,
  type OrderReceipt,
  type OrderView,
  type SchemaRegistry,
  type SqlExecutor,
  type Store,
} from '@omnihub/core';
import type { components } from '../generated/api-types.ts';
import { stringParam } from '../http/request-state.ts';

type Schemas = components['schemas'];

/** Dependencies of the order routes. */
export interface OrderRouteDeps {
  store: Store;
  registry: SchemaRegistry;
  flow: OrderFlowDeps;
  /** Takes posted orders in, several per transaction under load. */
  intake: OrderIntakeQueue;
  /** Called after events were queued in the outbox, to relay them at once. */
  onOutboxQueued: () => void;
}

/** The request's correlation id (set by the correlation middleware). */
export function correlationOf(res: Response): string | undefined {
  const value: unknown = res.locals['correlationId'];
  return typeof value === 'string' ? value : undefined;
}

/** An emitter for the request's transactions: events carry its correlation id. */
export function requestEmitter(registry: SchemaRegistry, res: Response): (tx: SqlExecutor) => Emit {
  const correlationId = correlationOf(res);
  return (tx) => outboxEmitter(tx, registry, { source: ORDERS_SOURCE, correlationId });
}

/** A receipt as the contract has it. */
function receiptBody(receipt: OrderReceipt): Schemas['OrderReceipt'] {
  return receipt as Schemas['OrderReceipt'];
}

/** The view of an order as the contract has it. */
export function orderBody(view: OrderView): Schemas['OrderView'] {
  return view as unknown as Schemas['OrderView'];
}

async function viewOf(store: Store, orderId: string): Promise<Schemas['OrderView']> {
  const view = await getOrderView(store, orderId);
  if (view === undefined) throw new HubError('not-found', { detail: `no order ${orderId}` });
  return orderBody(view);
}

/**
 * `POST /v1/orders`, `GET /v1/orders/{orderId}`, `POST /v1/orders/{orderId}/route` and
 * `POST /v1/orders/{orderId}/cancel`: order intake (routed, reserved and dispatched with other
 * orders arriving at the same time, see `OrderIntakeQueue`), the order's full view, routing an
 * order on hold or unfillable again, and cancellation as compensating steps.
 */
export function orderRoutes(deps: OrderRouteDeps): Router {
  const router = Router();

  router.post('/v1/orders', async (req, res) => {
    deps.registry.assertValid({ name: 'order', version: 1 }, req.body);
    const order = req.body as Order;
    assertOrderRules(order);
    const correlationId = correlationOf(res);
    let outcome: IntakeOutcome;
    try {
      outcome = await deps.intake.submit({ order, source: '/v1/orders', emitter: { source: ORDERS_SOURCE, correlationId }, announce: true });
    } catch (error: unknown) {
      if (error instanceof RoutingRaceLost) throw new HubError('conflict', { detail: `${error.message}: the stock changed while routing; retry the request` });
      throw error;
    }
    if (outcome.kind === 'created') {
      res.status(201).setHeader('location', `/v1/orders/${encodeURIComponent(order.id)}`);
      res.json(receiptBody(receiptOf(order.id, outcome.dispatched)));
      return;
    }
    const receipt = await getOrderReceipt(deps.store, order.id);
    if (receipt === undefined) throw new HubError('not-found', { detail: `no order ${order.id}` });
    res.json(receiptBody(receipt));
  });

  router.get('/v1/orders/:orderId', async (_req, res) => {
    res.json(await viewOf(deps.store, stringParam(res, 'orderId')));
  });

  router.post('/v1/orders/:orderId/route', async (_req, res) => {
    const orderId = stringParam(res, 'orderId');
    const emitter = requestEmitter(deps.registry, res);
    try {
      await deps.store.transaction((tx) => routeOrderAgain(tx, deps.flow, emitter(tx), orderId, 'routed again on request'));
    } catch (error: unknown) {
      if (error instanceof RoutingRaceLost) throw new HubError('conflict', { detail: `${error.message}: the stock changed while routing; retry the request` });
      throw error;
    }
    deps.onOutboxQueued();
    res.json(await viewOf(deps.store, orderId));
  });

  router.post('/v1/orders/:orderId/cancel', async (req, res) => {
    const orderId = stringParam(res, 'orderId');
    const request = req.body as Schemas['CancelOrderRequest'];
    const outcome = await cancelOrder(deps.store, deps.flow, requestEmitter(deps.registry, res), { orderId, reason: request.reason satisfies CancelReason, detail: request.detail });
    if (outcome === 'cancelled') deps.onOutboxQueued();
    res.json(await viewOf(deps.store, orderId));
  });

  return router;
}
