import { Router } from 'express';
import { HubError, getPreferences, lookupContext, lookupContextBy, notificationsOfCustomer, setPreferences, type CustomerPreferences, type Store } from '@omnihub/core';
import type { components } from '../generated/api-types.ts';
import { requestState, stringParam } from '../http/request-state.ts';

type Schemas = components['schemas'];

/** Dependencies of the customer routes. */
export interface CustomerRouteDeps {
  store: Store;
}

/** Preferences as the contract has them: absent fields left out. */
function preferencesOf(preferences: CustomerPreferences): Schemas['CustomerPreferences'] {
  return { ...(preferences.locale === undefined ? {} : { locale: preferences.locale }), ...(preferences.channel === undefined ? {} : { channel: preferences.channel }) };
}

/** Notifications listed when the caller gives no `limit`. */
const DEFAULT_LIMIT = 50;

/**
 * The customer context for contact centers, served from the precomputed projection (one row per
 * lookup; built from the orders for a customer without a profile or a guest): by customer id, or
 * by phone or email for an incoming contact; notification
 * preferences; the notifications sent to a customer.
 */
export function customerRoutes(deps: CustomerRouteDeps): Router {
  const router = Router();

  router.get('/v1/customers/context', async (_req, res) => {
    const { params } = requestState(res);
    const phone = typeof params['phone'] === 'string' ? params['phone'] : undefined;
    const email = typeof params['email'] === 'string' ? params['email'] : undefined;
    if ((phone === undefined) === (email === undefined)) {
      throw new HubError('bad-request', { detail: 'give exactly one of phone and email', errors: [{ path: '/query/phone', message: 'exactly one of phone and email is required', keyword: 'oneOf' }] });
    }
    const context = await lookupContextBy(deps.store, phone !== undefined ? { phone } : { email: email ?? '' });
    if (context === undefined) throw new HubError('not-found', { detail: `no customer or order holds ${phone ?? email ?? ''}` });
    res.json(context);
  });

  router.get('/v1/customers/:customerId/context', async (_req, res) => {
    const id = stringParam(res, 'customerId');
    const context = await lookupContext(deps.store, id);
    if (context === undefined) throw new HubError('not-found', { detail: `no customer ${id}, and no order names it` });
    res.json(context);
  });

  router.get('/v1/customers/:customerId/preferences', async (_req, res) => {
    const body = preferencesOf(await getPreferences(deps.store, stringParam(res, 'customerId')));
    res.json(body);
  });

  router.put('/v1/customers/:customerId/preferences', async (req, res) => {
    const body = preferencesOf(await setPreferences(deps.store, stringParam(res, 'customerId'), req.body as CustomerPreferences));
    res.json(body);
  });

  router.get('/v1/customers/:customerId/notifications', async (_req, res) => {
    const { params } = requestState(res);
    const limit = typeof params['limit'] === 'number' ? params['limit'] : DEFAULT_LIMIT;
    const items = await notificationsOfCustomer(deps.store, stringParam(res, 'customerId'), limit);
    const body: Schemas['CustomerNotificationList'] = { items: items.map(({ dedupeKey: _key, customerId: _customer, variables: _variables, correlationId: _correlation, updatedAt: _updated, ...rest }) => rest) as Schemas['CustomerNotification'][] };
    res.json(body);
  });

  return router;
}
