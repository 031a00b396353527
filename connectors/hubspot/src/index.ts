/**
 * @omnihub/connector-hubspot 1.0.0: HubSpot CRM v3.
 */
import { defineConnector } from '@omnihub/connector-sdk';
import { logActivity, upsertContact, upsertOrder } from './actions.ts';
import type { HubSpotConfig } from './config.ts';
import { hubspotRequest } from './hubspot-client.ts';
import { manifest } from './manifest.ts';

export type { HubSpotConfig } from './config.ts';
export type { ContactPayload, OrderPayload } from './payloads.ts';
export type { CrmActivity } from './activity.ts';
export { activityRecord } from './activity.ts';
export { manifest } from './manifest.ts';

/** The HubSpot connector. */
const connector = defineConnector<HubSpotConfig>({
  manifest,
  actions: { 'upsert-contact': upsertContact, 'upsert-order': upsertOrder, 'log-activity': logActivity },
  // One contact read proves the host, the token and the crm.objects.contacts.read scope.
  testConnection: async (ctx) => {
    await hubspotRequest(ctx, 'GET', '/crm/v3/objects/contacts?limit=1');
  },
});

export default connector;
