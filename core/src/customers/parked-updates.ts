import type { Logger } from 'pino';
import type { CloudEvent } from '../envelope/cloud-event.ts';
import type { SqlExecutor } from '../store/store.ts';
import { orderLockSql, recordOrderArrivals, type CustomerOrder, type OrderArrival } from './order-view.ts';
import { applyOrderUpdate, orderUpdateReader, readOrderUpdate, type OrderUpdate } from './order-updates.ts';

/**
 * Serialises, until the transaction ends, the work on one order between recording it and parking
 * updates for it: whichever comes second sees what the first committed, so no update is parked
 * for an order that was recorded meanwhile. `recordCustomerOrders` takes the same lock itself.
 */
export async function lockOrder(tx: SqlExecutor, orderId: string): Promise<void> {
  await tx.query(`select ${orderLockSql('$1')}`, [orderId]);
}

/** When an order-scoped event happened: its `time`, or `now` for an event without one. */
export function eventTimeOf(event: CloudEvent, now: Date): string {
  return event.time ?? now.toISOString();
}

/**
 * Keeps an order-scoped event until its order is known. An event parked again (same event id)
 * is kept once. Call under {@link lockOrder}, after finding the order unknown.
 */
export async function parkUpdate(tx: SqlExecutor, orderId: string, event: CloudEvent, now: Date): Promise<void> {
  await tx.query(
    `insert into customer_parked_updates (order_id, event_id, event_type, dataschema, event_time, payload)
     values ($1, $2, $3, $4, $5, $6) on conflict (order_id, event_id) do nothing`,
    [orderId, event.id, event.type, event.dataschema ?? null, eventTimeOf(event, now), event.data],
  );
}

/**
 * Applies an update to an order found unknown a moment ago: under the order's lock it was either
 * recorded meanwhile (the update is applied; returns the order), or the event is parked until it
 * is (returns undefined).
 */
export async function applyOrPark(tx: SqlExecutor, update: OrderUpdate, event: CloudEvent, now: Date, logger: Logger): Promise<CustomerOrder | undefined> {
  await lockOrder(tx, update.orderId);
  const recorded = await applyOrderUpdate(tx, update);
  if (recorded !== undefined) return recorded;
  await parkUpdate(tx, update.orderId, event, now);
  logger.debug({ orderId: update.orderId, eventType: event.type }, 'order not known yet; update parked until it is');
  return undefined;
}

/** An update parked for its order, as taken back. */
export interface ParkedUpdate {
  eventId: string;
  eventTime: Date;
  update: OrderUpdate;
}

/**
 * Deletes and returns the updates parked for just recorded orders, each order's oldest event first
 * (ties by event id). Call under the orders' locks. A parked event of a type the projection no
 * longer applies is dropped with a warning.
 */
export async function takeParkedUpdates(tx: SqlExecutor, orderIds: readonly string[], logger: Logger): Promise<Map<string, ParkedUpdate[]>> {
  const { rows } = await tx.query<{ order_id: string; event_id: string; event_type: string; event_time: Date; payload: unknown }>(
    `with taken as (delete from customer_parked_updates where order_id = any($1::text[]) returning order_id, event_id, event_type, event_time, payload)
     select order_id, event_id, event_type, event_time, payload from taken order by order_id, event_time, event_id collate "C"`,
    [[...new Set(orderIds)]],
  );
  const parked = new Map<string, ParkedUpdate[]>();
  for (const row of rows) {
    const read = orderUpdateReader(row.event_type);
    if (read === undefined) {
      logger.warn({ eventId: row.event_id, eventType: row.event_type, orderId: row.order_id }, 'parked event of a type the customer context no longer applies; dropped');
      continue;
    }
    const update = readOrderUpdate(read, row.payload, row.event_time.getTime());
    if (update === undefined) continue;
    const list = parked.get(row.order_id) ?? [];
    list.push({ eventId: row.event_id, eventTime: row.event_time, update });
    parked.set(row.order_id, list);
  }
  return parked;
}

/** An update that came before its order in the same batch of deliveries, with its event. */
export interface EarlyUpdate {
  update: OrderUpdate;
  event: CloudEvent;
  now: Date;
}

/** An update to apply to a just recorded order, in event time order. */
interface Catchup {
  time: number;
  eventId: string;
  update: OrderUpdate;
}

const byTimeThenId = (a: Catchup, b: Catchup): number => a.time - b.time || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0);

/** What {@link recordCaughtUp} did. */
export interface CaughtUp {
  /** The customers whose context changed. */
  changed: (string | undefined)[];
  /**
   * The views of the orders it inserted and had nothing to catch up with, as they stand: the
   * transaction's own rows, so later updates in it need not read and lock them again.
   */
  fresh: Map<string, CustomerOrder>;
}

/**
 * Records new orders (order.created; locked and inserted together) and catches each up with the
 * updates that came before it, those parked earlier and the `early` ones of the same batch, oldest
 * event first (ties by event id), so each order ends as in-order delivery would have left it.
 */
export async function recordCaughtUp(
  tx: SqlExecutor,
  arrivals: readonly OrderArrival[],
  early: ReadonlyMap<string, readonly EarlyUpdate[]>,
  logger: Logger,
): Promise<CaughtUp> {
  const recorded = await recordOrderArrivals(tx, arrivals);
  const changed = recorded.views.map((view) => view.customerId);
  const fresh = new Map(recorded.inserted);
  const parked = await takeParkedUpdates(
    tx,
    arrivals.map(({ order }) => order.id),
    logger,
  );
  for (const { order } of arrivals) {
    const catchup: Catchup[] = [
      ...(parked.get(order.id) ?? []).map(({ eventTime, eventId, update }) => ({ time: eventTime.getTime(), eventId, update })),
      ...(early.get(order.id) ?? []).map(({ event, now, update }) => ({ time: Date.parse(eventTimeOf(event, now)), eventId: event.id, update })),
    ].sort(byTimeThenId);
    // A caught-up order is read again by whatever updates it next.
    if (catchup.length > 0) fresh.delete(order.id);
    for (const { update } of catchup) changed.push((await applyOrderUpdate(tx, update))?.customerId);
  }
  return { changed, fresh };
}
