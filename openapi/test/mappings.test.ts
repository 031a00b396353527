import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createApiKey, MAPPINGS_DIR } from '@omnihub/core';
import { pgliteFactory } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { ok, problem } from './responses.ts';
import { startTestHub, validFixtures, type TestHub } from './support.ts';

type Schemas = components['schemas'];

function fixture(id: string, version: string, file: string): unknown {
  return JSON.parse(readFileSync(`${MAPPINGS_DIR}/${id}/${version}/fixtures/${file}`, 'utf8')) as unknown;
}

const SHOPIFY = 'shopify.order-to-canonical';
const CSV = 'generic.csv-stock-row-to-movement';
const HTTP = 'canonical.order-to-http-json';

describe('mappings API', () => {
  let t: TestHub;
  let admin: string;

  const preview = (id: string, body: object, key = admin): Promise<Response> => t.call('POST', `/v1/mappings/${id}/preview`, { key, body });

  before(async () => {
    t = await startTestHub(pgliteFactory);
    admin = t.keys.admin;
  });
  after(async () => {
    await t.close();
  });

  it('lists every mapping with its versions, source, target, fixtures and engine', async () => {
    const { items } = await ok<Schemas['MappingList']>(await t.call('GET', '/v1/mappings', { key: t.keys.read }));
    const ids = items.map((item) => item.id);
    assert.deepEqual(ids, [...ids].sort());
    for (const id of [SHOPIFY, CSV, HTTP, 'shopify.order-to-http-json']) assert.ok(ids.includes(id), `${id} is listed`);
    const shopify = items.find((item) => item.id === SHOPIFY);
    assert.deepEqual(shopify?.source, { vendor: 'shopify', payload: 'shopify.Order', apiVersion: '2025-01' });
    assert.deepEqual(shopify?.target, { canonical: 'order.created@1' });
    assert.equal(shopify?.engine, 'compiled');
    assert.ok((shopify?.fixtures ?? 0) >= 3);
    const http = items.find((item) => item.id === HTTP);
    assert.deepEqual(http?.versions, ['1.0.0', '1.1.0']);
    assert.equal(http?.latest, '1.1.0');
    assert.equal(items.find((item) => item.id === 'shopify.order-to-http-json')?.engine, 'chain');
  });

  it('needs a key to list and an admin key to preview', async () => {
    await problem(await t.call('GET', '/v1/mappings'), 401, 'unauthorized');
    await problem(await preview(CSV, { input: {} }, t.keys.write), 403, 'forbidden');
  });

  it('previews a mapping with variables: the result is the canonical payload', async () => {
    const input = fixture(CSV, '1.0.0', 'count-in-local-time.input.json');
    const bindings = fixture(CSV, '1.0.0', 'count-in-local-time.bindings.json') as Record<string, unknown>;
    const body = await ok<Schemas['MappingPreview']>(await preview(CSV, { input, bindings }));
    assert.equal(body.mapping, `${CSV}@1.0.0`);
    assert.equal(body.version, '1.0.0');
    assert.equal(body.engine, 'compiled');
    assert.equal(body.overridden, false);
    assert.deepEqual(body.output, fixture(CSV, '1.0.0', 'count-in-local-time.output.json'));
  });

  it('previews a Shopify order as order.created data', async () => {
    const input = fixture(SHOPIFY, '1.0.0', 'us-taxes-excluded.input.json');
    const body = await ok<Schemas['MappingPreview']>(await preview(SHOPIFY, { input }));
    assert.deepEqual(body.output, fixture(SHOPIFY, '1.0.0', 'us-taxes-excluded.output.json'));
  });

  it('selects the version by exact version or range, the latest by default', async () => {
    const [input] = validFixtures('order.created');
    const version = async (selector?: string): Promise<string> => (await ok<Schemas['MappingPreview']>(await preview(HTTP, selector === undefined ? { input } : { input, version: selector }))).version;
    assert.equal(await version(), '1.1.0');
    assert.equal(await version('1.0.0'), '1.0.0');
    assert.equal(await version('~1.0.0'), '1.0.0');
    assert.equal(await version('^1'), '1.1.0');
    const missing = await problem(await preview(HTTP, { input, version: '^2' }), 404, 'not-found');
    assert.match(String(missing['detail']), /no version of mapping canonical\.order-to-http-json matches \^2 \(it has 1\.0\.0, 1\.1\.0\)/);
    await problem(await preview('no.such-mapping', { input }), 404, 'not-found');
  });

  it('answers 422 naming the mapping, the place in the expression and the input path when the expression fails', async () => {
    const input = fixture(CSV, '1.0.0', 'quantity-not-a-number.input.json');
    const body = await problem(await preview(CSV, { input, bindings: { file: 'counts.csv', line: 4 } }), 422, 'validation-failed');
    assert.equal(body['mapping'], `${CSV}@1.0.0`);
    assert.equal(body['mappingCode'], 'mapping.failed');
    assert.equal(body['inputPath'], '/quantity');
    assert.equal(body['token'], 'integer');
    const location = body['location'] as { line: number; column: number };
    const text = readFileSync(`${MAPPINGS_DIR}/${CSV}/1.0.0/mapping.jsonata`, 'utf8');
    assert.ok(text.split('\n')[location.line - 1]?.slice(location.column - 1).startsWith('$integer('), `line ${location.line}, column ${location.column} is the call of $integer`);
    assert.match(String(body['detail']), /generic\.csv-stock-row-to-movement@1\.0\.0 failed: \$integer: "twelve" is not a whole number/);
    assert.deepEqual(body['errors'], [{ path: '/input/quantity', message: '$integer: "twelve" is not a whole number', keyword: 'mapping.failed' }]);
  });

  it('answers 422 with the schema errors of the result when it breaks the canonical schema', async () => {
    const input = fixture(SHOPIFY, '1.0.0', 'custom-item-without-sku.input.json');
    const body = await problem(await preview(SHOPIFY, { input }), 422, 'validation-failed');
    assert.equal(body['mappingCode'], 'mapping.invalid-output');
    assert.deepEqual(body['outputErrors'], [{ path: '/order/lines/1/sku', message: "must have required property 'sku'", keyword: 'required' }]);
    assert.match(String(body['detail']), /produced an invalid order\.created@1/);
  });

  it('previews an override, and refuses one that does not compile with where', async () => {
    const [input] = validFixtures('order.created');
    const expression = '{ "method": "PUT", "path": "/orders/" & order.id, "body": { "id": order.id } }';
    const body = await ok<Schemas['MappingPreview']>(await preview(HTTP, { input, expression }));
    assert.equal(body.overridden, true);
    assert.equal(body.engine, 'compiled');
    assert.deepEqual(body.output, { method: 'PUT', path: '/orders/ord-2025-100231', body: { id: 'ord-2025-100231' } });

    const broken = await problem(await preview(HTTP, { input, expression: '{\n  "method": "PUT",\n  "path": $string(\n}' }), 422, 'validation-failed');
    assert.equal(broken['mappingCode'], 'mapping.invalid-expression');
    assert.equal((broken['location'] as { line: number }).line, 4);
    assert.equal((broken['errors'] as { path: string }[])[0]?.path, '/expression');

    const invalid = await problem(await preview(HTTP, { input, expression: '{ "method": "FETCH", "path": "orders" }' }), 422, 'validation-failed');
    assert.equal(invalid['mappingCode'], 'mapping.invalid-output');
    assert.deepEqual((invalid['outputErrors'] as { path: string }[]).map((error) => error.path).sort(), ['/method', '/path']);
  });

  it('runs a chain, and refuses an override of a chain', async () => {
    const input = fixture('shopify.order-to-http-json', '1.0.0', 'pickup-in-store.input.json');
    const bindings = fixture('shopify.order-to-http-json', '1.0.0', 'pickup-in-store.bindings.json') as Record<string, unknown>;
    const body = await ok<Schemas['MappingPreview']>(await preview('shopify.order-to-http-json', { input, bindings }));
    assert.equal(body.engine, 'chain');
    assert.deepEqual(body.output, fixture('shopify.order-to-http-json', '1.0.0', 'pickup-in-store.output.json'));
    const refused = await problem(await preview('shopify.order-to-http-json', { input, expression: '{}' }), 422, 'validation-failed');
    assert.match(String(refused['detail']), /is a chain of shopify\.order-to-canonical@1\.0\.0, canonical\.order-to-http-json@1\.1\.0/);
  });

  it('checks the request body against the contract', async () => {
    const missing = await problem(await preview(CSV, { bindings: {} }), 422, 'validation-failed');
    assert.ok((missing['errors'] as { path: string }[]).some((error) => error.path === '/input'));
    await problem(await t.call('POST', `/v1/mappings/${CSV}/preview`, { key: admin, body: '{"input":' }), 400, 'malformed-json');
  });

  it('serves a preview to an ops key holder only when the key has the admin scope', async () => {
    const ops = await createApiKey(t.hub.store, 'ops-mappings', ['ops']);
    await problem(await preview(CSV, { input: {} }, ops.key), 403, 'forbidden');
  });
});
