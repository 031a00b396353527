import { PermanentFailure, type ConnectorContext } from '@omnihub/connector-sdk';
import type { HubSpotConfig } from './config.ts';
import { hubspotRequest } from './hubspot-client.ts';

/** A CRM record as HubSpot returns it. */
export interface CrmRecord {
  id: string;
  properties: Record<string, string | null>;
  new?: boolean;
}

interface BatchResult {
  status?: string;
  results?: CrmRecord[];
  numErrors?: number;
  errors?: { message?: string; category?: string }[];
}

/**
 * Creates or updates one record by a unique-value property:
 * `POST /crm/v3/objects/{type}/batch/upsert` with `{ inputs: [{ id: value, idProperty, properties }] }`.
 * Any number of deliveries leave one record.
 *
 * @example
 * const contact = await upsertByUniqueProperty(ctx, 'contacts', 'email', 'lena@example.com', { firstname: 'Lena' });
 */
export async function upsertByUniqueProperty(ctx: ConnectorContext<HubSpotConfig>, objectType: string, idProperty: string, value: string, properties: Record<string, string>): Promise<CrmRecord> {
  const { data } = await hubspotRequest<BatchResult>(ctx, 'POST', `/crm/v3/objects/${objectType}/batch/upsert`, { inputs: [{ id: value, idProperty, properties }] });
  const record = data.results?.[0];
  if ((data.numErrors ?? 0) > 0 || record === undefined) {
    const detail = (data.errors ?? []).map((error) => `${error.category ?? 'error'}: ${error.message ?? ''}`).join('; ');
    throw new PermanentFailure(`HubSpot refused the ${objectType} upsert by ${idProperty}: ${detail || 'no result'}`, { code: 'hubspot.batch-error' });
  }
  return record;
}

/** Who to look for: any of these finds the contact. */
export interface ContactKeys {
  email?: string | undefined;
  phone?: string | undefined;
}

/**
 * Finds a contact by email or phone: `POST /crm/v3/objects/contacts/search` with one filter group
 * per key (groups are ORed), newest first.
 *
 * @example
 * const contact = await searchContact(ctx, { phone: '+4915123456789' });
 */
export async function searchContact(ctx: ConnectorContext<HubSpotConfig>, keys: ContactKeys): Promise<CrmRecord | undefined> {
  const filterGroups = [
    ...(keys.email === undefined ? [] : [{ filters: [{ propertyName: 'email', operator: 'EQ', value: keys.email }] }]),
    ...(keys.phone === undefined ? [] : [{ filters: [{ propertyName: 'phone', operator: 'EQ', value: keys.phone }] }, { filters: [{ propertyName: 'mobilephone', operator: 'EQ', value: keys.phone }] }]),
  ];
  if (filterGroups.length === 0) return undefined;
  const { data } = await hubspotRequest<{ results?: CrmRecord[] }>(ctx, 'POST', '/crm/v3/objects/contacts/search', {
    filterGroups,
    properties: ['email', 'phone', 'mobilephone', 'firstname', 'lastname'],
    sorts: [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }],
    limit: 1,
  });
  return data.results?.[0];
}

/**
 * Associates two records with their default (unlabeled) association type, the associations v4
 * call `PUT /crm/v4/objects/{from}/{id}/associations/default/{to}/{toId}` (idempotent).
 */
export async function associateDefault(ctx: ConnectorContext<HubSpotConfig>, fromType: string, fromId: string, toType: string, toId: string): Promise<void> {
  await hubspotRequest(ctx, 'PUT', `/crm/v4/objects/${fromType}/${encodeURIComponent(fromId)}/associations/default/${toType}/${encodeURIComponent(toId)}`);
}

/** The contact id for these keys: the upserted contact for an email, the one found by phone otherwise. */
export async function contactFor(ctx: ConnectorContext<HubSpotConfig>, keys: ContactKeys & { hubspotId?: string | undefined }): Promise<string | undefined> {
  if (keys.hubspotId !== undefined) return keys.hubspotId;
  const found = await searchContact(ctx, keys);
  return found?.id;
}
