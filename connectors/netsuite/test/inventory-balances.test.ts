import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import nock from 'nock';
import connector from '../src/index.ts';
import { fixture } from './support/fixtures.ts';
import { NetSuiteDouble } from './support/netsuite-double.ts';
import { netsuiteContext, ORIGIN, TBA } from './support/context.ts';

const rows = fixture<{ rows: Record<string, unknown>[] }>('suiteql-inventory-rows.json').rows;
const poller = connector.pollers?.['inventory-balances'];

describe('netsuite inventory-balances poller (SuiteQL)', () => {
  afterEach(() => nock.cleanAll());

  it('pages through balances changed since the cursor, signed, and moves the watermark', async () => {
    assert.ok(poller);
    const double = new NetSuiteDouble(ORIGIN, TBA);
    double.rows = rows;
    const ctx = netsuiteContext({ inventoryPageSize: 2, timeZone: 'Europe/Berlin', inventoryStartAt: '2025-04-14T08:00:00Z', inventoryOverlapSeconds: 60 });
    const first = await poller.poll(undefined, ctx);
    assert.equal(first.records.length, 2);
    assert.equal(first.more, true);
    const second = await poller.poll(first.cursor, ctx);
    assert.equal(second.records.length, 1);
    assert.equal(second.more, false);

    const [query, next] = double.seen;
    assert.ok(query !== undefined && next !== undefined);
    assert.equal(query.method, 'POST');
    assert.equal(query.path, '/services/rest/query/v1/suiteql?limit=2&offset=0');
    assert.equal(next.path, '/services/rest/query/v1/suiteql?limit=2&offset=2');
    assert.equal(query.headers['prefer'], 'transient');
    assert.match((query.body as { q: string }).q, /t\.lastmodifieddate > TO_TIMESTAMP\('2025-04-14 10:00:00', 'YYYY-MM-DD HH24:MI:SS'\)/);
    assert.match(query.headers['authorization'] ?? '', /^OAuth realm="1234567_SB1", oauth_consumer_key=/);

    const record = first.records[0];
    assert.equal(record?.type, 'netsuite.InventoryBalance');
    assert.equal(record?.occurredAt, '2025-04-14T09:31:07.000Z');
    assert.deepEqual(record?.payload, { ...rows[0], changedatutc: '2025-04-14T09:31:07.000Z', accountid: '1234567_SB1' });
    // The next pass starts one overlap before the newest change seen.
    assert.deepEqual(JSON.parse(second.cursor ?? ''), { since: '2025-04-14T09:39:02.000Z', offset: 0, watermark: '2025-04-14T09:40:02.000Z' });
    assert.doesNotMatch(ctx.logs.text(), new RegExp(TBA.tokenSecret));
  });

  it('gives the same record id to a balance read again by an overlapping pass', async () => {
    assert.ok(poller);
    const double = new NetSuiteDouble(ORIGIN, TBA);
    double.rows = rows;
    const ctx = netsuiteContext({ inventoryStartAt: '2025-04-14T08:00:00Z' });
    const once = await poller.poll(undefined, ctx);
    const again = await poller.poll(JSON.stringify({ since: '2025-04-14T08:00:00.000Z', offset: 0, watermark: '2025-04-14T08:00:00.000Z' }), ctx);
    assert.deepEqual(once.records.map((r) => r.id), again.records.map((r) => r.id));
    assert.equal(new Set(once.records.map((r) => r.id)).size, 3);
  });

  it('refuses a cursor it did not write', async () => {
    assert.ok(poller);
    await assert.rejects(poller.poll('{"page":3}', netsuiteContext()), { kind: 'invalid' });
  });

  it('turns a refused signature into an authentication failure', async () => {
    assert.ok(poller);
    new NetSuiteDouble(ORIGIN, { consumerSecret: 'another-consumer-secret', tokenSecret: TBA.tokenSecret });
    await assert.rejects(poller.poll(undefined, netsuiteContext()), { kind: 'authentication', code: 'vendor.http.401' });
  });
});
