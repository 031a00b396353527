import { startStockSync } from '@omnihub/core';
import { stockRoutes } from '../routes/stock.ts';
import type { ApiArea } from './area.ts';

/**
 * The stock ledger, reservations, channel availability and fan-out: the micro-batched consumer
 * of `inventory.movement.recorded` on the hub's broker, the hold-expiry sweeper, channel
 * refreshes and the scheduled drift check, and the inventory, sales-channel and stock-source routes.
 */
export const stockArea: ApiArea = {
  name: 'stock',
  async start({ store, registry, broker, logger, onOutboxQueued }) {
    const stock = await startStockSync({ store, registry, broker, logger });
    const router = stockRoutes({
      store,
      registry,
      logger,
      readers: stock.readers,
      onOutboxQueued,
      onChannelChanged: () => stock.refreshChannels(),
    });
    return { router, close: () => stock.close() };
  },
};
