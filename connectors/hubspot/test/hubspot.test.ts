import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import nock from 'nock';
import type { ActionInput } from '@omnihub/connector-sdk';
import { createTestContext } from '@omnihub/connector-sdk/testing';
import connector, { type HubSpotConfig } from '../src/index.ts';
import { fixture } from './support/fixtures.ts';

const API = 'https://api.hubapi.com';
const TOKEN = 'pat-eu1-4c1d2e3f-5a6b-7c8d-9e0f-123456789abc';

function context() {
  return createTestContext<HubSpotConfig>({ manifest: connector.manifest, config: { accessToken: TOKEN }, instanceId: `hubspot-${Math.random().toString(36).slice(2)}` });
}

function input(payload: unknown, id = 'evt-1'): ActionInput {
  return { payload, event: { id, type: 'x', source: '/t', data: payload }, idempotencyKey: `crm:${id}` };
}

function upserted(id: string, isNew = true): Record<string, unknown> {
  const body = fixture<{ results: Record<string, unknown>[] }>('batch-upsert-response.json');
  return { ...body, results: [{ ...body.results[0], id, new: isNew }] };
}

describe('hubspot connector', () => {
  afterEach(() => nock.cleanAll());

  it('upserts a contact by email with the private-app token', async () => {
    const bodies: unknown[] = [];
    nock(API, { reqheaders: { authorization: `Bearer ${TOKEN}` } })
      .post('/crm/v3/objects/contacts/batch/upsert', (body: unknown) => bodies.push(body) > 0)
      .reply(200, upserted('70213'));
    const ctx = context();
    const result = await connector.actions?.['upsert-contact']?.execute(input({ email: 'lena.koch@example.com', properties: { firstname: 'Lena', phone: '+4915123456789' } }), ctx);
    assert.deepEqual(result, { vendorIds: ['contact:70213'], alreadyApplied: false });
    assert.deepEqual(bodies, [{ inputs: [{ id: 'lena.koch@example.com', idProperty: 'email', properties: { firstname: 'Lena', phone: '+4915123456789', email: 'lena.koch@example.com' } }] }]);
    assert.doesNotMatch(ctx.logs.text(), new RegExp(TOKEN));
  });

  it('finds a phone-only contact by phone (search) and updates it', async () => {
    const searches: unknown[] = [];
    nock(API)
      .post('/crm/v3/objects/contacts/search', (body: unknown) => searches.push(body) > 0)
      .reply(200, fixture('search-response.json'))
      .patch('/crm/v3/objects/contacts/70213', { properties: { omnihub_customer_id: 'cus-1' } })
      .reply(200, { id: '70213', properties: {} });
    await connector.actions?.['upsert-contact']?.execute(input({ phone: '+4915123456789', properties: { omnihub_customer_id: 'cus-1' } }), context());
    const search = searches[0] as { filterGroups: { filters: { propertyName: string; value: string }[] }[] };
    assert.deepEqual(search.filterGroups.map((g) => g.filters[0]?.propertyName), ['phone', 'mobilephone']);
  });

  it('upserts an order by the unique order id property and associates it with the contact (associations v4)', async () => {
    const orderBodies: unknown[] = [];
    nock(API)
      .post('/crm/v3/objects/orders/batch/upsert', (body: unknown) => orderBodies.push(body) > 0)
      .reply(200, upserted('54805205097'))
      .post('/crm/v3/objects/contacts/batch/upsert')
      .reply(200, upserted('70213', false))
      .put('/crm/v4/objects/orders/54805205097/associations/default/contacts/70213')
      .reply(200, fixture('association-response.json'));
    const result = await connector.actions?.['upsert-order']?.execute(input({ orderId: 'shopify-1001', properties: { hs_order_name: 'shopify-1001', hs_currency_code: 'EUR' }, contact: { email: 'lena.koch@example.com' } }), context());
    assert.deepEqual(result?.vendorIds, ['order:54805205097', 'contact:70213']);
    assert.deepEqual(orderBodies, [{ inputs: [{ id: 'shopify-1001', idProperty: 'omnihub_order_id', properties: { hs_order_name: 'shopify-1001', hs_currency_code: 'EUR', omnihub_order_id: 'shopify-1001' } }] }]);
    assert.ok(nock.isDone());
  });

  it('logs a return ticket and a call, associated by the HubSpot id or by phone', async () => {
    const bodies: Record<string, unknown>[] = [];
    nock(API)
      .post('/crm/v3/objects/tickets/batch/upsert', (body: Record<string, unknown>) => bodies.push(body) > 0)
      .reply(200, upserted('9001'))
      .put('/crm/v4/objects/tickets/9001/associations/default/contacts/70213')
      .reply(200, fixture('association-response.json'))
      .post('/crm/v3/objects/calls/batch/upsert', (body: Record<string, unknown>) => bodies.push(body) > 0)
      .reply(200, upserted('9002'))
      .post('/crm/v3/objects/contacts/search')
      .reply(200, fixture('search-response.json'))
      .put('/crm/v4/objects/calls/9002/associations/default/contacts/70213')
      .reply(200, fixture('association-response.json'));
    const ticket = {
      activityId: 'return:RMA-2025-004417',
      kind: 'ticket',
      customer: { customerId: 'cus-10482', email: 'lena.koch@example.com', externalIds: [{ system: 'hubspot', id: '70213' }] },
      subject: 'Return RMA-2025-004417',
      body: 'Authorized.',
      status: 'open',
      occurredAt: '2025-04-14T09:31:00Z',
    };
    const call = {
      activityId: 'interaction:WT4b0c',
      kind: 'call',
      customer: { phone: '+4915123456789' },
      subject: 'Inbound voice call',
      body: 'Asked where her parcel is.',
      occurredAt: '2025-04-16T10:02:00+02:00',
      interaction: { id: 'WT4b0c', channel: 'voice', direction: 'inbound', startedAt: '2025-04-16T09:58:12+02:00', endedAt: '2025-04-16T10:02:00+02:00' },
    };
    const action = connector.actions?.['log-activity'];
    assert.ok(action);
    await action.execute(input(ticket), context());
    await action.execute(input(call, 'evt-2'), context());
    assert.deepEqual(bodies[0], { inputs: [{ id: 'return:RMA-2025-004417', idProperty: 'omnihub_activity_id', properties: { subject: 'Return RMA-2025-004417', content: 'Authorized.', hs_pipeline: '0', hs_pipeline_stage: '1', omnihub_activity_id: 'return:RMA-2025-004417' } }] });
    assert.deepEqual((bodies[1] as { inputs: { properties: unknown }[] }).inputs[0]?.properties, {
      hs_timestamp: '2025-04-16T10:02:00+02:00',
      hs_call_title: 'Inbound voice call',
      hs_call_body: 'Asked where her parcel is.',
      hs_call_status: 'COMPLETED',
      hs_call_direction: 'INBOUND',
      hs_call_duration: '228000',
      hs_call_from_number: '+4915123456789',
      omnihub_activity_id: 'interaction:WT4b0c',
    });
    assert.ok(nock.isDone());
  });

  it('honours Retry-After on 429 and retries', async () => {
    nock(API).post('/crm/v3/objects/contacts/batch/upsert').reply(429, fixture('rate-limit-429.json'), { 'retry-after': '2' }).post('/crm/v3/objects/contacts/batch/upsert').reply(200, upserted('1'));
    const ctx = context();
    await connector.actions?.['upsert-contact']?.execute(input({ email: 'a@example.com', properties: {} }), ctx);
    assert.deepEqual(ctx.clock.sleeps, [2000]);
  });

  it('reads the rate-limit headers and holds the next request until the window has passed', async () => {
    nock(API)
      .post('/crm/v3/objects/contacts/batch/upsert')
      .reply(200, upserted('1'), { 'x-hubspot-ratelimit-remaining': '0', 'x-hubspot-ratelimit-interval-milliseconds': '10000', 'x-hubspot-ratelimit-max': '190' })
      .post('/crm/v3/objects/contacts/batch/upsert')
      .reply(200, upserted('2'), { 'x-hubspot-ratelimit-remaining': '189' });
    const ctx = context();
    const action = connector.actions?.['upsert-contact'];
    assert.ok(action);
    await action.execute(input({ email: 'a@example.com', properties: {} }), ctx);
    await assert.rejects(action.execute(input({ email: 'b@example.com', properties: {} }), ctx), (error: { kind?: string; retryAfterMs?: number }) => error.kind === 'rate-limited' && error.retryAfterMs === 10000);
    ctx.clock.advance(10_000);
    await action.execute(input({ email: 'b@example.com', properties: {} }), ctx);
    assert.ok(nock.isDone());
  });

  it('refuses a payload without a key to match a contact on', async () => {
    await assert.rejects(connector.actions?.['upsert-contact']?.execute(input({ properties: {} }), context()) ?? Promise.resolve(), { kind: 'invalid' });
  });
});
