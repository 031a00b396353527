import { applyOrderUpdate, readOrderUpdate, type OrderUpdateOf } from '../order-updates.ts';
import { applyOrPark, eventTimeOf } from '../parked-updates.ts';
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
    const update = readOrderUpdate(read, event.data, Date.parse(eventTimeOf(event, now)));
    if (update === undefined) return [];
    if (batch !== undefined && update.kind === 'lines') {
      // Applied with the batch's other line updates; the batch names the customer then.
      batch.defer(update, event, now);
      return [];
    }
    const order = await applyOrderUpdate(tx, update);
    if (order !== undefined) return [order.customerId];
    return [(await applyOrPark(tx, update, event, now, logger))?.customerId];
  };
}
