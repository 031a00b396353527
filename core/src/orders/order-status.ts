import type { FulfillmentV1, OrderV1 } from '../generated/schema-types.ts';

/**
 * The hub's own view of an order's progress: received; on-hold (no routing profile applies);
 * unfillable (nothing could be assigned); partially-routed (some units wait for stock);
 * routed (every unit requested from a location); in-fulfillment (a location accepted);
 * partially-shipped; shipped; ready-for-pickup; cancelling (a cancellation is running); cancelled.
 */
export type InternalStatus =
  | 'received'
  | 'on-hold'
  | 'unfillable'
  | 'partially-routed'
  | 'routed'
  | 'in-fulfillment'
  | 'partially-shipped'
  | 'shipped'
  | 'ready-for-pickup'
  | 'cancelling'
  | 'cancelled';

/** Every internal status, in lifecycle order. */
export const INTERNAL_STATUSES: readonly InternalStatus[] = [
  'received',
  'on-hold',
  'unfillable',
  'partially-routed',
  'routed',
  'in-fulfillment',
  'partially-shipped',
  'shipped',
  'ready-for-pickup',
  'cancelling',
  'cancelled',
];

/** What the customer is told, after schema.org's OrderStatus enumeration. */
export type CustomerStatus = 'OrderProcessing' | 'OrderProblem' | 'OrderInTransit' | 'OrderPickupAvailable' | 'OrderDelivered' | 'OrderCancelled';

/** The customer-facing status of an internal one. */
export function customerStatusOf(status: InternalStatus): CustomerStatus {
  switch (status) {
    case 'on-hold':
    case 'unfillable':
      return 'OrderProblem';
    case 'partially-shipped':
    case 'shipped':
      return 'OrderInTransit';
    case 'ready-for-pickup':
      return 'OrderPickupAvailable';
    case 'cancelled':
      return 'OrderCancelled';
    case 'received':
    case 'partially-routed':
    case 'routed':
    case 'in-fulfillment':
    case 'cancelling':
      return 'OrderProcessing';
  }
}

/** The canonical order `status` (order v1 enum) of an internal status. */
export function canonicalStatusOf(status: InternalStatus): OrderV1['status'] {
  switch (status) {
    case 'received':
      return 'confirmed';
    case 'on-hold':
    case 'unfillable':
      return 'on-hold';
    case 'partially-shipped':
      return 'partially-fulfilled';
    case 'shipped':
    case 'ready-for-pickup':
      return 'fulfilled';
    case 'cancelled':
      return 'cancelled';
    case 'partially-routed':
    case 'routed':
    case 'in-fulfillment':
    case 'cancelling':
      return 'processing';
  }
}

/** Fulfillment statuses that still hold the location's work (and its reservation or sale). */
const ACTIVE: ReadonlySet<FulfillmentV1['status']> = new Set(['requested', 'accepted', 'picking', 'shipped', 'ready-for-pickup', 'picked-up']);
const DONE: ReadonlySet<FulfillmentV1['status']> = new Set(['shipped', 'ready-for-pickup', 'picked-up']);

/** Whether a fulfillment still counts towards the order (not rejected or cancelled). */
export function isActiveFulfillment(fulfillment: Pick<FulfillmentV1, 'status'>): boolean {
  return ACTIVE.has(fulfillment.status);
}

/** Whether a fulfillment still holds reserved stock (requested, accepted or being picked). */
export function holdsReservation(fulfillment: Pick<FulfillmentV1, 'status'>): boolean {
  return fulfillment.status === 'requested' || fulfillment.status === 'accepted' || fulfillment.status === 'picking';
}

/**
 * The internal status of a routed order, from its lines (less cancelled ones) and fulfillments.
 * Shipping states win over routing states (a request shipped only in part makes the order
 * partially shipped); units not covered by an active fulfillment make it partially routed, or
 * unfillable when no fulfillment is active at all.
 */
export function deriveStatus(lines: readonly { lineId: string; quantity: number }[], fulfillments: readonly Pick<FulfillmentV1, 'status' | 'lines' | 'shipments'>[]): InternalStatus {
  const active = fulfillments.filter(isActiveFulfillment);
  if (active.length === 0) return 'unfillable';
  const ordered = lines.reduce((sum, line) => sum + line.quantity, 0);
  const wanted = new Set(lines.map((line) => line.lineId));
  const covered = active.reduce((sum, f) => sum + f.lines.filter((l) => wanted.has(l.lineId)).reduce((s, l) => s + l.quantity, 0), 0);
  const done = active.filter((f) => DONE.has(f.status));
  if (done.length === active.length && covered >= ordered) {
    return done.every((f) => f.status === 'ready-for-pickup') ? 'ready-for-pickup' : 'shipped';
  }
  // A request whose parcels so far carry only some of its units is still open, but part of the order is on its way.
  if (done.length > 0 || active.some((f) => (f.shipments?.length ?? 0) > 0)) return 'partially-shipped';
  if (covered < ordered) return 'partially-routed';
  return active.some((f) => f.status === 'accepted' || f.status === 'picking') ? 'in-fulfillment' : 'routed';
}
