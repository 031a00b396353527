import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SchemaRegistry } from '../../src/schema/registry.ts';
import { routeOrder, type CriterionConfig, type Location, type RoutingRequest } from '../../src/routing/index.ts';
import { packCandidates, unpackCandidates } from '../../src/routing/candidate-table.ts';

const SKUS = ['A', 'B', 'C', 'D', 'E'];
const TYPES = ['store', 'warehouse', 'distribution-center', 'dark-store', 'drop-ship'] as const;

const locationArb = (id: string) =>
  fc.record({
    type: fc.constantFrom(...TYPES),
    status: fc.constantFrom('open', 'open', 'open', 'paused', 'closed'),
    capabilities: fc.subarray(['ship', 'pickup', 'ship-from-store'] as const, { minLength: 1 }),
    dailyCapacity: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    geo: fc.option(fc.record({ lat: fc.double({ min: 47, max: 55, noNaN: true }), lon: fc.double({ min: 6, max: 15, noNaN: true }) }), { nil: undefined }),
    groups: fc.subarray(['north', 'south', 'flagship']),
  }).map((fields): Location => {
    const { dailyCapacity, geo, ...rest } = fields;
    return { id, name: id, ...rest, ...(dailyCapacity === undefined ? {} : { dailyCapacity }), ...(geo === undefined ? {} : { geo }) };
  });

const criterionArb: fc.Arbitrary<CriterionConfig> = fc.oneof(
  fc.record({ type: fc.constant('stock' as const), requireAll: fc.boolean() }),
  fc.record({ type: fc.constant('distance' as const) }),
  fc.record({ type: fc.constant('distance' as const), maxKm: fc.integer({ min: 50, max: 800 }) }),
  fc.record({ type: fc.constant('daily-capacity' as const) }),
  fc.record({ type: fc.constant('store-protection' as const), minAvailable: fc.integer({ min: 0, max: 3 }) }),
  fc.record({ type: fc.constant('location-type' as const), preference: fc.subarray([...TYPES], { minLength: 1 }) }),
  fc.record({ type: fc.constant('priority' as const), ranking: fc.constant(['l3', 'group:north', 'l1']).map((r) => [...r]) }),
  fc.record({ type: fc.constant('shipping-cost' as const), currency: fc.constant('EUR'), rates: fc.constant(null).map(() => [{ from: { type: 'store' as const }, cost: '6.00' }, { to: { country: 'DE' }, cost: '4.00' }]) }),
);

const requestArb: fc.Arbitrary<RoutingRequest> = fc
  .record({
    locationCount: fc.integer({ min: 0, max: 8 }),
    lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 6 }) }), { minLength: 1, maxLength: 5 }),
    deliveryMethod: fc.constantFrom('ship', 'ship', 'pickup', 'ship-from-store', 'same-day'),
    criteria: fc.uniqueArray(criterionArb, { minLength: 1, maxLength: 5, selector: (c) => c.type }),
    maxShipments: fc.integer({ min: 1, max: 4 }),
    allowLineSplit: fc.boolean(),
    allowPartial: fc.boolean(),
    maxCombinations: fc.integer({ min: 1, max: 200 }),
    seed: fc.integer(),
  })
  .chain((shape) => {
    const ids = Array.from({ length: shape.locationCount }, (_, i) => `l${i}`);
    return fc.record({
      shape: fc.constant(shape),
      locations: fc.tuple(...ids.map(locationArb)),
      stock: fc.tuple(...ids.map(() => fc.dictionary(fc.constantFrom(...SKUS), fc.integer({ min: 0, max: 8 })))),
      load: fc.tuple(...ids.map(() => fc.integer({ min: 0, max: 6 }))),
      excluded: fc.subarray(ids, { maxLength: Math.min(2, ids.length) }),
      pickupIndex: fc.nat(),
    });
  })
  .map(({ shape, locations, stock, load, excluded, pickupIndex }) => ({
    decisionId: 'rd-prop',
    decidedAt: '2025-04-14T17:43:02Z',
    attempt: 1,
    order: {
      id: 'ord-prop',
      deliveryMethod: shape.deliveryMethod,
      ...(shape.deliveryMethod === 'pickup' && locations.length > 0 ? { pickupLocationId: locations[pickupIndex % locations.length]?.id } : {}),
      destination: { geo: { lat: 52.52, lon: 13.405 }, country: 'DE', region: 'BE' },
      lines: shape.lines.map((line, index) => ({ lineId: `ln-${index + 1}`, ...line })),
    },
    profile: {
      id: 'prop',
      version: 1,
      definition: {
        priority: 1,
        criteria: shape.criteria,
        split: { maxShipments: shape.maxShipments, allowLineSplit: shape.allowLineSplit, allowPartial: shape.allowPartial, maxCombinations: shape.maxCombinations },
      },
    },
    locations,
    stock: new Map(locations.map((l, i) => [l.id, new Map(Object.entries(stock[i] ?? {}))])),
    load: new Map(locations.map((l, i) => [l.id, load[i] ?? 0])),
    excluded: new Map(excluded.map((id) => [id, 'rejected:out-of-stock'])),
  }));

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const copy = [...items];
  let state = seed >>> 0 || 1;
  for (let i = copy.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe('routing engine properties', async () => {
  const registry = await SchemaRegistry.load();

  it('never assigns more than a location holds or more shipments than allowed, accounts for every unit, and decides deterministically', () => {
    fc.assert(
      fc.property(requestArb, fc.integer(), (request, seed) => {
        const { decision } = routeOrder(request);

        // Never more than the available stock of a location, over all lines of a SKU.
        const taken = new Map<string, number>();
        for (const a of decision.assignments) {
          const key = `${a.locationId}/${a.sku}`;
          taken.set(key, (taken.get(key) ?? 0) + a.quantity);
        }
        for (const [key, units] of taken) {
          const [locationId = '', sku = ''] = key.split('/');
          assert.ok(units <= (request.stock.get(locationId)?.get(sku) ?? 0), `${key}: ${units} assigned`);
        }

        // Never more locations than the split policy allows; pickups only to the pickup store.
        const used = new Set(decision.assignments.map((a) => a.locationId));
        assert.equal(decision.splitCount, used.size);
        assert.ok(used.size <= request.profile.definition.split.maxShipments);
        if (request.order.deliveryMethod === 'pickup') assert.ok([...used].every((id) => id === request.order.pickupLocationId));

        // Only eligible locations are used; excluded ones never.
        const excluded = new Set(decision.candidates.filter((c) => c.excluded).map((c) => c.locationId));
        for (const id of used) assert.ok(!excluded.has(id), `${id} is excluded but was assigned`);

        // Every ordered unit is either assigned or explained.
        for (const line of request.order.lines) {
          const assigned = decision.assignments.filter((a) => a.lineId === line.lineId).reduce((sum, a) => sum + a.quantity, 0);
          const missing = decision.unassigned.filter((u) => u.lineId === line.lineId).reduce((sum, u) => sum + u.quantity, 0);
          assert.equal(assigned + missing, line.quantity, `line ${line.lineId}`);
          if (request.profile.definition.split.allowLineSplit === false) assert.ok(decision.assignments.filter((a) => a.lineId === line.lineId).length <= 1);
        }

        // The decision is a valid canonical routing decision.
        const valid = registry.validate({ name: 'routing-decision', version: 1 }, decision);
        assert.ok(valid.valid, JSON.stringify(valid));

        // Same inputs, same decision: again, and with the locations listed in another order.
        assert.deepEqual(routeOrder(request).decision, decision);
        assert.deepEqual(routeOrder({ ...request, locations: shuffled(request.locations, seed) }).decision, decision);
      }),
      { numRuns: 400 },
    );
  });

  it('packs every decision\'s candidates for storage and unpacks them exactly, through JSON', () => {
    fc.assert(
      fc.property(requestArb, fc.integer({ min: 0, max: 8 }), (request, detailedCandidates) => {
        const { decision } = routeOrder({ ...request, profile: { ...request.profile, definition: { ...request.profile.definition, explain: { detailedCandidates } } } });
        const stored: unknown = JSON.parse(JSON.stringify(packCandidates(decision.candidates)));
        assert.deepEqual(unpackCandidates(stored as ReturnType<typeof packCandidates>), decision.candidates);
      }),
      { numRuns: 300 },
    );
  });
});
