import { randomUUID } from 'node:crypto';
import { SchemaRegistry } from '../../src/schema/registry.ts';
import type { SqlExecutor, Store } from '../../src/store/store.ts';
import { recordMovementBatch } from '../../src/stock/movement-intake.ts';
import { setStockSource } from '../../src/stock/sources.ts';
import { putLocation, type Location } from '../../src/locations/index.ts';
import { activateProfile, createProfileVersion, RoutingCatalog, stockSyncPort, type RoutingProfileDefinition } from '../../src/routing/index.ts';
import { outboxEmitter, type Emit, type Order, type OrderFlowDeps } from '../../src/orders/index.ts';
import { OUTBOX_ENVELOPE } from '../../src/broker/outbox.ts';

/** Berlin Mitte, where most test orders go. */
export const BERLIN = { lat: 52.52, lon: 13.405 };

/** The test network: a DC in Hamburg, two Berlin-area stores, a warehouse in Munich. */
export const NETWORK: Location[] = [
  { id: 'dc-hamburg', name: 'DC Hamburg', type: 'distribution-center', status: 'open', capabilities: ['ship'], geo: { lat: 53.5511, lon: 9.9937 }, groups: ['de'] },
  { id: 'store-berlin', name: 'Store Berlin', type: 'store', status: 'open', capabilities: ['pickup', 'ship-from-store'], geo: { lat: 52.5219, lon: 13.4132 }, groups: ['de', 'berlin'], dailyCapacity: 50, timeZone: 'Europe/Berlin' },
  { id: 'store-potsdam', name: 'Store Potsdam', type: 'store', status: 'open', capabilities: ['pickup', 'ship-from-store'], geo: { lat: 52.3906, lon: 13.0645 }, groups: ['de', 'berlin'], timeZone: 'Europe/Berlin' },
  { id: 'wh-munich', name: 'Warehouse Munich', type: 'warehouse', status: 'open', capabilities: ['ship'], geo: { lat: 48.1351, lon: 11.582 }, groups: ['de'] },
];

/** The profile most tests route with: stock, capacity, distance; up to three shipments. */
export const SHIP_PROFILE: RoutingProfileDefinition = {
  priority: 10,
  conditions: { match: 'all', rules: [{ path: 'deliveryMethod', operator: 'in', value: ['ship', 'pickup', 'ship-from-store'] }] },
  criteria: [{ type: 'stock' }, { type: 'daily-capacity' }, { type: 'distance' }],
  split: { maxShipments: 3 },
  acceptanceMinutes: 30,
};

/** Sets on-hand counts: `{ locationId: { sku: units } }`. */
export async function seedStock(store: Store, registry: SchemaRegistry, table: Record<string, Record<string, number>>): Promise<void> {
  // The counts are physical on-hand quantities.
  await setStockSource(store, { id: 'test', semantics: 'physical' });
  const rows = Object.entries(table).flatMap(([locationId, skus]) =>
    Object.entries(skus).map(([sku, quantity]) => ({
      movementId: `count-${randomUUID()}`,
      sku,
      locationId,
      mode: 'absolute',
      bucket: 'onHand',
      quantity,
      reason: 'count',
      sourceSystem: 'test',
      occurredAt: new Date().toISOString(),
    })),
  );
  const result = await recordMovementBatch(store, registry, rows);
  if (result.rejected > 0) throw new Error(`stock seed rejected: ${JSON.stringify(result.results)}`);
}

/** A canonical order shipping `lines` (`{ sku: quantity }`) to Berlin. */
export function order(id: string, lines: Record<string, number>, overrides: Partial<Order> = {}): Order {
  const orderLines = Object.entries(lines).map(([sku, quantity], index) => ({ lineId: `ln-${index + 1}`, sku, title: sku, quantity, unitPrice: { amount: '10.00', currency: 'EUR' } }));
  return {
    id,
    channel: 'web',
    placedAt: '2025-04-14T10:00:00Z',
    status: 'confirmed',
    lines: orderLines,
    shippingAddress: { line1: 'Oderberger Str. 44', city: 'Berlin', country: 'DE', region: 'BE', geo: BERLIN },
    deliveryMethod: 'ship',
    totals: { subtotal: { amount: '10.00', currency: 'EUR' }, grandTotal: { amount: '10.00', currency: 'EUR' } },
    currency: 'EUR',
    ...overrides,
  };
}

/** A pickup order of `lines` at `storeId` (no shipping address). */
export function pickupOrder(id: string, lines: Record<string, number>, storeId: string): Order {
  const { shippingAddress: _none, ...rest } = order(id, lines, { deliveryMethod: 'pickup', pickupLocationId: storeId });
  return rest;
}

/** A store with the test network and the ship profile active, and the flow's dependencies. */
export interface FlowWorld {
  registry: SchemaRegistry;
  deps: OrderFlowDeps;
  emitter: (tx: SqlExecutor) => Emit;
}

/** Sets up the network and profile on `store`. */
export async function setUpWorld(store: Store, options: { clock?: () => Date } = {}): Promise<FlowWorld> {
  const registry = await SchemaRegistry.load();
  await store.transaction(async (tx) => {
    for (const location of NETWORK) await putLocation(tx, location);
    const profile = await createProfileVersion(tx, { id: 'test-ship', definition: SHIP_PROFILE, actor: 'tests' });
    await activateProfile(tx, profile.id, profile.version);
  });
  const deps: OrderFlowDeps = { registry, stock: stockSyncPort, catalog: new RoutingCatalog({ ttlMs: 0 }), ...(options.clock === undefined ? {} : { clock: options.clock }) };
  return { registry, deps, emitter: (tx) => outboxEmitter(tx, registry, { source: '/tests/orders', correlationId: 'corr-test' }) };
}

/** The events queued in the outbox about `orderId` (subject or partition key), oldest first. */
export async function queuedEvents(db: SqlExecutor, orderId: string): Promise<{ type: string; data: Record<string, unknown>; subject?: string }[]> {
  const { rows } = await db.query<{ envelope: { type: string; data: Record<string, unknown>; subject?: string; partitionkey?: string } }>(`select ${OUTBOX_ENVELOPE} as envelope from outbox order by seq`);
  return rows.map((row) => row.envelope).filter((e) => e.partitionkey === orderId || e.subject === orderId);
}

/** Active reservations of an order as `lineId@locationId=quantity`, sorted. */
export async function activeReservations(db: SqlExecutor, orderId: string): Promise<string[]> {
  const { rows } = await db.query<{ line_id: string; location_id: string; quantity: number }>(
    "select line_id, location_id, quantity from stock_reservations where order_id = $1 and status = 'active' order by line_id, location_id",
    [orderId],
  );
  return rows.map((row) => `${row.line_id}@${row.location_id}=${row.quantity}`);
}
