import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createEvent, Events } from '@omnihub/core';
import { STORE_FACTORIES, waitFor } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { NETWORK, order, seedStock, SHIP_PROFILE } from '../../core/test/routing/support.ts';
import { startTestHub, type TestHub } from './support.ts';

type Schemas = components['schemas'];

async function ok<T>(response: Response, status = 200): Promise<T> {
  const text = await response.text();
  assert.equal(response.status, status, text);
  return JSON.parse(text) as T;
}

async function problem(response: Response, status: number, code: string): Promise<Schemas['Problem']> {
  const body = await ok<Schemas['Problem']>(response, status);
  assert.equal(body.code, code);
  return body;
}

for (const factory of STORE_FACTORIES) {
  describe(`orders, locations and routing API on ${factory.name}`, () => {
    let t: TestHub;
    const admin = () => t.keys.admin;

    before(async () => {
      t = await startTestHub(factory);
      await ok(await t.call('POST', '/v1/locations/apply', { key: admin(), body: { locations: NETWORK } }));
      const created = await ok<Schemas['RoutingProfile']>(await t.call('POST', '/v1/routing/profiles', { key: admin(), body: { id: 'api-ship', definition: SHIP_PROFILE } }), 201);
      await ok(await t.call('POST', `/v1/routing/profiles/api-ship/versions/${created.version}/activate`, { key: admin() }));
      await seedStock(t.hub.store, t.hub.registry, {
        'dc-hamburg': { JKT: 20, SCK: 5 },
        'store-berlin': { TSH: 3, SCK: 2, MUG: 1 },
        'store-potsdam': { TSH: 1, CAP: 4 },
        'wh-munich': { TSH: 50, JKT: 5, CAP: 10, MUG: 4 },
      });
    });
    after(async () => {
      await t.close();
    });

    it('takes an order in once per Idempotency-Key and refuses the key with another body', async () => {
      const body = order('api-o1', { TSH: 2, JKT: 1, SCK: 1 });
      const headers = { 'idempotency-key': 'order-api-o1' };
      const first = await t.call('POST', '/v1/orders', { key: t.keys.write, body, headers });
      assert.equal(first.headers.get('location'), '/v1/orders/api-o1');
      const receipt = await ok<Schemas['OrderReceipt']>(first, 201);
      assert.equal(receipt.status, 'routed');
      assert.equal(receipt.routing?.splitCount, 2, 'no location holds all three lines: two shipments');
      assert.equal(receipt.fulfillments.length, 2);

      const retry = await t.call('POST', '/v1/orders', { key: t.keys.write, body, headers });
      assert.equal(retry.headers.get('idempotent-replayed'), 'true');
      assert.deepEqual(await ok<Schemas['OrderReceipt']>(retry, 201), receipt);
      const { rows } = await t.hub.store.query<{ n: number }>("select count(*)::int as n from routing_decisions where order_id = 'api-o1'");
      assert.equal(rows[0]?.n, 1, 'one order, one decision');

      await problem(await t.call('POST', '/v1/orders', { key: t.keys.write, body: order('api-o1', { TSH: 1 }), headers }), 409, 'idempotency-key-conflict');
      // Without a key: the same order is its current state, another under its id a conflict.
      const again = await ok<Schemas['OrderReceipt']>(await t.call('POST', '/v1/orders', { key: t.keys.write, body }));
      assert.deepEqual([again.orderId, again.routing?.decisionId, again.fulfillments.length], ['api-o1', receipt.routing?.decisionId, 2]);
      const view = await ok<Schemas['OrderView']>(await t.call('GET', '/v1/orders/api-o1', { key: t.keys.read }));
      assert.equal(view.decisions[0]?.decision.candidates.length, 4, 'the view has every candidate');
      await problem(await t.call('POST', '/v1/orders', { key: t.keys.write, body: order('api-o1', { TSH: 1 }) }), 409, 'conflict');
    });

    it('validates orders against the canonical schema and needs the write scope', async () => {
      const invalid = { ...order('api-bad', { TSH: 1 }), currency: 'eur' };
      const body = await problem(await t.call('POST', '/v1/orders', { key: t.keys.write, body: invalid }), 422, 'validation-failed');
      assert.ok(body.errors?.some((e) => e.path === '/currency'), JSON.stringify(body.errors));
      await problem(await t.call('POST', '/v1/orders', { key: t.keys.read, body: order('api-read', { TSH: 1 }) }), 403, 'forbidden');
      await problem(await t.call('GET', '/v1/orders/api-nope', { key: t.keys.read }), 404, 'not-found');
    });

    it('refuses an order whose line ids repeat, or a pickup order without its store, with the field at fault', async () => {
      const base = order('api-dup', { TSH: 1, JKT: 1 });
      const repeated = { ...base, lines: base.lines.map((line) => ({ ...line, lineId: 'ln-1' })) };
      const body = await problem(await t.call('POST', '/v1/orders', { key: t.keys.write, body: repeated }), 422, 'validation-failed');
      assert.deepEqual(body.errors?.map((e) => e.path), ['/lines/1/lineId']);
      const sameSku = { ...order('api-dup-sku', { TSH: 1 }), lines: [base.lines[0], { ...base.lines[0], sku: 'TSH' }] };
      await problem(await t.call('POST', '/v1/orders', { key: t.keys.write, body: sameSku }), 422, 'validation-failed');
      await problem(await t.call('GET', '/v1/orders/api-dup', { key: t.keys.read }), 404, 'not-found');
      const simulated = await problem(await t.call('POST', '/v1/routing/simulate', { key: t.keys.write, body: { orders: [order('api-sim-ok', { TSH: 1 }), repeated] } }), 422, 'validation-failed');
      assert.deepEqual(simulated.errors?.map((e) => e.path), ['/orders/1/lines/1/lineId']);
      const { shippingAddress: _none, ...noStore } = order('api-pickup-nostore', { TSH: 1 }, { deliveryMethod: 'pickup' });
      const pickup = await problem(await t.call('POST', '/v1/orders', { key: t.keys.write, body: noStore }), 422, 'validation-failed');
      assert.deepEqual(pickup.errors?.map((e) => e.path), ['/pickupLocationId']);
    });

    it('shows an order with its decision, fulfillments and history, and re-routes a rejection from the location', async () => {
      await ok(await t.call('POST', '/v1/orders', { key: t.keys.write, body: order('api-o2', { MUG: 1 }) }), 201);
      const view = await ok<Schemas['OrderView']>(await t.call('GET', '/v1/orders/api-o2', { key: t.keys.read }));
      const berlin = view.fulfillments[0];
      assert.equal(berlin?.locationId, 'store-berlin');
      assert.ok(berlin.acceptBy);
      const candidate = view.decisions[0]?.decision.candidates[0];
      assert.deepEqual(candidate?.scores.map((s) => s.criterion), ['stock', 'daily-capacity', 'distance']);

      const { acceptBy: _deadline, ...fulfillment } = berlin;
      const rejected = createEvent(Events.FulfillmentRejected, { fulfillment: { ...fulfillment, status: 'rejected' }, reason: 'out-of-stock', lineIds: ['ln-1'] }, { source: '/connectors/square/instances/berlin' });
      assert.equal((await t.call('POST', '/v1/events', { key: t.keys.write, body: rejected })).status, 202);
      let rerouted: Schemas['OrderView'] | undefined;
      await waitFor(async () => {
        rerouted = await ok<Schemas['OrderView']>(await t.call('GET', '/v1/orders/api-o2', { key: t.keys.read }));
        // The re-routing decision and the location's exclusion are both recorded before the test reads them.
        return rerouted.decisions.length === 2 && rerouted.excludedLocations['store-berlin'] !== undefined;
      }, { message: 'the re-routing', timeoutMs: 60_000 });
      assert.deepEqual(rerouted?.decisions[1]?.decision.assignments.map((a) => a.locationId), ['wh-munich']);
      assert.equal(rerouted?.excludedLocations['store-berlin'], 'rejected:out-of-stock');
      assert.deepEqual(rerouted?.statusHistory.map((h) => h.event), ['received', 'routed', 'fulfillment-rejected']);
    });

    it('cancels an order, once, and refuses to cancel one already shipped', async () => {
      await ok(await t.call('POST', '/v1/orders', { key: t.keys.write, body: order('api-o3', { CAP: 2 }) }), 201);
      const cancelled = await ok<Schemas['OrderView']>(await t.call('POST', '/v1/orders/api-o3/cancel', { key: t.keys.write, body: { reason: 'customer-request', detail: 'called in' } }));
      assert.equal(cancelled.status, 'cancelled');
      assert.equal(cancelled.customerStatus, 'OrderCancelled');
      assert.ok(cancelled.fulfillments.every((f) => f.status === 'cancelled'));
      assert.equal((await ok<Schemas['OrderView']>(await t.call('POST', '/v1/orders/api-o3/cancel', { key: t.keys.write, body: { reason: 'other' } }))).status, 'cancelled');
      await problem(await t.call('POST', '/v1/orders/api-nope/cancel', { key: t.keys.write, body: { reason: 'other' } }), 404, 'not-found');
      await problem(await t.call('POST', '/v1/orders/api-o3/cancel', { key: t.keys.write, body: { reason: 'bored' } }), 422, 'validation-failed');

      const shippedReceipt = await ok<Schemas['OrderReceipt']>(await t.call('POST', '/v1/orders', { key: t.keys.write, body: order('api-o4', { JKT: 1 }) }), 201);
      const [hamburg] = shippedReceipt.fulfillments;
      assert.ok(hamburg);
      await t.hub.store.query("update fulfillments set status = 'shipped' where id = $1", [hamburg.id]);
      await problem(await t.call('POST', '/v1/orders/api-o4/cancel', { key: t.keys.write, body: { reason: 'customer-request' } }), 409, 'conflict');
    });

    it('manages locations one by one and as code', async () => {
      const list = await ok<Schemas['LocationList']>(await t.call('GET', '/v1/locations?type=store', { key: t.keys.read }));
      assert.deepEqual(list.items.map((l) => l.location.id), ['store-berlin', 'store-potsdam']);
      const berlin = await ok<Schemas['StoredLocation']>(await t.call('GET', '/v1/locations/store-berlin', { key: t.keys.read }));
      assert.equal(berlin.revision, 1);
      await problem(await t.call('GET', '/v1/locations/nowhere', { key: t.keys.read }), 404, 'not-found');

      const kiosk = { id: 'kiosk-1', name: 'Kiosk', type: 'store', status: 'open', capabilities: ['pickup'] };
      assert.equal((await ok<Schemas['StoredLocation']>(await t.call('PUT', '/v1/locations/kiosk-1', { key: admin(), body: kiosk }), 201)).revision, 1);
      assert.equal((await ok<Schemas['StoredLocation']>(await t.call('PUT', '/v1/locations/kiosk-1', { key: admin(), body: kiosk }))).revision, 1, 'unchanged');
      assert.equal((await ok<Schemas['StoredLocation']>(await t.call('PUT', '/v1/locations/kiosk-1', { key: admin(), body: { ...kiosk, status: 'paused' } }))).revision, 2);
      await problem(await t.call('PUT', '/v1/locations/kiosk-2', { key: admin(), body: kiosk }), 422, 'validation-failed');
      await problem(await t.call('PUT', '/v1/locations/kiosk-1', { key: t.keys.write, body: kiosk }), 403, 'forbidden');

      const plan = await ok<Schemas['LocationPlan']>(await t.call('POST', '/v1/locations/apply', { key: admin(), body: { locations: NETWORK, prune: true, dryRun: true } }));
      assert.deepEqual(plan.summary, { create: 0, update: 0, unchanged: 4, close: 1 });
      assert.equal((await ok<Schemas['StoredLocation']>(await t.call('GET', '/v1/locations/kiosk-1', { key: t.keys.read }))).location.status, 'paused', 'a dry run changes nothing');
      const invalid = await problem(await t.call('POST', '/v1/locations/apply', { key: admin(), body: { locations: [{ ...NETWORK[0], geo: { lat: 95, lon: 0 } }] } }), 422, 'validation-failed');
      assert.ok(invalid.errors?.some((e) => e.path === '/locations/0/geo/lat'), JSON.stringify(invalid.errors));
      const mars = await problem(await t.call('PUT', '/v1/locations/kiosk-mars', { key: admin(), body: { ...kiosk, id: 'kiosk-mars', timeZone: 'Mars/Olympus' } }), 422, 'validation-failed');
      assert.deepEqual(mars.errors?.map((e) => e.path), ['/timeZone']);
      const marsFile = await problem(await t.call('POST', '/v1/locations/apply', { key: admin(), body: { locations: [{ ...NETWORK[0], timeZone: 'Mars/Olympus' }] } }), 422, 'validation-failed');
      assert.deepEqual(marsFile.errors?.map((e) => e.path), ['/locations/0/timeZone']);
    });

    it('versions routing profiles: create, edit the draft, activate, deactivate', async () => {
      const draft = await ok<Schemas['RoutingProfile']>(await t.call('POST', '/v1/routing/profiles', { key: admin(), body: { id: 'api-ship', definition: { ...SHIP_PROFILE, split: { maxShipments: 1 } }, comment: 'single shipment' } }), 201);
      assert.deepEqual([draft.version, draft.status], [2, 'draft']);
      const edited = await ok<Schemas['RoutingProfile']>(await t.call('PUT', '/v1/routing/profiles/api-ship/versions/2', { key: admin(), body: { definition: { ...SHIP_PROFILE, priority: 11, split: { maxShipments: 1 } } } }));
      assert.equal(edited.definition.priority, 11);
      const invalid = await problem(await t.call('POST', '/v1/routing/profiles', { key: admin(), body: { id: 'api-bad', definition: { ...SHIP_PROFILE, criteria: [{ type: 'distance', maxKm: -1 }] } } }), 422, 'validation-failed');
      assert.ok(invalid.errors?.some((e) => e.path.startsWith('/definition/criteria/0')), JSON.stringify(invalid.errors));
      await problem(await t.call('POST', '/v1/routing/profiles', { key: t.keys.write, body: { id: 'api-x', definition: SHIP_PROFILE } }), 403, 'forbidden');

      const activation = await ok<Schemas['ProfileActivation']>(await t.call('POST', '/v1/routing/profiles/api-ship/versions/2/activate', { key: admin() }));
      assert.equal(activation.deactivated?.version, 1);
      await problem(await t.call('PUT', '/v1/routing/profiles/api-ship/versions/2', { key: admin(), body: { definition: SHIP_PROFILE } }), 409, 'conflict');
      const versions = await ok<Schemas['RoutingProfileList']>(await t.call('GET', '/v1/routing/profiles/api-ship', { key: t.keys.read }));
      assert.deepEqual(versions.items.map((p) => `${p.version}:${p.status}`), ['2:active', '1:inactive']);
      assert.equal((await ok<Schemas['RoutingProfile']>(await t.call('GET', '/v1/routing/profiles/api-ship/versions/1', { key: t.keys.read }))).status, 'inactive');
      await problem(await t.call('GET', '/v1/routing/profiles/api-none', { key: t.keys.read }), 404, 'not-found');
      await problem(await t.call('GET', '/v1/routing/profiles/api-ship/versions/9', { key: t.keys.read }), 404, 'not-found');

      // The new version routes at once: one shipment only, so a split order is partly routed.
      const routed = await ok<Schemas['OrderReceipt']>(await t.call('POST', '/v1/orders', { key: t.keys.write, body: order('api-o5', { TSH: 1, JKT: 1, SCK: 1 }) }), 201);
      assert.deepEqual(routed.routing?.profile, { id: 'api-ship', version: 2 });
      assert.equal(routed.routing?.splitCount, 1);
      assert.equal(routed.status, 'partially-routed');
      assert.ok((routed.routing?.unassigned.length ?? 0) > 0);

      await ok(await t.call('POST', '/v1/routing/profiles/api-ship/versions/1/activate', { key: admin() }));
      assert.equal((await ok<Schemas['RoutingProfile']>(await t.call('POST', '/v1/routing/profiles/api-ship/versions/1/deactivate', { key: admin() }))).status, 'inactive');
      await problem(await t.call('POST', '/v1/routing/profiles/api-ship/versions/1/deactivate', { key: admin() }), 409, 'conflict');
    });

    it('simulates orders against two profile versions side by side, reserving nothing', async () => {
      const orders = Array.from({ length: 40 }, (_, i) => order(`sim-${i}`, i % 2 === 0 ? { TSH: 1, JKT: 1, SCK: 1 } : { CAP: 1 }));
      const before = await t.hub.store.query<{ n: number }>("select count(*)::int as n from stock_reservations where status = 'active'");
      const result = await ok<Schemas['SimulationResult']>(await t.call('POST', '/v1/routing/simulate', { key: t.keys.read, body: { profiles: ['api-ship@1', 'api-ship@2'], orders } }));
      assert.deepEqual(result.reports.map((r) => r.profile), ['api-ship@1', 'api-ship@2']);
      const [multi, single] = result.reports;
      assert.equal(multi?.orders, 40);
      assert.ok((multi?.splitRate ?? 0) > 0);
      assert.equal(single?.splitRate, 0, 'version 2 ships from one location only');
      assert.ok((single?.partiallyAssigned ?? 0) > 0);
      assert.equal(result.decisions, undefined);
      const afterwards = await t.hub.store.query<{ n: number }>("select count(*)::int as n from stock_reservations where status = 'active'");
      assert.deepEqual(afterwards.rows, before.rows);

      const replay = await ok<Schemas['SimulationResult']>(await t.call('POST', '/v1/routing/simulate', { key: t.keys.read, body: { orderIds: ['api-o1'], includeDecisions: true } }));
      assert.equal(replay.reports[0]?.profile, 'active');
      assert.equal(replay.decisions?.[0]?.outcomes[0]?.decision.dryRun, true);
      await problem(await t.call('POST', '/v1/routing/simulate', { key: t.keys.read, body: { profiles: ['nope'], orders } }), 422, 'validation-failed');
      await problem(await t.call('POST', '/v1/routing/simulate', { key: t.keys.read, body: { profiles: ['api-none@1'], orders } }), 404, 'not-found');
      await problem(await t.call('POST', '/v1/routing/simulate', { key: t.keys.read, body: {} }), 422, 'validation-failed');
    });

    it('routes orders on hold again: on request, and when a profile that applies to them is activated', async () => {
      const active = await ok<Schemas['RoutingProfileList']>(await t.call('GET', '/v1/routing/profiles', { key: t.keys.read }));
      for (const p of active.items.filter((item) => item.status === 'active')) {
        await ok(await t.call('POST', `/v1/routing/profiles/${p.id}/versions/${p.version}/deactivate`, { key: admin() }));
      }
      const held = await ok<Schemas['OrderReceipt']>(await t.call('POST', '/v1/orders', { key: t.keys.write, body: order('api-held', { CAP: 1 }, { deliveryMethod: 'same-day' }) }), 201);
      assert.equal(held.status, 'on-hold');
      // No profile applies yet: routing again on request leaves it on hold.
      assert.equal((await ok<Schemas['OrderView']>(await t.call('POST', '/v1/orders/api-held/route', { key: t.keys.write }))).status, 'on-hold');
      await problem(await t.call('POST', '/v1/orders/api-held/route', { key: t.keys.read }), 403, 'forbidden');
      await problem(await t.call('POST', '/v1/orders/api-none/route', { key: t.keys.write }), 404, 'not-found');

      const sameDay = { ...SHIP_PROFILE, conditions: { match: 'all' as const, rules: [{ path: 'deliveryMethod', operator: 'eq' as const, value: 'same-day' }] } };
      const created = await ok<Schemas['RoutingProfile']>(await t.call('POST', '/v1/routing/profiles', { key: admin(), body: { id: 'api-same-day', definition: sameDay } }), 201);
      const activation = await ok<Schemas['ProfileActivation']>(await t.call('POST', `/v1/routing/profiles/api-same-day/versions/${created.version}/activate`, { key: admin() }));
      assert.deepEqual(activation.heldOrders, { routed: 1, failed: 0, remaining: 0 });
      const view = await ok<Schemas['OrderView']>(await t.call('GET', '/v1/orders/api-held', { key: t.keys.read }));
      assert.equal(view.status, 'routed');
      assert.equal(view.decisions.length, 1);
      assert.equal(view.statusHistory.at(-1)?.event, 'routed-again');
      // Activating again finds nothing more to route; a routed order is not routed again.
      const again = await ok<Schemas['ProfileActivation']>(await t.call('POST', `/v1/routing/profiles/api-same-day/versions/${created.version}/activate`, { key: admin() }));
      assert.deepEqual(again.heldOrders, { routed: 0, failed: 0, remaining: 0 });
      await problem(await t.call('POST', '/v1/orders/api-held/route', { key: t.keys.write }), 409, 'conflict');
    });
  });
}
