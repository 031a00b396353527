import { TransientFailure } from '@omnihub/connector-sdk';
import { outboxSavepoint } from '../broker/outbox-claim.ts';
import { FulfillmentRequested, OrderRouted } from '../events/catalog.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import { runTogether } from '../store/statements.ts';
import type { SqlExecutor } from '../store/store.ts';
import { selectProfile } from '../routing/conditions.ts';
import { addDailyLoad, dailyLoad } from '../routing/daily-load.ts';
import { decisionsInsert } from '../routing/decision-store.ts';
import { routeOrder } from '../routing/engine.ts';
import { routedDecision } from '../routing/routed-decision.ts';
import type { Location, RoutingLine, RoutingOutcome } from '../routing/engine-types.ts';
import { routingOrderOf, stableId } from '../routing/order-input.ts';
import { ReservationRefused, type ReservationRequest, type StockPort } from '../routing/ports.ts';
import { DEFAULT_ACCEPTANCE_MINUTES, type RoutingProfile } from '../routing/profile-types.ts';
import type { RoutingCatalog } from '../routing/routing-catalog.ts';
import type { Emit } from './emitter.ts';
import { canonicalFulfillment, fulfillmentsInsert, type FulfillmentRecord } from './fulfillment-store.ts';
import { refreshStatus } from './order-progress.ts';
import type { InternalStatus } from './order-status.ts';
import { recordStatus, type Order, type OrderRecord } from './order-store.ts';

/** What the order flow runs on. */
export interface OrderFlowDeps {
  registry: SchemaRegistry;
  stock: StockPort;
  catalog: RoutingCatalog;
  /** The clock (tests move it); default: now. */
  clock?: (() => Date) | undefined;
}

/**
 * Routing lost the race for stock to concurrent orders several times in a row: a transient
 * failure (a bus handler retries it; the API answers `conflict`, retry the request).
 */
export class RoutingRaceLost extends TransientFailure {
  constructor(orderId: string, races: number, cause: unknown) {
    super(`routing ${orderId}: reservations lost ${races} races in a row`, { code: 'routing.reservation-race', cause });
  }
}

/** How often routing is redone when a reservation loses a race before giving up for now. */
const MAX_RESERVATION_RACES = 5;

/** How a location delivers: a ship order from a store is shipped from store. */
function deliveryFrom(order: Order, location: Location | undefined): FulfillmentRecord['deliveryMethod'] {
  return order.deliveryMethod === 'ship' && location?.type === 'store' ? 'ship-from-store' : order.deliveryMethod;
}

/** One line describing a decision for the order's history. */
export function describeDecision(outcome: RoutingOutcome): string {
  const { decision } = outcome;
  const assigned = decision.assignments.reduce((sum, a) => sum + a.quantity, 0);
  const missing = decision.unassigned.reduce((sum, u) => sum + u.quantity, 0);
  const where = [...new Set(decision.assignments.map((a) => a.locationId))].join(', ');
  return `${decision.profile.id}@${decision.profile.version}: ${assigned} of ${assigned + missing} units to ${decision.splitCount} location${decision.splitCount === 1 ? '' : 's'}${where === '' ? '' : ` (${where})`}`;
}

/** What {@link routeAndDispatch} did: the decision, the requests it sent and the order's status after. */
export interface Dispatched {
  outcome: RoutingOutcome;
  fulfillments: FulfillmentRecord[];
  status: InternalStatus;
}

/** How {@link routeAndDispatch} records what it did in the order's history. */
export interface DispatchOptions {
  /** History event, e.g. `routed` or `fulfillment-rejected`. */
  event: string;
  /** What led to this routing, put before the decision's summary in the history. */
  cause?: string | undefined;
  /** Locations kept out of this decision only (the order's ruled-out locations always are). */
  alsoExcluded?: Record<string, string> | undefined;
}

/** The fulfillment requests of a decision: one per location, its lines, its acceptance deadline. */
export function fulfillmentsOf(record: OrderRecord, outcome: RoutingOutcome, locations: ReadonlyMap<string, Location>, now: Date, acceptBy: string): FulfillmentRecord[] {
  const byLocation = new Map<string, FulfillmentRecord>();
  for (const assignment of outcome.decision.assignments) {
    let fulfillment = byLocation.get(assignment.locationId);
    if (fulfillment === undefined) {
      fulfillment = {
        id: stableId('ff', record.order.id, outcome.decision.attempt ?? 1, assignment.locationId),
        orderId: record.order.id,
        locationId: assignment.locationId,
        routingDecisionId: outcome.decision.id,
        status: 'requested',
        lines: [],
        deliveryMethod: deliveryFrom(record.order, locations.get(assignment.locationId)),
        requestedAt: now.toISOString(),
        updatedAt: now.toISOString(),
        acceptBy,
      };
      byLocation.set(assignment.locationId, fulfillment);
    }
    fulfillment.lines.push({ lineId: assignment.lineId, sku: assignment.sku, quantity: assignment.quantity });
  }
  return [...byLocation.values()];
}

/** When a location must have accepted a fulfillment requested now under `profile`. */
export function acceptanceDeadline(profile: RoutingProfile, now: Date): string {
  return new Date(now.getTime() + (profile.definition.acceptanceMinutes ?? DEFAULT_ACCEPTANCE_MINUTES) * 60_000).toISOString();
}

/** The reservations a decision asks stock for. */
export function reservationsOf(orderId: string, outcome: RoutingOutcome): ReservationRequest[] {
  return outcome.decision.assignments.map((a) => ({ orderId, lineId: a.lineId, sku: a.sku, locationId: a.locationId, quantity: a.quantity }));
}

/** Reserves every assignment together (stock sync locks them in its own order), or none. */
async function reserveAll(tx: SqlExecutor, stock: StockPort, orderId: string, outcome: RoutingOutcome): Promise<void> {
  await stock.reserveAll(tx, reservationsOf(orderId, outcome));
}

/**
 * Routes `lines` of an order and dispatches the result, in the caller's transaction (the order
 * row locked or just created): picks the profile whose conditions match, decides with fresh
 * stock, records the decision, creates one fulfillment request per location with its acceptance
 * deadline, emits `order.routed` and one `fulfillment.requested` per location through the outbox,
 * records the order's status, then reserves every assignment and counts the locations' daily
 * load. Reservations come last so the stock rows other orders wait for stay locked for as short
 * a time as possible; when one is refused because a concurrent order took the stock, all of this
 * decision's work is rolled back and routing starts again with fresh stock. Undefined when no
 * active profile applies (the order goes on hold).
 */
export async function routeAndDispatch(tx: SqlExecutor, deps: OrderFlowDeps, emit: Emit, record: OrderRecord, lines: readonly RoutingLine[], options: DispatchOptions): Promise<Dispatched | undefined> {
  const now = deps.clock?.() ?? new Date();
  const profile: RoutingProfile | undefined = selectProfile(await deps.catalog.profiles(tx), record.order);
  if (profile === undefined) {
    await recordStatus(tx, record.order.id, 'on-hold', 'routing-skipped', `${options.cause === undefined ? '' : `${options.cause}; `}no active routing profile applies to the order`);
    return undefined;
  }
  const locations = await deps.catalog.locations(tx);
  const locationById = new Map(locations.map((location) => [location.id, location]));
  const attempt = record.routingAttempt + 1;
  const excluded = new Map(Object.entries({ ...options.alsoExcluded, ...record.excludedLocations }));
  const skus = [...new Set(lines.map((line) => line.sku))];
  const ids = locations.map((location) => location.id);
  const acceptBy = acceptanceDeadline(profile, now);
  let lastRefusal: ReservationRefused | undefined;
  for (let race = 0; race < MAX_RESERVATION_RACES; race += 1) {
    const outcome = routeOrder({
      decisionId: stableId('rd', record.order.id, attempt),
      decidedAt: now.toISOString(),
      attempt,
      order: routingOrderOf(record.order, lines),
      profile: { id: profile.id, version: profile.version, definition: profile.definition },
      locations,
      stock: await deps.stock.available(tx, skus, ids),
      load: await dailyLoad(tx, locations, now),
      excluded,
    });
    const fulfillments = fulfillmentsOf(record, outcome, locationById, now, acceptBy);
    const savepoint = await outboxSavepoint(tx, 'omnihub_dispatch');
    try {
      await runTogether(tx, [decisionsInsert([outcome]), fulfillmentsInsert(fulfillments)]);
      const detail = `${options.cause === undefined ? '' : `${options.cause}; `}${describeDecision(outcome)}`;
      // A first routing knows every fulfillment of the order: no need to read them back.
      const status = await refreshStatus(tx, record.order.id, options.event, detail, record.routingAttempt === 0 ? { record, fulfillments } : undefined, { attempt, excluded: record.excludedLocations });
      await reserveAll(tx, deps.stock, record.order.id, outcome);
      await addDailyLoad(tx, fulfillments.flatMap((f) => locationById.get(f.locationId) ?? []), now);
      await savepoint.release();
      // Emitted once the routing holds: an emitter that buffers its events (a batch's) keeps
      // them past a rollback to the savepoint, so a lost race must have emitted nothing.
      await emit(OrderRouted, { decision: routedDecision(outcome.decision) }, { subject: record.order.id, partitionKey: record.order.id });
      for (const fulfillment of fulfillments) {
        await emit(FulfillmentRequested, { fulfillment: canonicalFulfillment(fulfillment) }, { subject: fulfillment.locationId, partitionKey: record.order.id });
      }
      return { outcome, fulfillments, status };
    } catch (error: unknown) {
      await savepoint.rollback();
      if (!(error instanceof ReservationRefused)) throw error;
      lastRefusal = error;
    }
  }
  throw new RoutingRaceLost(record.order.id, MAX_RESERVATION_RACES, lastRefusal);
}
