import { FulfillmentRequested, OrderRouted } from '../events/catalog.ts';
import { selectProfile } from '../routing/conditions.ts';
import { addDailyLoad, dailyLoad } from '../routing/daily-load.ts';
import { decisionsInsert } from '../routing/decision-store.ts';
import { routeOrder } from '../routing/engine.ts';
import { routedDecision } from '../routing/routed-decision.ts';
import type { Location, RoutingOutcome } from '../routing/engine-types.ts';
import { routingOrderOf, stableId } from '../routing/order-input.ts';
import type { ReservationRequest } from '../routing/ports.ts';
import { runTogether, type SqlStatement } from '../store/statements.ts';
import type { SqlExecutor } from '../store/store.ts';
import { acceptanceDeadline, describeDecision, fulfillmentsOf, reservationsOf, type Dispatched, type OrderFlowDeps } from './dispatch.ts';
import type { Emit } from './emitter.ts';
import { canonicalFulfillment, fulfillmentsInsert, type FulfillmentRecord } from './fulfillment-store.ts';
import { openLines } from './order-progress.ts';
import { deriveStatus } from './order-status.ts';
import { statusStatements, type OrderRecord, type StatusRecord } from './order-store.ts';

/** An order just taken in, and how to emit its events. */
export interface NewOrder {
  record: OrderRecord;
  emit: Emit;
}

/** Units left per location and SKU, changed as orders of the batch take them. */
type Shelf = Map<string, Map<string, number>>;

function take(shelf: Shelf, outcome: RoutingOutcome): void {
  for (const { locationId, sku, quantity } of outcome.decision.assignments) {
    const held = shelf.get(locationId);
    if (held === undefined) continue;
    const left = (held.get(sku) ?? 0) - quantity;
    if (left > 0) held.set(sku, left);
    else held.delete(sku);
  }
}

/**
 * Routes and dispatches several orders just taken in, as {@link routeAndDispatch} does one, with
 * a fixed number of statements whatever their count: the profiles, locations, stock and daily
 * load are read once; orders are decided one after the other in the given order, each seeing the
 * stock and capacity the ones before it took; decisions, fulfillment requests, statuses and the
 * caller's `lastWrite` (its events for the outbox, asked for once every order is decided) are
 * written in one query; then every assignment of every order is reserved at once, and the daily
 * load counted. When a reservation is refused (another process took the stock since it was read)
 * the whole reservation throws `ReservationRefused` with nothing reserved: the caller rolls this
 * work back and routes the orders one by one. Undefined for an order no active profile applies
 * to (it goes on hold).
 */
export async function routeNewOrders(tx: SqlExecutor, deps: OrderFlowDeps, orders: readonly NewOrder[], lastWrite: () => SqlStatement | undefined): Promise<(Dispatched | undefined)[]> {
  const now = deps.clock?.() ?? new Date();
  const profiles = await deps.catalog.profiles(tx);
  const chosen = orders.map(({ record }) => selectProfile(profiles, record.order));
  const locations = await deps.catalog.locations(tx);
  const locationById = new Map(locations.map((location) => [location.id, location]));
  const skus = [...new Set(orders.flatMap(({ record }, index) => (chosen[index] === undefined ? [] : record.order.lines.map((line) => line.sku))))];
  const shelf: Shelf = new Map();
  const load = new Map<string, number>();
  if (skus.length > 0) {
    for (const [locationId, held] of await deps.stock.available(tx, skus, locations.map((location) => location.id))) shelf.set(locationId, new Map(held));
    for (const [locationId, assigned] of await dailyLoad(tx, locations, now)) load.set(locationId, assigned);
  }
  const results: (Dispatched | undefined)[] = [];
  const statuses: StatusRecord[] = [];
  const outcomes: RoutingOutcome[] = [];
  const requests: FulfillmentRecord[] = [];
  const reservations: ReservationRequest[] = [];
  const loaded: Location[] = [];
  for (const [index, { record, emit }] of orders.entries()) {
    const profile = chosen[index];
    if (profile === undefined) {
      statuses.push({ orderId: record.order.id, status: 'on-hold', event: 'routing-skipped', detail: 'no active routing profile applies to the order' });
      results.push(undefined);
      continue;
    }
    const lines = openLines(record);
    const outcome = routeOrder({
      decisionId: stableId('rd', record.order.id, 1),
      decidedAt: now.toISOString(),
      attempt: 1,
      order: routingOrderOf(record.order, lines),
      profile: { id: profile.id, version: profile.version, definition: profile.definition },
      locations,
      stock: shelf,
      load,
      excluded: new Map(Object.entries(record.excludedLocations)),
    });
    take(shelf, outcome);
    const fulfillments = fulfillmentsOf(record, outcome, locationById, now, acceptanceDeadline(profile, now));
    for (const fulfillment of fulfillments) {
      const location = locationById.get(fulfillment.locationId);
      if (location === undefined) continue;
      loaded.push(location);
      load.set(location.id, (load.get(location.id) ?? 0) + 1);
    }
    await emit(OrderRouted, { decision: routedDecision(outcome.decision) }, { subject: record.order.id, partitionKey: record.order.id });
    for (const fulfillment of fulfillments) {
      await emit(FulfillmentRequested, { fulfillment: canonicalFulfillment(fulfillment) }, { subject: fulfillment.locationId, partitionKey: record.order.id });
    }
    const status = deriveStatus(lines, fulfillments);
    statuses.push({ orderId: record.order.id, status, event: 'routed', detail: describeDecision(outcome), routing: { attempt: 1, excluded: record.excludedLocations } });
    outcomes.push(outcome);
    requests.push(...fulfillments);
    reservations.push(...reservationsOf(record.order.id, outcome));
    results.push({ outcome, fulfillments, status });
  }
  // One round trip for every write before the reservations: decisions, fulfillment requests,
  // statuses and the caller's events.
  await runTogether(tx, [decisionsInsert(outcomes), fulfillmentsInsert(requests), ...statusStatements(statuses), lastWrite()]);
  // Reservations and the daily load come last, so the stock and capacity rows other orders wait
  // for stay locked only until the commit that follows.
  if (reservations.length > 0) await deps.stock.reserveAll(tx, reservations);
  await addDailyLoad(tx, loaded, now);
  return results;
}
