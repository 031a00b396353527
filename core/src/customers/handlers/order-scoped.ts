import { applyOrderUpdate, type OrderUpdateOf } from '../order-updates.ts';
import { lockOrder, parkUpdate } from '../parked-updates.ts';
import type { ProjectionHandler } from './handler-types.ts';

/**
 * A handler for an event about an existing order. Routing, fulfillment, cancellation, return
 * refund and refund events may overtake their order's order.created (delivery order across
 * queues is not promised): such an event is parked and applied, by the same reader, when the
 * order is recorded, so the final state does not depend on delivery order. Names the order's
 * customer when the order changed. Line updates are held back in the context's batch, when there
 * is one.
 */
export function orderScoped<T>(read: OrderUpdateOf<T>): ProjectionHandler<T> {
  return async (event, { tx, now, logger, batch }) => {
    const update = read(event.data);
    if (update === undefined) return [];
    if (batch !== undefined && update.kind === 'lines') {
      // Applied with the batch's other line updates; the batch names the customer then.
      batch.defer(update, event, now);
      return [];
    }
    const order = await applyOrderUpdate(tx, update);
    if (order !== undefined) return [order.customerId];
    // Not known here: under the order's lock it was either recorded meanwhile, or the event waits for it.
    await lockOrder(tx, update.orderId);
    const recorded = await applyOrderUpdate(tx, update);
    if (recorded !== undefined) return [recorded.customerId];
    await parkUpdate(tx, update.orderId, event, now);
    logger.debug({ orderId: update.orderId, eventType: event.type }, 'order not known yet; update parked until it is');
    return [];
  };
}
