import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { InstanceStore, loadConnectorPackage, ConnectorRegistry, type CloudEvent } from '@omnihub/core';
import { STORE_FACTORIES } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { startTestHub, type TestHub } from './support.ts';

type Receipt = components['schemas']['WebhookReceipt'];

const SECRET = 'whsec_facade_0123456789';
const KEY = Buffer.alloc(32, 3);

/** A connector package as a vendor ships it: plain JavaScript, no node_modules of its own. */
const CONNECTOR_SOURCE = `
import { defineConnector, verifyHmacSha256 } from '@omnihub/connector-sdk';

const verify = (request, ctx) => verifyHmacSha256({ secret: ctx.config.webhookSecret, payload: request.rawBody, signature: request.headers['x-hook-signature'], encoding: 'hex' });

export default defineConnector({
  manifest: {
    id: 'hooks', version: '1.0.0', name: 'Webhook test', kind: 'pos', vendorApiVersion: 'v1',
    capabilities: {
      webhooks: [
        { name: 'moves', vendorPayload: 'hooks.Move', emits: ['inventory.movement.recorded@1'], mapping: 'hooks.move' },
        { name: 'pings', vendorPayload: 'hooks.Ping', emits: ['inventory.movement.recorded@1'] },
      ],
    },
    configSchema: { type: 'object', required: ['webhookSecret'], properties: { webhookSecret: { type: 'string', 'x-omnihub-secret': true } } },
    allowedHosts: [],
    compatibility: { sdk: '^0.1.0', canonical: {} },
  },
  webhooks: {
    moves: {
      verify,
      parse: (request) => JSON.parse(request.rawBody.toString('utf8')).moves.map((m) => ({ id: m.id, type: 'hooks.Move', payload: m, partitionKey: m.sku })),
    },
    pings: { verify, parse: () => [], reply: { status: 200, contentType: 'text/xml', body: '<Response/>' } },
  },
});
`;

const MAPPING = `id: hooks.move
version: 1.0.0
description: A test POS move to a canonical inventory movement.
source:
  vendor: hooks
  payload: hooks.Move
target:
  canonical: inventory.movement.recorded@1
expression: '{ "movementId": id, "sku": sku, "locationId": "store-1", "mode": "delta", "quantity": qty, "reason": "sale", "sourceSystem": "hooks", "occurredAt": "2025-04-14T11:20:05Z" }'
`;

function sign(body: string | Buffer): string {
  return createHmac('sha256', SECRET).update(body).digest('hex');
}

let scratch: string;
const saved: Record<string, string | undefined> = {};

before(async () => {
  scratch = await mkdtemp(path.join(tmpdir(), 'omnihub-webhooks-'));
  await mkdir(path.join(scratch, 'plugins', 'hooks'), { recursive: true });
  await writeFile(path.join(scratch, 'plugins', 'hooks', 'package.json'), JSON.stringify({ name: '@vendor/omnihub-hooks', version: '1.0.0', type: 'module', main: 'index.js' }));
  await writeFile(path.join(scratch, 'plugins', 'hooks', 'index.js'), CONNECTOR_SOURCE);
  await mkdir(path.join(scratch, 'mappings', 'hooks.move', '1.0.0'), { recursive: true });
  await writeFile(path.join(scratch, 'mappings', 'hooks.move', '1.0.0', 'mapping.yaml'), MAPPING);
  // The hub reads these at start: its plugins folder, mappings folder and secret key.
  for (const [name, value] of Object.entries({ OMNIHUB_PLUGINS_DIR: path.join(scratch, 'plugins'), OMNIHUB_MAPPINGS_DIR: path.join(scratch, 'mappings'), OMNIHUB_SECRET_KEY: KEY.toString('base64') })) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
});

after(async () => {
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) Reflect.deleteProperty(process.env, name);
    else process.env[name] = value;
  }
  await rm(scratch, { recursive: true, force: true });
});

for (const factory of STORE_FACTORIES) {
  describe(`POST /v1/webhooks on ${factory.name}`, () => {
    let t: TestHub;

    async function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<Response> {
      return fetch(`${t.hub.url}${url}`, { method: 'POST', headers, body });
    }

    async function problem(response: Response, status: number, code: string): Promise<Record<string, unknown>> {
      const text = await response.text();
      assert.equal(response.status, status, text);
      assert.match(response.headers.get('content-type') ?? '', /^application\/problem\+json/);
      const body = JSON.parse(text) as Record<string, unknown>;
      assert.equal(body['code'], code);
      return body;
    }

    before(async () => {
      t = await startTestHub(factory);
      const loaded = await loadConnectorPackage(path.join(scratch, 'plugins', 'hooks'), { schemas: t.hub.registry });
      const instances = new InstanceStore({ store: t.hub.store, connectors: new ConnectorRegistry([loaded]), secretKey: KEY });
      await instances.create({ id: 'pos-berlin', connectorId: 'hooks', config: { webhookSecret: SECRET } });
      await instances.create({ id: 'pos-paused', connectorId: 'hooks', config: { webhookSecret: SECRET } });
      await instances.setState('pos-paused', 'paused', 'authentication: key revoked');
    });
    after(async () => {
      await t.close();
    });

    it('verifies the signature over the exact bytes, with no API key, and answers 202 once accepted', async () => {
      // Spacing and key order a JSON re-serialisation would change: the signature covers these bytes.
      const body = '{ "moves" : [ {"sku":"SKU-1", "id":"m-1", "qty": -2}, {"id":"m-2","sku":"SKU-2","qty":5} ] }\n';
      const response = await post('/v1/webhooks/pos-berlin/moves', body, { 'content-type': 'application/json; charset=utf-8', 'x-hook-signature': sign(body) });
      const text = await response.text();
      assert.equal(response.status, 202, text);
      assert.ok(response.headers.get('x-correlation-id'));
      const receipt = JSON.parse(text) as Receipt;
      assert.deepEqual({ ...receipt, events: receipt.events.length }, { instanceId: 'pos-berlin', capability: 'moves', records: 2, accepted: 2, duplicates: 0, deadLettered: 0, events: 2 });
      const { rows } = await t.hub.store.query<{ envelope: CloudEvent }>("select envelope from event_log where source = '/connectors/hooks/pos-berlin' order by event_id");
      assert.deepEqual(rows.map((r) => r.envelope.id).sort(), [...receipt.events].sort());
      const event = rows.find((r) => (r.envelope.data as { movementId: string }).movementId === 'm-1')?.envelope;
      assert.equal(event?.correlationid, response.headers.get('x-correlation-id'));
      assert.equal(event?.partitionkey, 'SKU-1');
      assert.equal((event?.data as { quantity: number }).quantity, -2);

      const again = await post('/v1/webhooks/pos-berlin/moves', body, { 'content-type': 'application/json', 'x-hook-signature': sign(body) });
      assert.equal(again.status, 202);
      assert.deepEqual(((await again.json()) as Receipt).duplicates, 2);
    });

    it('refuses a forged or unsigned call with 401 problem+json naming the connector\'s reason', async () => {
      const body = '{"moves":[{"id":"m-forged","sku":"SKU-1","qty":1}]}';
      const forged = await problem(await post('/v1/webhooks/pos-berlin/moves', body, { 'content-type': 'application/json', 'x-hook-signature': sign(`${body} `) }), 401, 'unauthorized');
      assert.equal(forged['detail'], 'webhook signature rejected by hooks@1.0.0: signature does not match');
      const unsigned = await problem(await post('/v1/webhooks/pos-berlin/moves', body, { 'content-type': 'application/json' }), 401, 'unauthorized');
      assert.match(String(unsigned['detail']), /signature missing/);
      const { rowCount } = await t.hub.store.query("select 1 from event_log where envelope->'data'->>'movementId' = 'm-forged'");
      assert.equal(rowCount, 0);
    });

    it('hands a form body to the named capability raw, and answers with the connector\'s own reply', async () => {
      const body = 'CallSid=CA123&CallStatus=completed&To=%2B4930123456';
      const response = await post('/v1/webhooks/pos-berlin/pings', body, { 'content-type': 'application/x-www-form-urlencoded', 'x-hook-signature': sign(body) });
      assert.equal(response.status, 200);
      assert.match(response.headers.get('content-type') ?? '', /^text\/xml/);
      assert.equal(await response.text(), '<Response/>');
    });

    it('answers unknown instances and capabilities 404, paused ones 503, bad ids 400', async () => {
      const body = '{"moves":[]}';
      const headers = { 'content-type': 'application/json', 'x-hook-signature': sign(body) };
      assert.match(String((await problem(await post('/v1/webhooks/pos-nowhere/moves', body, headers), 404, 'not-found'))['detail']), /no enabled connector instance "pos-nowhere"/);
      assert.match(String((await problem(await post('/v1/webhooks/pos-berlin/refunds', body, headers), 404, 'not-found'))['detail']), /has no webhook "refunds"; it has moves, pings/);
      assert.match(String((await problem(await post('/v1/webhooks/pos-berlin', body, headers), 404, 'not-found'))['detail']), /has several webhooks: call \/v1\/webhooks\/pos-berlin\/\{capability\} with one of moves, pings/);
      assert.match(String((await problem(await post('/v1/webhooks/pos-paused/moves', body, headers), 503, 'not-ready'))['detail']), /instance "pos-paused" is paused \(authentication: key revoked\)/);
      await problem(await post('/v1/webhooks/POS_Berlin/moves', body, headers), 400, 'bad-request');
    });

    it('refuses a body over the limit with 413 and an unknown media type with 415', async () => {
      const big = `{"moves":[],"padding":"${'x'.repeat(70_000)}"}`;
      await problem(await post('/v1/webhooks/pos-berlin/moves', big, { 'content-type': 'application/json', 'x-hook-signature': sign(big) }), 413, 'payload-too-large');
      await problem(await post('/v1/webhooks/pos-berlin/moves', Buffer.from([0x89, 0x50, 0x4e, 0x47]), { 'content-type': 'image/png' }), 415, 'unsupported-media-type');
    });
  });
}
