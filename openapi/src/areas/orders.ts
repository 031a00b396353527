import { Router } from 'express';
import { OrderIntakeQueue, ORDERS_SOURCE, outboxEmitter, RoutingCatalog, stockSyncPort, subscribeOrderFlow, sweepAcceptanceDeadlines, type OrderFlowDeps } from '@omnihub/core';
import { locationRoutes } from '../routes/locations.ts';
import { orderRoutes } from '../routes/orders.ts';
import { routingRoutes } from '../routes/routing.ts';
import type { ApiArea } from './area.ts';

/**
 * How often fulfillment requests past their acceptance deadline are looked for. Deadlines are
 * minutes to hours long, so a re-route a few seconds late is harmless; every process sweeps and
 * each request is handled once.
 */
const SWEEP_INTERVAL_MS = 15_000;

/**
 * The order intake, locations, routing and fulfillment: the order-routing flow's subscriber, the
 * acceptance-deadline sweeper, and the routes of orders, locations and routing profiles.
 */
export const ordersArea: ApiArea = {
  name: 'orders',
  async start({ runsWorkers, store, registry, broker, logger, onOutboxQueued }) {
    const flow: OrderFlowDeps = { registry, stock: stockSyncPort, catalog: new RoutingCatalog() };
    const subscription = await subscribeOrderFlow(broker.bus, flow);
    const emitter = (tx: Parameters<typeof outboxEmitter>[0]) => outboxEmitter(tx, registry, { source: ORDERS_SOURCE });
    let sweeping: Promise<void> | undefined;
    const timer = setInterval(() => {
      sweeping ??= sweepAcceptanceDeadlines(store, flow, emitter, { logger })
        .then((swept) => {
          if (swept > 0) onOutboxQueued();
        })
        .catch((error: unknown) => logger.warn({ err: error }, 'acceptance deadline sweep failed'))
        .finally(() => {
          sweeping = undefined;
        });
    }, SWEEP_INTERVAL_MS);
    timer.unref();
    // The deadline sweep runs where the flow's workers run.
    if (!runsWorkers) clearInterval(timer);
    const router = Router();
    const intake = new OrderIntakeQueue({ store, deps: flow, onCommitted: onOutboxQueued, relay: broker.relay });
    router.use(orderRoutes({ store, registry, flow, intake, onOutboxQueued }));
    router.use(locationRoutes({ store, registry, catalog: flow.catalog }));
    router.use(routingRoutes({ store, flow, onOutboxQueued }));
    return {
      router,
      close: async () => {
        clearInterval(timer);
        await intake.idle();
        await sweeping;
        await subscription.cancel();
      },
    };
  },
};
