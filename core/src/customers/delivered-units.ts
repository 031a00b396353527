/** What counting a line's handed-over units needs of an order line (see `CustomerOrderLine`). */
export interface HandoverLine<S extends string = string> {
  quantity: number;
  status: S;
  shipments?: Readonly<Record<string, number>> | undefined;
  pickups?: Readonly<Record<string, number>> | undefined;
}

/** A shipment or pickup of some units of a line (see `LineUpdate`). */
export interface HandoverUpdate<S extends string = string> {
  status: S;
  handoverId?: string | undefined;
  units?: number | undefined;
}

/** Line statuses at which every unit of the line reached the customer (the line is done). */
export const HANDED_OVER: readonly string[] = ['shipped', 'picked-up', 'returned'];

function sum(units: Readonly<Record<string, number>> | undefined): number {
  return Object.values(units ?? {}).reduce((total, value) => total + value, 0);
}

function recorded(line: HandoverLine): boolean {
  return line.shipments !== undefined || line.pickups !== undefined;
}

/** Units of a line shipped so far (every unit for a shipped line recorded before shipments were counted). */
export function shippedUnits(line: HandoverLine): number {
  if (line.shipments === undefined) return line.pickups === undefined && line.status === 'shipped' ? line.quantity : 0;
  return Math.min(line.quantity, sum(line.shipments));
}

/**
 * Units of a line the customer has: shipped or picked up. A line with no shipment or pickup
 * recorded counts whole when it reads shipped, picked up or returned, or when the order came in
 * fulfilled or closed (sold and handed over before it reached the hub).
 */
export function deliveredUnits(order: { status: string }, line: HandoverLine): number {
  if (!recorded(line)) return HANDED_OVER.includes(line.status) || ((order.status === 'fulfilled' || order.status === 'closed') && line.status !== 'cancelled') ? line.quantity : 0;
  return Math.min(line.quantity, sum(line.shipments) + sum(line.pickups));
}

/**
 * A line after a shipment or a pickup of some of its units: the units are recorded under the
 * shipment (or fulfillment) id, once each, and the line reads shipped only once every unit has
 * shipped; until then it keeps the status it had. Any other update only sets the status.
 */
export function withHandover<S extends string, L extends HandoverLine<S>>(line: L, update: HandoverUpdate<S>): L {
  if (update.handoverId === undefined || update.units === undefined) return { ...line, status: update.status };
  if (update.status === 'shipped') {
    const shipments = { ...line.shipments, [update.handoverId]: update.units };
    const next = { ...line, shipments };
    const legacyShipped = line.shipments === undefined && line.status === 'shipped';
    return { ...next, status: legacyShipped || shippedUnits(next) >= line.quantity ? update.status : line.status };
  }
  if (update.status === 'picked-up') return { ...line, pickups: { ...line.pickups, [update.handoverId]: update.units }, status: update.status };
  return { ...line, status: update.status };
}
