import { Router, type Response } from 'express';
import { applyLocations, assertLocation, getLocation, HubError, listLocations, putLocation, type LocationFilter, type RoutingCatalog, type SchemaRegistry, type Store, type StoredLocation } from '@omnihub/core';
import type { components } from '../generated/api-types.ts';
import { requestState, stringParam } from '../http/request-state.ts';

type Schemas = components['schemas'];

/** Dependencies of the location routes. */
export interface LocationRouteDeps {
  store: Store;
  registry: SchemaRegistry;
  /** Routing's cache of locations, dropped after every change. */
  catalog: RoutingCatalog;
}

function filterOf(res: Response): LocationFilter {
  const { params } = requestState(res);
  const filter: LocationFilter = {};
  if (typeof params['type'] === 'string') filter.type = params['type'] as LocationFilter['type'];
  if (typeof params['status'] === 'string') filter.status = params['status'] as LocationFilter['status'];
  if (typeof params['group'] === 'string') filter.group = params['group'];
  return filter;
}

const body = (stored: StoredLocation): Schemas['StoredLocation'] => stored;

/**
 * `GET /v1/locations`, `POST /v1/locations/apply`, `GET|PUT /v1/locations/{locationId}`:
 * locations one at a time or as a whole set kept as code (planned, then applied).
 */
export function locationRoutes(deps: LocationRouteDeps): Router {
  const router = Router();

  router.get('/v1/locations', async (_req, res) => {
    const items = await listLocations(deps.store, filterOf(res));
    const list: Schemas['LocationList'] = { items: items.map(body) };
    res.json(list);
  });

  // Declared before `/:locationId` so that `apply` is never taken for an id (the contract orders them the same way).
  router.post('/v1/locations/apply', async (req, res) => {
    const request = req.body as Schemas['LocationApplyRequest'];
    const plan = await deps.store.transaction((tx) => applyLocations(tx, deps.registry, request.locations, { prune: request.prune, dryRun: request.dryRun }));
    if (!plan.dryRun) deps.catalog.invalidate();
    const answer: Schemas['LocationPlan'] = { ...plan, changes: plan.changes.map(({ fields, ...change }) => (fields === undefined ? change : { ...change, fields })) };
    res.json(answer);
  });

  router.get('/v1/locations/:locationId', async (_req, res) => {
    const id = stringParam(res, 'locationId');
    const stored = await getLocation(deps.store, id);
    if (stored === undefined) throw new HubError('not-found', { detail: `no location ${id}` });
    res.json(body(stored));
  });

  router.put('/v1/locations/:locationId', async (req, res) => {
    const id = stringParam(res, 'locationId');
    const location: unknown = req.body;
    assertLocation(deps.registry, location);
    if (location.id !== id) {
      throw new HubError('validation-failed', { detail: `the body's id ${location.id} is not the path's ${id}`, errors: [{ path: '/id', message: `must be ${id}, the id in the path`, keyword: 'const' }] });
    }
    const { outcome, stored } = await deps.store.transaction((tx) => putLocation(tx, location));
    if (outcome !== 'unchanged') deps.catalog.invalidate();
    res.status(outcome === 'created' ? 201 : 200).json(body(stored));
  });

  return router;
}
