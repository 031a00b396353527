import { Router } from 'express';
import { startCustomerContextFlow, startNotificationsFlow, startReturnsFlow } from '@omnihub/core';
import { customerRoutes } from '../routes/customers.ts';
import { returnRoutes } from '../routes/returns.ts';
import type { ApiArea } from './area.ts';

/** Wall-clock time for the flows (tests of the flows inject their own). */
const systemClock = { now: (): Date => new Date() };

/**
 * The returns saga, the customer context projection and proactive notifications: their
 * subscribers on the hub's bus (flow.returns, flow.customer-context, flow.notifications), the
 * returns sweeper and the notification scheduler, and the routes of returns, return policies and
 * customers.
 */
export const returnsArea: ApiArea = {
  name: 'returns',
  async start({ store, registry, broker, logger, metrics, onOutboxQueued }) {
    const customers = await startCustomerContextFlow({ bus: broker.bus, logger, clock: systemClock });
    const returns = await startReturnsFlow({ store, registry, bus: broker.bus, logger, clock: systemClock, onQueued: onOutboxQueued, options: { metrics } });
    const notifications = await startNotificationsFlow({ store, registry, bus: broker.bus, logger, clock: systemClock, onQueued: onOutboxQueued });
    const router = Router();
    router.use(returnRoutes({ service: returns.service }));
    router.use(customerRoutes({ store }));
    return {
      router,
      close: async () => {
        await notifications.close();
        await returns.close();
        await customers.cancel();
      },
    };
  },
};
