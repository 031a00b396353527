import type { Logger } from 'pino';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import type { SqlExecutor } from '../store/store.ts';
import { refreshContexts } from './context-store.ts';
import { lockCustomerOrders, saveCustomerOrderLines, withLineUpdates, type CustomerOrder } from './order-view.ts';
import type { LinesUpdate } from './order-updates.ts';
import { applyOrderUpdate } from './order-updates.ts';
import { lockOrder, parkUpdate } from './parked-updates.ts';

interface Deferred {
  update: LinesUpdate;
  event: CloudEvent;
  now: Date;
}

/**
 * What the customer projection holds back within one transaction of deliveries: line updates of
 * orders (routing, fulfillment, cancellation) and the customers whose context is to be rebuilt.
 * Held-back line updates are applied together, a few statements for any number of orders, and a
 * customer's context is rebuilt once however many of the batch's events touched it. Whatever
 * reads the projection's state first brings it up to date ({@link settle}); an order's own
 * `order.created` applies that order's held-back updates first ({@link flushOrder}).
 */
export class ProjectionBatch {
  readonly #deferred: Deferred[] = [];
  readonly #changed = new Set<string>();

  /** Holds a line update back until the batch is flushed. */
  defer(update: LinesUpdate, event: CloudEvent, now: Date): void {
    this.#deferred.push({ update, event, now });
  }

  /** Notes customers whose context is to be rebuilt. */
  changed(customerIds: Iterable<string | undefined>): void {
    for (const id of customerIds) if (id !== undefined) this.#changed.add(id);
  }

  /** Applies the held-back updates of one order, if any (before its `order.created` is recorded). */
  async flushOrder(tx: SqlExecutor, orderId: string, logger: Logger): Promise<void> {
    if (this.#deferred.some(({ update }) => update.orderId === orderId)) await this.flush(tx, logger);
  }

  /**
   * Applies the held-back line updates in the order their events came: the orders' views are
   * locked and read in one statement and written in another. An update of an order not known yet
   * takes the one-event path: under the order's lock it is applied if the order was recorded
   * meanwhile, else parked until it is.
   */
  async flush(tx: SqlExecutor, logger: Logger): Promise<void> {
    if (this.#deferred.length === 0) return;
    const deferred = this.#deferred.splice(0);
    const views = await lockCustomerOrders(
      tx,
      deferred.map(({ update }) => update.orderId),
    );
    const dirty = new Map<string, CustomerOrder>();
    const unknown: Deferred[] = [];
    for (const item of deferred) {
      const view = views.get(item.update.orderId);
      if (view === undefined) {
        unknown.push(item);
        continue;
      }
      const { lines, force } = item.update;
      const next = withLineUpdates(view, typeof lines === 'function' ? lines(view) : lines, { force: force === true });
      views.set(view.orderId, next);
      dirty.set(view.orderId, next);
    }
    await saveCustomerOrderLines(tx, [...dirty.values()]);
    this.changed([...dirty.values()].map((view) => view.customerId));
    for (const { update, event, now } of unknown) {
      await lockOrder(tx, update.orderId);
      const recorded = await applyOrderUpdate(tx, update);
      if (recorded !== undefined) {
        this.changed([recorded.customerId]);
        continue;
      }
      await parkUpdate(tx, update.orderId, event, now);
      logger.debug({ orderId: update.orderId, eventType: event.type }, 'order not known yet; update parked until it is');
    }
  }

  /** Flushes the held-back updates and rebuilds the contexts of the customers noted so far. */
  async settle(tx: SqlExecutor, now: Date, logger: Logger): Promise<void> {
    await this.flush(tx, logger);
    const customers = [...this.#changed];
    this.#changed.clear();
    await refreshContexts(tx, customers, now);
  }
}
