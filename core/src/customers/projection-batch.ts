import type { Logger } from 'pino';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import type { OrderV1 } from '../generated/schema-types.ts';
import type { SqlExecutor } from '../store/store.ts';
import { refreshContexts } from './context-store.ts';
import { lockCustomerOrders, saveCustomerOrderLines, withLineUpdates, type CustomerOrder, type OrderArrival } from './order-view.ts';
import type { LinesUpdate } from './order-updates.ts';
import { applyOrPark, recordCaughtUp, type EarlyUpdate } from './parked-updates.ts';

/** A line update held back, with the event it came from. */
interface HeldLines extends EarlyUpdate {
  kind: 'lines';
  update: LinesUpdate;
}

/** An order (order.created) held back. */
interface HeldOrder {
  kind: 'order';
  arrival: OrderArrival;
}

/**
 * What the customer projection holds back within one transaction of deliveries: new orders
 * (order.created), line updates of orders (routing, fulfillment, cancellation), and the customers
 * whose context is to be rebuilt. {@link flush} applies them with a fixed number of statements for
 * any number of orders, as one-at-a-time handling in delivery order would have: an update that came
 * before its order's order.created waits for it, like a parked one, and every update of a just
 * recorded order is applied in event time order. A customer's context is rebuilt once however many
 * of the batch's events touched it ({@link settle}).
 */
export class ProjectionBatch {
  readonly #held: (HeldLines | HeldOrder)[] = [];
  readonly #changed = new Set<string>();

  /** Holds a line update back until the batch is flushed. */
  defer(update: LinesUpdate, event: CloudEvent, now: Date): void {
    this.#held.push({ kind: 'lines', update, event, now });
  }

  /** Holds a new order back until the batch is flushed. */
  record(order: OrderV1, source: string): void {
    this.#held.push({ kind: 'order', arrival: { order, source } });
  }

  /** Notes customers whose context is to be rebuilt. */
  changed(customerIds: Iterable<string | undefined>): void {
    for (const id of customerIds) if (id !== undefined) this.#changed.add(id);
  }

  /** Applies everything held back: new orders first, then the line updates of known orders. */
  async flush(tx: SqlExecutor, logger: Logger): Promise<void> {
    const held = this.#held.splice(0);
    if (held.length === 0) return;
    const firstArrival = new Map<string, number>();
    held.forEach((item, index) => {
      if (item.kind === 'order' && !firstArrival.has(item.arrival.order.id)) firstArrival.set(item.arrival.order.id, index);
    });
    const early = new Map<string, HeldLines[]>();
    const later: HeldLines[] = [];
    held.forEach((item, index) => {
      if (item.kind !== 'lines') return;
      const arrival = firstArrival.get(item.update.orderId);
      if (arrival === undefined || arrival < index) later.push(item);
      else if (early.has(item.update.orderId)) early.get(item.update.orderId)?.push(item);
      else early.set(item.update.orderId, [item]);
    });
    const caughtUp = firstArrival.size === 0 ? undefined : await recordCaughtUp(tx, [...firstArrival.values()].map((index) => (held[index] as HeldOrder).arrival), early, logger);
    if (caughtUp !== undefined) this.changed(caughtUp.changed);
    await this.#applyLines(tx, later, caughtUp?.fresh ?? new Map(), logger);
  }

  /** Flushes what is held back and rebuilds the contexts of the customers noted so far. */
  async settle(tx: SqlExecutor, now: Date, logger: Logger): Promise<void> {
    await this.flush(tx, logger);
    const customers = [...this.#changed];
    this.#changed.clear();
    await refreshContexts(tx, customers, now);
  }

  /**
   * Applies line updates in the order their events came: the orders' views are locked and read in
   * one statement and written in another. The `fresh` views (orders this flush inserted, see
   * `recordCaughtUp`) are the transaction's own rows and are not read again: a burst that brings
   * orders with their routing writes their lines without a read. An update of an order not known
   * yet goes to {@link applyOrPark}.
   */
  async #applyLines(tx: SqlExecutor, held: readonly HeldLines[], fresh: ReadonlyMap<string, CustomerOrder>, logger: Logger): Promise<void> {
    if (held.length === 0) return;
    const unread = held.map(({ update }) => update.orderId).filter((orderId) => !fresh.has(orderId));
    const views = new Map(fresh);
    if (unread.length > 0) for (const [orderId, view] of await lockCustomerOrders(tx, unread)) views.set(orderId, view);
    const dirty = new Map<string, CustomerOrder>();
    const unknown: HeldLines[] = [];
    for (const item of held) {
      const view = views.get(item.update.orderId);
      if (view === undefined) {
        unknown.push(item);
        continue;
      }
      const { lines, force, at } = item.update;
      const next = withLineUpdates(view, typeof lines === 'function' ? lines(view) : lines, { force: force === true, at });
      views.set(view.orderId, next);
      dirty.set(view.orderId, next);
    }
    await saveCustomerOrderLines(tx, [...dirty.values()]);
    this.changed([...dirty.values()].map((view) => view.customerId));
    for (const { update, event, now } of unknown) this.changed([(await applyOrPark(tx, update, event, now, logger))?.customerId]);
  }
}
