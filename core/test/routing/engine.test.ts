import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { routeOrder, haversineKm } from '../../src/routing/index.ts';
import { BERLIN, definition, lines, location, request, stockOf } from './fixtures.ts';

const HAMBURG = { lat: 53.5511, lon: 9.9937 };
const MUNICH = { lat: 48.1351, lon: 11.582 };
const POTSDAM = { lat: 52.3906, lon: 13.0645 };

describe('routing engine', () => {
  it('measures haversine distances', () => {
    const km = haversineKm(BERLIN, HAMBURG);
    assert.ok(km > 250 && km < 260, `Berlin-Hamburg is about 255 km, got ${km}`);
    assert.equal(haversineKm(BERLIN, BERLIN), 0);
  });

  it('sends an order a single location holds to the best such location', () => {
    const { decision, explanation } = routeOrder(
      request({
        lines: lines({ A: 2, B: 1 }),
        locations: [location('dc-hamburg', { geo: HAMBURG }), location('dc-munich', { geo: MUNICH })],
        stock: stockOf({ 'dc-hamburg': { A: 5, B: 5 }, 'dc-munich': { A: 5, B: 5 } }),
      }),
    );
    assert.equal(decision.splitCount, 1);
    assert.equal(explanation.search.strategy, 'single');
    assert.deepEqual(
      decision.assignments.map((a) => [a.lineId, a.locationId, a.quantity]),
      [
        ['ln-1', 'dc-hamburg', 2],
        ['ln-2', 'dc-hamburg', 1],
      ],
    );
    assert.deepEqual(
      decision.candidates.map((c) => c.locationId),
      ['dc-hamburg', 'dc-munich'],
    );
    const hamburg = decision.candidates[0];
    assert.deepEqual(
      hamburg?.scores.map((s) => s.criterion),
      ['stock', 'distance'],
    );
    assert.match(hamburg?.scores[1]?.detail ?? '', /km from the delivery address/);
    assert.equal(decision.unassigned.length, 0);
  });

  it('splits an order no single location holds across the fewest locations, not the greedy three', () => {
    // The nearest store holds A and B, a second C, a third D; greedy nearest-first would take three.
    // dc-hamburg holds C and D together, so two shipments suffice.
    const { decision, explanation } = routeOrder(
      request({
        lines: lines({ A: 1, B: 1, C: 1, D: 1 }),
        locations: [
          location('near-1', { geo: POTSDAM }),
          location('near-2', { geo: POTSDAM }),
          location('near-3', { geo: POTSDAM }),
          location('dc-hamburg', { geo: HAMBURG }),
        ],
        stock: stockOf({ 'near-1': { A: 1, B: 1 }, 'near-2': { C: 1 }, 'near-3': { D: 1 }, 'dc-hamburg': { C: 3, D: 3 } }),
      }),
    );
    assert.equal(decision.splitCount, 2);
    assert.equal(explanation.search.strategy, 'fewest-split');
    assert.equal(explanation.search.fewestSplits, 2);
    assert.deepEqual([...new Set(decision.assignments.map((a) => a.locationId))].sort(), ['dc-hamburg', 'near-1']);
    assert.equal(decision.unassigned.length, 0);
  });

  it('keeps within the split limit and explains what is left', () => {
    const { decision, explanation } = routeOrder(
      request({
        lines: lines({ A: 1, B: 1 }),
        locations: [location('a-only', { geo: POTSDAM }), location('b-only', { geo: HAMBURG })],
        stock: stockOf({ 'a-only': { A: 1 }, 'b-only': { B: 1 } }),
        definition: definition({ split: { maxShipments: 1 } }),
      }),
    );
    assert.equal(explanation.search.strategy, 'partial');
    assert.equal(decision.splitCount, 1);
    assert.equal(decision.assignments.length, 1);
    assert.equal(decision.unassigned.length, 1);
    assert.equal(decision.unassigned[0]?.reason, 'split-limit-exceeded');
  });

  it('assigns nothing without allowPartial when the whole order cannot be placed', () => {
    const { decision } = routeOrder(
      request({
        lines: lines({ A: 1, B: 5 }),
        locations: [location('w1')],
        stock: stockOf({ w1: { A: 1, B: 1 } }),
        definition: definition({ split: { maxShipments: 2, allowPartial: false } }),
      }),
    );
    assert.equal(decision.assignments.length, 0);
    assert.equal(decision.splitCount, 0);
    assert.deepEqual(
      decision.unassigned.map((u) => [u.lineId, u.quantity, u.reason]),
      [
        ['ln-1', 1, 'other'],
        ['ln-2', 5, 'insufficient-stock'],
      ],
    );
  });

  it('splits one line across locations only when allowed', () => {
    const parts = { lines: lines({ A: 4 }), locations: [location('w1'), location('w2')], stock: stockOf({ w1: { A: 2 }, w2: { A: 2 } }) };
    const split = routeOrder(request(parts)).decision;
    assert.deepEqual(
      split.assignments.map((a) => [a.locationId, a.quantity]),
      [
        ['w1', 2],
        ['w2', 2],
      ],
    );
    const whole = routeOrder(request({ ...parts, definition: definition({ split: { maxShipments: 3, allowLineSplit: false } }) })).decision;
    assert.equal(whole.assignments.length, 0);
    assert.equal(whole.unassigned[0]?.reason, 'split-limit-exceeded');
  });

  it('names the line-split ban when no single location holds a line that may not split', () => {
    const parts = { lines: lines({ P: 2 }), locations: [location('w1'), location('w2')], stock: stockOf({ w1: { P: 1 }, w2: { P: 1 } }), definition: definition({ split: { maxShipments: 3, allowLineSplit: false } }) };
    const { decision, explanation } = routeOrder(request(parts));
    assert.equal(decision.assignments.length, 0);
    const [line] = decision.unassigned;
    assert.equal(line?.reason, 'split-limit-exceeded');
    assert.match(line?.detail ?? '', /no single location holds all 2 and the profile does not split a line across locations \(allowLineSplit: false\)/);
    assert.doesNotMatch(line?.detail ?? '', /shipments/);
    assert.match(explanation.notChosen?.['w1'] ?? '', /holds 1 × P for ln-1, not all 2, and the profile does not split a line/);
  });

  it('says why an eligible holder of an unassigned line was not chosen: the shipment limit', () => {
    const parts = { lines: lines({ A: 1, B: 1 }), locations: [location('w1'), location('w2')], stock: stockOf({ w1: { A: 1 }, w2: { B: 1 } }), definition: definition({ split: { maxShipments: 1 } }) };
    const { decision, explanation } = routeOrder(request(parts));
    assert.equal(decision.splitCount, 1);
    const [left] = decision.unassigned;
    assert.equal(left?.reason, 'split-limit-exceeded');
    const idle = left?.sku === 'A' ? 'w1' : 'w2';
    assert.match(explanation.notChosen?.[idle] ?? '', /using it would exceed the limit of 1 shipment$/);
    assert.deepEqual(Object.keys(explanation.notChosen ?? {}), [idle]);
  });

  it('records why each candidate was excluded', () => {
    const { decision } = routeOrder(
      request({
        lines: lines({ A: 1 }),
        locations: [
          location('paused', { status: 'paused' }),
          location('closed', { status: 'closed' }),
          location('pickup-only', { type: 'store', capabilities: ['pickup'] }),
          location('full', { dailyCapacity: 10 }),
          location('empty'),
          location('far', { geo: MUNICH }),
          location('rejecting'),
          location('good', { geo: POTSDAM }),
        ],
        stock: stockOf({ paused: { A: 9 }, 'pickup-only': { A: 9 }, full: { A: 9 }, far: { A: 9 }, rejecting: { A: 9 }, good: { A: 9 } }),
        load: new Map([['full', 10]]),
        excluded: new Map([['rejecting', 'rejected:out-of-stock']]),
        definition: definition({ criteria: [{ type: 'stock' }, { type: 'distance', maxKm: 300 }, { type: 'daily-capacity' }] }),
      }),
    );
    const reasons = Object.fromEntries(decision.candidates.map((c) => [c.locationId, c.exclusionReasons]));
    assert.equal(reasons['closed'], undefined, 'closed locations are not candidates');
    assert.deepEqual(reasons['paused'], ['location-paused']);
    assert.deepEqual(reasons['pickup-only'], ['capability-missing:ship']);
    assert.deepEqual(reasons['full'], ['daily-capacity-reached']);
    assert.deepEqual(reasons['empty'], ['insufficient-stock:A']);
    assert.deepEqual(reasons['far'], ['beyond-max-distance']);
    assert.deepEqual(reasons['rejecting'], ['rejected:out-of-stock']);
    assert.deepEqual(reasons['good'], []);
    assert.equal(decision.candidates[0]?.locationId, 'good');
    assert.equal(decision.candidates.filter((c) => c.excluded).every((c) => c.totalScore === -1), true);
    assert.deepEqual(decision.assignments.map((a) => a.locationId), ['good']);
  });

  it('protects the last units of a store and excludes it when nothing is left to give', () => {
    const parts = {
      lines: lines({ A: 2 }),
      locations: [location('store', { type: 'store', capabilities: ['ship-from-store'], geo: POTSDAM }), location('dc', { geo: HAMBURG })],
      stock: stockOf({ store: { A: 3 }, dc: { A: 10 } }),
      definition: definition({ criteria: [{ type: 'distance' }, { type: 'store-protection', minAvailable: 2 }, { type: 'stock' }] }),
    };
    const { decision } = routeOrder(request(parts));
    const store = decision.candidates.find((c) => c.locationId === 'store');
    assert.equal(store?.excluded, false, 'one unit beyond the two kept is still usable');
    assert.equal(store?.scores.find((s) => s.criterion === 'store-protection')?.score, 0.5);
    assert.deepEqual(decision.assignments.map((a) => a.locationId), ['dc'], 'the store cannot give both units');

    const tight = routeOrder(request({ ...parts, stock: stockOf({ store: { A: 2 }, dc: { A: 10 } }) })).decision;
    const excluded = tight.candidates.find((c) => c.locationId === 'store');
    assert.equal(excluded?.excluded, true);
    assert.deepEqual(excluded?.exclusionReasons, ['store-protection:A', 'insufficient-stock:A']);
  });

  it('prefers location types, manual priority and cheaper shipping in the weighted order', () => {
    const { decision } = routeOrder(
      request({
        lines: lines({ A: 1 }),
        locations: [
          location('store-1', { type: 'store', capabilities: ['ship-from-store'], groups: ['flagship'] }),
          location('dc-1', { type: 'distribution-center' }),
          location('wh-1', { type: 'warehouse' }),
        ],
        stock: stockOf({ 'store-1': { A: 1 }, 'dc-1': { A: 1 }, 'wh-1': { A: 1 } }),
        definition: definition({
          criteria: [
            { type: 'location-type', preference: ['distribution-center', 'warehouse'], exclude: ['dark-store'] },
            { type: 'priority', ranking: ['group:flagship', 'wh-1'] },
            { type: 'shipping-cost', currency: 'EUR', rates: [{ from: { type: 'store' }, cost: '9.00' }, { to: { country: 'DE' }, cost: '4.50' }] },
          ],
        }),
      }),
    );
    const scores = Object.fromEntries(decision.candidates.map((c) => [c.locationId, c.scores.map((s) => s.score)]));
    assert.deepEqual(scores['dc-1'], [1, 0, 1]);
    assert.deepEqual(scores['wh-1'], [0.5, 0.5, 1]);
    assert.deepEqual(scores['store-1'], [0, 1, 0]);
    // Weights 3, 2, 1: dc-1 = 4/6, wh-1 = 3.5/6, store-1 = 2/6.
    assert.deepEqual(
      decision.candidates.map((c) => [c.locationId, c.totalScore]),
      [
        ['dc-1', 0.6667],
        ['wh-1', 0.5833],
        ['store-1', 0.3333],
      ],
    );
  });

  it('honours explicit weights', () => {
    const { decision } = routeOrder(
      request({
        lines: lines({ A: 1 }),
        locations: [location('near', { geo: POTSDAM }), location('ranked', { geo: MUNICH })],
        stock: stockOf({ near: { A: 1 }, ranked: { A: 1 } }),
        definition: definition({ criteria: [{ type: 'distance', weight: 1 }, { type: 'priority', ranking: ['ranked'], weight: 5 }] }),
      }),
    );
    assert.equal(decision.candidates[0]?.locationId, 'ranked');
  });

  it('routes a pickup order whole to its store', () => {
    const { decision, explanation } = routeOrder(
      request({
        deliveryMethod: 'pickup',
        pickupLocationId: 'store-a',
        lines: lines({ A: 1, B: 1 }),
        locations: [location('store-a', { type: 'store', capabilities: ['pickup'], geo: BERLIN }), location('dc', { geo: HAMBURG })],
        stock: stockOf({ 'store-a': { A: 1, B: 1 }, dc: { A: 9, B: 9 } }),
      }),
    );
    assert.equal(explanation.search.strategy, 'pickup');
    assert.deepEqual([...new Set(decision.assignments.map((a) => a.locationId))], ['store-a']);
    assert.deepEqual(decision.candidates.find((c) => c.locationId === 'dc')?.exclusionReasons, ['capability-missing:pickup']);
  });

  it('proposes the nearest stores holding every line when the pickup store lacks one', () => {
    const store = (id: string, geo: { lat: number; lon: number }) => location(id, { type: 'store', capabilities: ['pickup'], geo });
    const { decision, explanation } = routeOrder(
      request({
        deliveryMethod: 'pickup',
        pickupLocationId: 'store-a',
        lines: lines({ A: 1, B: 2 }),
        locations: [store('store-a', BERLIN), store('store-far', MUNICH), store('store-near', POTSDAM), store('store-partial', BERLIN), store('store-mid', HAMBURG)],
        stock: stockOf({
          'store-a': { A: 1, B: 1 },
          'store-far': { A: 1, B: 2 },
          'store-near': { A: 1, B: 2 },
          'store-partial': { A: 1 },
          'store-mid': { A: 5, B: 5 },
        }),
        definition: definition({ pickup: { alternatives: 2 } }),
      }),
    );
    assert.equal(decision.assignments.length, 0);
    assert.deepEqual(
      explanation.pickupAlternatives?.map((a) => a.locationId),
      ['store-near', 'store-mid'],
    );
    assert.deepEqual(
      decision.unassigned.map((u) => [u.lineId, u.reason]),
      [
        ['ln-1', 'other'],
        ['ln-2', 'insufficient-stock'],
      ],
    );
    assert.match(decision.unassigned[1]?.detail ?? '', /nearest first: store-near \(\d+\.\d km\), store-mid/);
  });

  it('explains unassigned lines held only by rejecting or full locations', () => {
    const rejected = routeOrder(
      request({ lines: lines({ A: 1 }), locations: [location('w1')], stock: stockOf({ w1: { A: 5 } }), excluded: new Map([['w1', 'rejected:damaged']]) }),
    ).decision;
    assert.equal(rejected.unassigned[0]?.reason, 'all-locations-rejected');
    const full = routeOrder(
      request({
        lines: lines({ A: 1 }),
        locations: [location('w1', { dailyCapacity: 1 })],
        stock: stockOf({ w1: { A: 5 } }),
        load: new Map([['w1', 1]]),
        definition: definition({ criteria: [{ type: 'daily-capacity' }, { type: 'stock' }] }),
      }),
    ).decision;
    assert.equal(full.unassigned[0]?.reason, 'capacity-exhausted');
    const none = routeOrder(request({ lines: lines({ A: 1 }), locations: [], stock: stockOf({}) })).decision;
    assert.equal(none.unassigned[0]?.reason, 'no-eligible-location');
  });

  it('stops the combination search at its budget', () => {
    // 30 locations each holding one of 30 SKUs: no pair covers the order, so the search runs out.
    const skus = Array.from({ length: 30 }, (_, i) => `S${i}`);
    const locations = skus.map((_, i) => location(`w${String(i).padStart(2, '0')}`));
    const stock = stockOf(Object.fromEntries(skus.map((sku, i) => [`w${String(i).padStart(2, '0')}`, { [sku]: 1 }])));
    const { decision, explanation } = routeOrder(
      request({ lines: lines(Object.fromEntries(skus.map((sku) => [sku, 1]))), locations, stock, definition: definition({ split: { maxShipments: 3, maxCombinations: 100 } }) }),
    );
    assert.equal(explanation.search.budgetExhausted, true);
    assert.equal(explanation.search.combinationsExamined, 100);
    assert.equal(decision.splitCount, 3);
    assert.equal(decision.unassigned.length, 27);
  });
});
