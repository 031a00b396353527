import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey, createEvent, Events, listSubscribers, readAudit, type PayloadOf } from '@omnihub/core';
import { STORE_FACTORIES, waitFor } from '@omnihub/core/testing';
import type { components } from '../src/generated/api-types.ts';
import { ok, problem } from './responses.ts';
import { startTestHub, subscribeUnconfigured, uniqueName, validFixtures, type TestHub } from './support.ts';

type Schemas = components['schemas'];
type OrderCreatedData = PayloadOf<typeof Events.OrderCreated>;

for (const factory of STORE_FACTORIES) {
  describe(`API keys and subscribers on ${factory.name}`, () => {
    let t: TestHub;
    /** An admin key with a known name, the actor of what it does. */
    let admin: string;
    let ops: string;

    async function issue(name: string, scopes: string[], key = admin): Promise<Schemas['IssuedApiKey']> {
      return ok<Schemas['IssuedApiKey']>(await t.call('POST', '/v1/api-keys', { key, body: { name, scopes } }), 201);
    }

    async function subscribers(): Promise<Schemas['Subscriber'][]> {
      return (await ok<Schemas['SubscriberList']>(await t.call('GET', '/v1/subscribers', { key: t.keys.read }))).items;
    }

    before(async () => {
      t = await startTestHub(factory);
      admin = (await createApiKey(t.hub.store, 'admin-ana', ['admin'])).key;
      ops = (await createApiKey(t.hub.store, 'ops-bob', ['ops'])).key;
    });
    after(async () => {
      await t.close();
    });

    it('issues a key whose text is shown once, and lists keys without text or hash', async () => {
      const name = uniqueName('backend');
      const response = await t.call('POST', '/v1/api-keys', { key: admin, body: { name, scopes: ['read', 'write', 'read'] } });
      assert.equal(response.headers.get('cache-control'), 'no-store');
      const issued = await ok<Schemas['IssuedApiKey']>(response, 201);
      assert.match(issued.key, new RegExp(`^ohk_${issued.id}_[A-Za-z0-9_-]{20,}$`));
      assert.equal(issued.name, name);
      assert.deepEqual(issued.scopes, ['read', 'write'], 'a repeated scope counts once');
      assert.equal(issued.revokedAt, null);
      // the new key works at once, with its scopes
      assert.equal((await t.call('GET', '/v1/subscribers', { key: issued.key })).status, 200);
      assert.equal((await t.call('GET', '/v1/api-keys', { key: issued.key })).status, 403);

      const listing = await t.call('GET', '/v1/api-keys', { key: admin });
      const text = await listing.text();
      assert.equal(listing.status, 200, text);
      const { rows } = await t.hub.store.query<{ key_hash: string }>('select key_hash from api_keys where id = $1', [issued.id]);
      assert.ok(rows[0]);
      assert.ok(!text.includes(issued.key), 'the key text is never listed');
      assert.ok(!text.includes(rows[0].key_hash), 'nor its hash');
      const listed = (JSON.parse(text) as Schemas['ApiKeyList']).items;
      assert.deepEqual(listed.find((key) => key.id === issued.id), { id: issued.id, name, scopes: ['read', 'write'], createdAt: issued.createdAt, revokedAt: null });
      assert.equal(listed[0]?.id, issued.id, 'newest first');

      const [line] = await readAudit(t.hub.store, `api-key:${issued.id}`);
      assert.equal(line?.actor, 'admin-ana');
      assert.equal(line.action, 'create-api-key');
      assert.deepEqual(line.details, { name, scopes: ['read', 'write'] });
    });

    it('refuses a taken name (409), an unknown scope (400 with a pointer) and an invalid body (422)', async () => {
      const name = uniqueName('taken');
      const first = await issue(name, ['ops']);
      const taken = await problem(await t.call('POST', '/v1/api-keys', { key: admin, body: { name, scopes: ['read'] } }), 409, 'conflict');
      assert.match(String(taken['detail']), new RegExp(`a key named ${name} already exists \\(id ${first.id}\\)`));

      const unknown = await problem(await t.call('POST', '/v1/api-keys', { key: admin, body: { name: uniqueName('scope'), scopes: ['read', 'superuser'] } }), 400, 'bad-request');
      assert.match(String(unknown['detail']), /unknown scope "superuser": scopes are read, write, ops, admin/);
      assert.deepEqual(unknown['errors'], [{ path: '/scopes/1', message: 'must be one of read, write, ops, admin', keyword: 'enum' }]);

      const none = await problem(await t.call('POST', '/v1/api-keys', { key: admin, body: { name: uniqueName('none'), scopes: [] } }), 422, 'validation-failed');
      assert.equal((none['errors'] as { path: string }[])[0]?.path, '/scopes');
      await problem(await t.call('POST', '/v1/api-keys', { key: admin, body: { name: 'has spaces', scopes: ['read'] } }), 422, 'validation-failed');

      // the reply would hold the key text: no Idempotency-Key, so it is never stored
      const retried = uniqueName('idem');
      const refused = await problem(await t.call('POST', '/v1/api-keys', { key: admin, body: { name: retried, scopes: ['read'] }, headers: { 'idempotency-key': 'k-1' } }), 400, 'bad-request');
      assert.equal((refused['errors'] as { path: string }[])[0]?.path, '/header/Idempotency-Key');
      const listed = await ok<Schemas['ApiKeyList']>(await t.call('GET', '/v1/api-keys', { key: admin }));
      assert.ok(!listed.items.some((key) => key.name === retried), 'nothing was issued');
    });

    it('needs the admin scope for keys: 403 for a read or ops key, 401 without a key', async () => {
      for (const key of [t.keys.read, t.keys.write, ops]) {
        await problem(await t.call('GET', '/v1/api-keys', { key }), 403, 'forbidden');
        const forbidden = await problem(await t.call('POST', '/v1/api-keys', { key, body: { name: uniqueName('nope'), scopes: ['admin'] } }), 403, 'forbidden');
        assert.match(String(forbidden['detail']), /needs the "admin" scope/);
        await problem(await t.call('DELETE', '/v1/api-keys/abcdef0123', { key }), 403, 'forbidden');
      }
      await problem(await t.call('POST', '/v1/api-keys', { body: { name: uniqueName('anon'), scopes: ['admin'] } }), 401, 'unauthorized');
    });

    it('revokes a key at once: its next request gets 401; revoked and unknown ids give 404', async () => {
      const name = uniqueName('laptop');
      const issued = await issue(name, ['read']);
      assert.equal((await t.call('GET', '/v1/subscribers', { key: issued.key })).status, 200);
      const revoked = await t.call('DELETE', `/v1/api-keys/${issued.id}?reason=${encodeURIComponent('laptop lost (SEC-311)')}`, { key: admin });
      assert.equal(revoked.status, 204, await revoked.text());
      await problem(await t.call('GET', '/v1/subscribers', { key: issued.key }), 401, 'unauthorized');

      const listed = await ok<Schemas['ApiKeyList']>(await t.call('GET', '/v1/api-keys', { key: admin }));
      const entry = listed.items.find((key) => key.id === issued.id);
      assert.ok(entry?.revokedAt !== null && entry?.revokedAt !== undefined && !Number.isNaN(Date.parse(entry.revokedAt)));
      const [line] = await readAudit(t.hub.store, `api-key:${issued.id}`);
      assert.equal(line?.action, 'revoke-api-key');
      assert.equal(line.actor, 'admin-ana');
      assert.equal(line.reason, 'laptop lost (SEC-311)');
      assert.deepEqual(line.details, { name, scopes: ['read'], ownKey: false });

      const again = await problem(await t.call('DELETE', `/v1/api-keys/${issued.id}`, { key: admin }), 404, 'not-found');
      assert.match(String(again['detail']), new RegExp(`key ${issued.id} \\(${name}\\) was already revoked at `));
      await problem(await t.call('DELETE', '/v1/api-keys/zzzzzzzzzz', { key: admin }), 404, 'not-found');
      await problem(await t.call('DELETE', '/v1/api-keys/NOT-AN-ID', { key: admin }), 400, 'bad-request');
      await problem(await t.call('POST', `/v1/api-keys`, { key: admin, body: { name, scopes: ['read'] } }), 409, 'conflict');
    });

    it('lets a key revoke itself, after which it is refused', async () => {
      const self = await issue(uniqueName('self'), ['admin']);
      assert.equal((await t.call('DELETE', `/v1/api-keys/${self.id}`, { key: self.key })).status, 204);
      await problem(await t.call('GET', '/v1/api-keys', { key: self.key }), 401, 'unauthorized');
      const [line] = await readAudit(t.hub.store, `api-key:${self.id}`);
      assert.equal(line?.actor, self.name);
      assert.equal((line.details as { ownKey: boolean }).ownKey, true);
    });

    it('lists a subscriber paused by a ConfigurationFailure, and resuming it resumes delivery', async () => {
      const name = uniqueName('sub-pause');
      const { handled, configure } = await subscribeUnconfigured(t.hub, name, 'no location mapping for store berlin-1');
      const event = createEvent(Events.OrderCreated, validFixtures('order.created')[0] as OrderCreatedData, { source: '/tests/admin' });
      assert.equal((await t.call('POST', '/v1/events', { key: t.keys.write, body: event })).status, 202);
      await waitFor(async () => (await subscribers()).some((s) => s.name === name && s.paused), { message: 'the pause', timeoutMs: 60_000 });
      const paused = (await subscribers()).find((s) => s.name === name);
      assert.ok(paused);
      assert.equal(paused.running, true);
      assert.match(paused.reason ?? '', /no location mapping for store berlin-1/);
      assert.ok(!Number.isNaN(Date.parse(paused.updatedAt)));
      assert.deepEqual(handled, []);

      await problem(await t.call('POST', `/v1/subscribers/${name}/resume`, { key: t.keys.read }), 403, 'forbidden');
      configure();
      const resumed = await ok<Schemas['Subscriber']>(await t.call('POST', `/v1/subscribers/${name}/resume`, { key: ops, body: { reason: 'store berlin-1 mapped (OPS-7)' } }));
      assert.equal(resumed.name, name);
      assert.equal(resumed.paused, false);
      assert.equal(resumed.reason, null);
      assert.equal(resumed.running, true);
      await waitFor(() => handled.length === 1, { message: 'the delivery after the resume', timeoutMs: 60_000 });
      assert.deepEqual(handled, [event.id]);

      const [line] = await readAudit(t.hub.store, `subscriber:${name}`);
      assert.equal(line?.action, 'resume-subscriber');
      assert.equal(line.actor, 'ops-bob');
      assert.equal(line.reason, 'store berlin-1 mapped (OPS-7)');
      assert.deepEqual(line.details, { wasPaused: true, pauseReason: paused.reason });
    });

    it('resumes a subscriber paused in another process (running: false); unknown names give 404', async () => {
      const name = uniqueName('sub-remote');
      await t.hub.store.query("insert into subscriber_state (subscriber, paused, reason) values ($1, true, 'auth.token-rejected: token expired')", [name]);
      const listed = (await subscribers()).find((s) => s.name === name);
      assert.deepEqual({ ...listed, updatedAt: undefined }, { name, paused: true, reason: 'auth.token-rejected: token expired', running: false, updatedAt: undefined });
      const resumed = await ok<Schemas['Subscriber']>(await t.call('POST', `/v1/subscribers/${name}/resume`, { key: ops }));
      assert.deepEqual({ ...resumed, updatedAt: undefined }, { name, paused: false, reason: null, running: false, updatedAt: undefined });
      assert.equal((await listSubscribers(t.hub.store)).find((s) => s.name === name)?.paused, false);
      const [line] = await readAudit(t.hub.store, `subscriber:${name}`);
      assert.equal(line?.reason, undefined);

      const unknown = await problem(await t.call('POST', `/v1/subscribers/${uniqueName('sub-none')}/resume`, { key: ops }), 404, 'not-found');
      assert.match(String(unknown['detail']), /no subscriber t-sub-none-\w+; omnihub subscribers list shows them/);
      await problem(await t.call('POST', '/v1/subscribers/Not%20A%20Name/resume', { key: ops }), 400, 'bad-request');
      await problem(await t.call('GET', '/v1/subscribers'), 401, 'unauthorized');
    });
  });
}
