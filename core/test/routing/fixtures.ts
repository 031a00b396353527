import type { Location, RoutingProfileDefinition, RoutingRequest, RoutingLine } from '../../src/routing/index.ts';

/** A location with sensible defaults: an open warehouse that ships. */
export function location(id: string, overrides: Partial<Location> = {}): Location {
  return { id, name: id, type: 'warehouse', status: 'open', capabilities: ['ship'], ...overrides };
}

/** A stock snapshot from `{ locationId: { sku: units } }`. */
export function stockOf(table: Record<string, Record<string, number>>): Map<string, Map<string, number>> {
  return new Map(Object.entries(table).map(([locationId, skus]) => [locationId, new Map(Object.entries(skus))]));
}

/** A profile definition: stock then distance, at most `maxShipments` shipments. */
export function definition(overrides: Partial<RoutingProfileDefinition> = {}): RoutingProfileDefinition {
  return { priority: 10, criteria: [{ type: 'stock' }, { type: 'distance' }], split: { maxShipments: 3 }, ...overrides };
}

/** Berlin, the delivery address of most tests. */
export const BERLIN = { lat: 52.52, lon: 13.405 };

/** Lines `{ sku: quantity }` numbered ln-1, ln-2 ... */
export function lines(table: Record<string, number>): RoutingLine[] {
  return Object.entries(table).map(([sku, quantity], index) => ({ lineId: `ln-${index + 1}`, sku, quantity }));
}

/** A routing request shipping `orderLines` to Berlin. */
export function request(parts: { lines: RoutingLine[]; locations: Location[]; stock: Map<string, Map<string, number>>; definition?: RoutingProfileDefinition; load?: Map<string, number>; excluded?: Map<string, string>; deliveryMethod?: RoutingRequest['order']['deliveryMethod']; pickupLocationId?: string }): RoutingRequest {
  return {
    decisionId: 'rd-test',
    decidedAt: '2025-04-14T17:43:02Z',
    attempt: 1,
    order: {
      id: 'ord-1',
      deliveryMethod: parts.deliveryMethod ?? 'ship',
      ...(parts.pickupLocationId === undefined ? {} : { pickupLocationId: parts.pickupLocationId }),
      destination: { geo: BERLIN, country: 'DE', region: 'BE' },
      lines: parts.lines,
    },
    profile: { id: 'test', version: 1, definition: parts.definition ?? definition() },
    locations: parts.locations,
    stock: parts.stock,
    load: parts.load ?? new Map(),
    ...(parts.excluded === undefined ? {} : { excluded: parts.excluded }),
  };
}
