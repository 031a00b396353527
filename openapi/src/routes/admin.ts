import { Router } from 'express';
import {
  createApiKey,
  HubError,
  isScope,
  listApiKeys,
  listSubscribers,
  recordAudit,
  resumeSubscriber,
  revokeApiKey,
  SCOPES,
  type ApiKeySummary,
  type EventBus,
  type FieldError,
  type Scope,
  type Store,
  type SubscriberState,
} from '@omnihub/core';
import type { components } from '../generated/api-types.ts';
import { callerOf, requestState, stringParam } from '../http/request-state.ts';

type Schemas = components['schemas'];

/** Dependencies of the admin routes. */
export interface AdminRouteDeps {
  store: Store;
  /** The bus of this process: which subscribers run here, and resuming them at once. */
  bus: Pick<EventBus, 'subscribers' | 'resume'>;
}

/** A key as the contract lists it (the summary's `lastUsedAt` is not tracked, so not shown). */
function apiKeyOf(key: ApiKeySummary): Schemas['ApiKey'] {
  return { id: key.id, name: key.name, scopes: key.scopes, createdAt: key.createdAt.toISOString(), revokedAt: key.revokedAt?.toISOString() ?? null };
}

/** The requested scopes, each known and counted once; unknown ones are the caller's 400, by pointer. */
function checkedScopes(requested: readonly string[]): Scope[] {
  const errors: FieldError[] = [];
  const scopes: Scope[] = [];
  requested.forEach((scope, index) => {
    if (!isScope(scope)) errors.push({ path: `/scopes/${index}`, message: `must be one of ${SCOPES.join(', ')}`, keyword: 'enum' });
    else if (!scopes.includes(scope)) scopes.push(scope);
  });
  if (errors.length > 0) {
    const unknown = requested.filter((scope) => !isScope(scope)).map((scope) => `"${scope}"`);
    throw new HubError('bad-request', { detail: `unknown scope ${unknown.join(', ')}: scopes are ${SCOPES.join(', ')}`, errors });
  }
  return scopes;
}

/** A taken name is one key, active or revoked: names stay unique so audit lines stay unambiguous. */
function nameTaken(existing: ApiKeySummary): HubError {
  const state = existing.revokedAt === null ? '' : ` (revoked at ${existing.revokedAt.toISOString()})`;
  return new HubError('conflict', { detail: `a key named ${existing.name} already exists (id ${existing.id})${state}; choose another name` });
}

/**
 * `GET|POST /v1/api-keys`, `DELETE /v1/api-keys/{id}`, `GET /v1/subscribers` and
 * `POST /v1/subscribers/{name}/resume`: issue and revoke API keys, list subscribers and resume
 * paused ones, every change audited under the caller's API key name.
 */
export function adminRoutes(deps: AdminRouteDeps): Router {
  const router = Router();

  router.get('/v1/api-keys', async (_req, res) => {
    const body: Schemas['ApiKeyList'] = { items: (await listApiKeys(deps.store)).map(apiKeyOf) };
    res.json(body);
  });

  router.post('/v1/api-keys', async (req, res) => {
    if (req.get('idempotency-key') !== undefined) {
      throw new HubError('bad-request', {
        detail: 'createApiKey takes no Idempotency-Key: its reply holds the key text, which the hub never stores',
        errors: [{ path: '/header/Idempotency-Key', message: 'must not be sent to this operation', keyword: 'not' }],
      });
    }
    const request = req.body as Schemas['ApiKeyRequest'];
    const scopes = checkedScopes(request.scopes);
    const actor = callerOf(res).name;
    const issued = await deps.store.transaction(async (tx) => {
      // Serialises concurrent requests for one name, so the loser gets 409 rather than a unique-index error.
      await tx.query('select pg_advisory_xact_lock(hashtext($1))', [`omnihub.api-key-name:${request.name}`]);
      const existing = (await listApiKeys(tx)).find((key) => key.name === request.name);
      if (existing !== undefined) throw nameTaken(existing);
      const key = await createApiKey(tx, request.name, scopes);
      await recordAudit(tx, { actor, action: 'create-api-key', target: `api-key:${key.id}`, details: { name: key.name, scopes } });
      return key;
    });
    const body: Schemas['IssuedApiKey'] = { id: issued.id, name: issued.name, scopes: issued.scopes, createdAt: issued.createdAt.toISOString(), revokedAt: null, key: issued.key };
    res.status(201).setHeader('cache-control', 'no-store');
    res.json(body);
  });

  router.delete('/v1/api-keys/:id', async (_req, res) => {
    const id = stringParam(res, 'id');
    const reason = requestState(res).params['reason'];
    const caller = callerOf(res);
    await deps.store.transaction(async (tx) => {
      const key = (await listApiKeys(tx)).find((candidate) => candidate.id === id);
      if (key === undefined) throw new HubError('not-found', { detail: `no API key ${id}` });
      if (key.revokedAt !== null) throw new HubError('not-found', { detail: `key ${id} (${key.name}) was already revoked at ${key.revokedAt.toISOString()}` });
      // A concurrent revocation may have won since the read: then it is the one audited.
      if (!(await revokeApiKey(tx, id))) throw new HubError('not-found', { detail: `key ${id} (${key.name}) was revoked by another request just now` });
      await recordAudit(tx, {
        actor: caller.name,
        action: 'revoke-api-key',
        target: `api-key:${id}`,
        reason: reason === undefined ? undefined : String(reason),
        details: { name: key.name, scopes: key.scopes, ownKey: caller.id === id },
      });
    });
    res.status(204).end();
  });

  const subscriberOf = (state: SubscriberState): Schemas['Subscriber'] => ({ ...state, running: deps.bus.subscribers().includes(state.name) });

  router.get('/v1/subscribers', async (_req, res) => {
    const body: Schemas['SubscriberList'] = { items: (await listSubscribers(deps.store)).map(subscriberOf) };
    res.json(body);
  });

  router.post('/v1/subscribers/:name/resume', async (req, res) => {
    const name = stringParam(res, 'name');
    const { reason } = (req.body ?? {}) as Schemas['ResumeRequest'];
    const actor = callerOf(res).name;
    const resumed = await deps.store.transaction(async (tx) => {
      const before = (await listSubscribers(tx)).find((state) => state.name === name);
      const after = before === undefined ? undefined : await resumeSubscriber(tx, name);
      if (before === undefined || after === undefined) throw new HubError('not-found', { detail: `no subscriber ${name}; omnihub subscribers list shows them` });
      await recordAudit(tx, { actor, action: 'resume-subscriber', target: `subscriber:${name}`, reason, details: { wasPaused: before.paused, pauseReason: before.reason } });
      return after;
    });
    // Here at once; other processes running it see the cleared row within seconds.
    const here = await deps.bus.resume(name);
    const state = here ? ((await listSubscribers(deps.store)).find((candidate) => candidate.name === name) ?? resumed) : resumed;
    res.json(subscriberOf(state));
  });

  return router;
}
