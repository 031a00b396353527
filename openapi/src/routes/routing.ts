import { Router } from 'express';
import {
  activateProfile,
  createProfileVersion,
  deactivateProfile,
  HubError,
  listProfiles,
  listProfileVersions,
  parseProfileRef,
  requireProfile,
  routeHeldOrders,
  simulateOrders,
  updateDraft,
  type OrderFlowDeps,
  type ProfileRef,
  type RoutingProfile,
  type Store,
} from '@omnihub/core';
import { requestEmitter } from './orders.ts';
import type { components } from '../generated/api-types.ts';
import { actorOf, numberParam, stringParam } from '../http/request-state.ts';

type Schemas = components['schemas'];

/** Dependencies of the routing routes. */
export interface RoutingRouteDeps {
  store: Store;
  flow: OrderFlowDeps;
  /** Called after events were queued in the outbox, to relay them at once. */
  onOutboxQueued: () => void;
}

const body = (profile: RoutingProfile): Schemas['RoutingProfile'] => profile as Schemas['RoutingProfile'];

function refsOf(texts: readonly string[] | undefined): ProfileRef[] {
  return (texts ?? []).map((text, index) => {
    const ref = parseProfileRef(text);
    if (ref === undefined) throw new HubError('validation-failed', { detail: `${text} is not <profile id>@<version>`, errors: [{ path: `/profiles/${index}`, message: 'must be <profile id>@<version>', keyword: 'pattern' }] });
    return ref;
  });
}

/**
 * `/v1/routing/profiles...` (versions created as drafts, edited while drafts, activated,
 * deactivated; every change drops routing's cache; an activation routes again the orders on hold
 * the active profiles now apply to, up to a bound) and `POST /v1/routing/simulate` (dry runs).
 */
export function routingRoutes(deps: RoutingRouteDeps): Router {
  const router = Router();
  const { store, flow } = deps;

  router.get('/v1/routing/profiles', async (_req, res) => {
    const list: Schemas['RoutingProfileList'] = { items: (await listProfiles(store)).map(body) };
    res.json(list);
  });

  router.post('/v1/routing/profiles', async (req, res) => {
    const request = req.body as Schemas['NewRoutingProfileVersion'];
    const created = await store.transaction((tx) => createProfileVersion(tx, { id: request.id, definition: request.definition, comment: request.comment, actor: actorOf(res) }));
    res.status(201).json(body(created));
  });

  router.get('/v1/routing/profiles/:profileId', async (_req, res) => {
    const id = stringParam(res, 'profileId');
    const versions = await listProfileVersions(store, id);
    if (versions.length === 0) throw new HubError('not-found', { detail: `no routing profile ${id}` });
    const list: Schemas['RoutingProfileList'] = { items: versions.map(body) };
    res.json(list);
  });

  router.get('/v1/routing/profiles/:profileId/versions/:version', async (_req, res) => {
    res.json(body(await requireProfile(store, stringParam(res, 'profileId'), numberParam(res, 'version'))));
  });

  router.put('/v1/routing/profiles/:profileId/versions/:version', async (req, res) => {
    const request = req.body as Schemas['RoutingProfileDraftUpdate'];
    const updated = await store.transaction((tx) => updateDraft(tx, stringParam(res, 'profileId'), numberParam(res, 'version'), request.definition, request.comment));
    res.json(body(updated));
  });

  router.post('/v1/routing/profiles/:profileId/versions/:version/activate', async (_req, res) => {
    const activation = await store.transaction((tx) => activateProfile(tx, stringParam(res, 'profileId'), numberParam(res, 'version')));
    flow.catalog.invalidate();
    const heldOrders = await routeHeldOrders(store, flow, requestEmitter(flow.registry, res));
    if (heldOrders.routed > 0) deps.onOutboxQueued();
    const answer: Schemas['ProfileActivation'] = { activated: body(activation.activated), ...(activation.deactivated === undefined ? {} : { deactivated: body(activation.deactivated) }), heldOrders };
    res.json(answer);
  });

  router.post('/v1/routing/profiles/:profileId/versions/:version/deactivate', async (_req, res) => {
    const retired = await store.transaction((tx) => deactivateProfile(tx, stringParam(res, 'profileId'), numberParam(res, 'version')));
    flow.catalog.invalidate();
    res.json(body(retired));
  });

  router.post('/v1/routing/simulate', async (req, res) => {
    const request = req.body as Schemas['SimulationRequest'];
    const result = await simulateOrders(store, flow, { profiles: refsOf(request.profiles), orders: request.orders, orderIds: request.orderIds, includeDecisions: request.includeDecisions });
    res.json(result);
  });

  return router;
}
