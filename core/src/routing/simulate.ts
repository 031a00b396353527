import type { OrderV1 } from '../generated/schema-types.ts';
import { selectProfile } from './conditions.ts';
import { routeOrder } from './engine.ts';
import type { Location, RoutingOutcome, StockSnapshot } from './engine-types.ts';
import { round4 } from './geo.ts';
import { routingOrderOf, stableId } from './order-input.ts';
import type { RoutingProfile } from './profile-types.ts';

/** Which profile a simulation routes with: one version, or whichever active profile each order selects. */
export type SimulatedProfile = { kind: 'version'; profile: RoutingProfile } | { kind: 'active'; profiles: readonly RoutingProfile[] };

/** The figures of one simulation run. */
export interface SimulationReport {
  /** `id@version`, or `active` when each order was routed by the profile it selects. */
  profile: string;
  orders: number;
  /** Orders with every unit assigned. */
  fullyAssigned: number;
  /** Orders with some units assigned and some not. */
  partiallyAssigned: number;
  /** Orders with nothing assigned. */
  unfillable: number;
  /** Orders no profile applied to (only when routing by the active profiles). */
  unrouted: number;
  /** Share of orders with an assignment that ship from more than one location. */
  splitRate: number;
  /** Mean locations per order with an assignment. */
  averageShipments: number;
  /** Mean distance from location to destination over all shipments with coordinates, km. */
  averageDistanceKm: number | null;
  /** Share of assigned units that come from stores. */
  shareFromStores: number;
  /** Fulfillments assigned beyond a location's daily capacity. */
  capacityBreaches: number;
  unassignedUnits: number;
  /** Orders shipping from more than one location (the split rate's numerator). */
  splitOrders: number;
  /** Shipments (order × location) over all orders. */
  shipments: number;
  /** Shipments whose distance is known, and their total distance (the mean's parts). */
  measuredShipments: number;
  totalDistanceKm: number;
  /** Units assigned, and of them units from stores. */
  assignedUnits: number;
  storeUnits: number;
  /** Sum of the shipping cost table's prices over all shipments, when the profile has one. */
  estimatedShippingCost?: string | undefined;
}

/** The stock, load and locations a simulation starts from. */
export interface SimulationWorld {
  locations: readonly Location[];
  stock: StockSnapshot;
  load: ReadonlyMap<string, number>;
  /** The time every simulated decision is dated. */
  decidedAt: string;
}

/** What a simulation gives: the report, and each order's decision. */
export interface SimulationResult {
  report: SimulationReport;
  outcomes: RoutingOutcome[];
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : round4(part / whole));

/**
 * Replays orders, in the given order, against a copy of the world with one profile: a dry run
 * (nothing reserved or requested) where each order's assignments deplete the simulated stock and
 * add to the simulated daily load before the next order is routed, so a batch shows how the
 * profile behaves over a day. Deterministic: the same orders and world give the same report.
 */
export function simulateRouting(orders: readonly OrderV1[], profile: SimulatedProfile, world: SimulationWorld): SimulationResult {
  const stock = new Map([...world.stock].map(([locationId, skus]) => [locationId, new Map(skus)]));
  const load = new Map(world.load);
  const byId = new Map(world.locations.map((location) => [location.id, location]));
  const outcomes: RoutingOutcome[] = [];
  const totals = { full: 0, partial: 0, none: 0, unrouted: 0, split: 0, shipments: 0, distance: 0, distances: 0, units: 0, storeUnits: 0, breaches: 0, unassigned: 0, cost: 0, priced: false };
  for (const order of orders) {
    const chosen = profile.kind === 'version' ? profile.profile : selectProfile(profile.profiles, order);
    if (chosen === undefined) {
      totals.unrouted += 1;
      totals.none += 1;
      totals.unassigned += order.lines.reduce((sum, line) => sum + line.quantity, 0);
      continue;
    }
    const outcome = routeOrder({
      decisionId: stableId('sim', order.id, chosen.id, chosen.version),
      decidedAt: world.decidedAt,
      attempt: 1,
      dryRun: true,
      order: routingOrderOf(order),
      profile: { id: chosen.id, version: chosen.version, definition: chosen.definition },
      locations: world.locations,
      stock,
      load,
    });
    outcomes.push(outcome);
    const { decision, explanation } = outcome;
    const assigned = decision.assignments.reduce((sum, a) => sum + a.quantity, 0);
    const missing = decision.unassigned.reduce((sum, u) => sum + u.quantity, 0);
    if (assigned === 0) totals.none += 1;
    else if (missing === 0) totals.full += 1;
    else totals.partial += 1;
    totals.unassigned += missing;
    if (decision.splitCount > 1) totals.split += 1;
    totals.shipments += decision.splitCount;
    for (const a of decision.assignments) {
      const held = stock.get(a.locationId);
      held?.set(a.sku, (held.get(a.sku) ?? 0) - a.quantity);
      totals.units += a.quantity;
      if (byId.get(a.locationId)?.type === 'store') totals.storeUnits += a.quantity;
    }
    for (const locationId of new Set(decision.assignments.map((a) => a.locationId))) {
      const now = (load.get(locationId) ?? 0) + 1;
      load.set(locationId, now);
      const limit = byId.get(locationId)?.dailyCapacity;
      if (limit !== undefined && now > limit) totals.breaches += 1;
      const km = explanation.distancesKm[locationId];
      if (km !== undefined) {
        totals.distance += km;
        totals.distances += 1;
      }
      const cost = explanation.shippingCosts?.[locationId];
      if (explanation.shippingCosts !== undefined) totals.priced = true;
      if (cost !== undefined) totals.cost += Number(cost);
    }
  }
  const routed = totals.full + totals.partial;
  return {
    outcomes,
    report: {
      profile: profile.kind === 'version' ? `${profile.profile.id}@${profile.profile.version}` : 'active',
      orders: orders.length,
      fullyAssigned: totals.full,
      partiallyAssigned: totals.partial,
      unfillable: totals.none,
      unrouted: totals.unrouted,
      splitRate: ratio(totals.split, routed),
      averageShipments: ratio(totals.shipments, routed),
      averageDistanceKm: totals.distances === 0 ? null : round4(totals.distance / totals.distances),
      shareFromStores: ratio(totals.storeUnits, totals.units),
      capacityBreaches: totals.breaches,
      unassignedUnits: totals.unassigned,
      splitOrders: totals.split,
      shipments: totals.shipments,
      measuredShipments: totals.distances,
      totalDistanceKm: round4(totals.distance),
      assignedUnits: totals.units,
      storeUnits: totals.storeUnits,
      ...(totals.priced ? { estimatedShippingCost: totals.cost.toFixed(2) } : {}),
    },
  };
}
