import { createHash } from 'node:crypto';
import type { OrderV1 } from '../generated/schema-types.ts';
import type { RoutingLine, RoutingOrder } from './engine-types.ts';

/** A short stable id: `prefix-` and 24 hex digits of the parts' hash (the same parts, the same id). */
export function stableId(prefix: string, ...parts: (string | number)[]): string {
  return `${prefix}-${createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 24)}`;
}

/** The routing view of a canonical order: its lines (or `lines`, when given) and destination. */
export function routingOrderOf(order: OrderV1, lines?: readonly RoutingLine[]): RoutingOrder {
  const address = order.shippingAddress;
  return {
    id: order.id,
    deliveryMethod: order.deliveryMethod,
    ...(order.pickupLocationId === undefined ? {} : { pickupLocationId: order.pickupLocationId }),
    ...(address === undefined ? {} : { destination: { geo: address.geo, country: address.country, region: address.region } }),
    lines: lines === undefined ? order.lines.map((line) => ({ lineId: line.lineId, sku: line.sku, quantity: line.quantity })) : [...lines],
  };
}
