import { InvalidMessageFailure, type ActionHandler, type ConnectorContext } from '@omnihub/connector-sdk';
import { DEFAULTS, type HubSpotConfig } from './config.ts';
import { associateDefault, contactFor, searchContact, upsertByUniqueProperty } from './crm-objects.ts';
import { hubspotRequest } from './hubspot-client.ts';
import { activityRecord, crmActivity } from './activity.ts';
import { contactPayload, orderPayload } from './payloads.ts';

/**
 * `upsert-contact` (customer.upserted): a contact with an email is batch-upserted by email; one
 * with only a phone is found by phone (search) and updated, or created.
 */
export const upsertContact: ActionHandler<HubSpotConfig> = {
  execute: async (input, ctx) => {
    const contact = contactPayload(input.payload);
    if (contact.email !== undefined) {
      const record = await upsertByUniqueProperty(ctx, 'contacts', 'email', contact.email, { ...contact.properties, email: contact.email });
      return { vendorIds: [`contact:${record.id}`], alreadyApplied: record.new === false };
    }
    const found = await searchContact(ctx, { phone: contact.phone });
    if (found !== undefined) {
      await hubspotRequest(ctx, 'PATCH', `/crm/v3/objects/contacts/${encodeURIComponent(found.id)}`, { properties: contact.properties });
      return { vendorIds: [`contact:${found.id}`] };
    }
    const { data } = await hubspotRequest<{ id: string }>(ctx, 'POST', '/crm/v3/objects/contacts', { properties: { ...contact.properties, phone: contact.phone } });
    return { vendorIds: [`contact:${data.id}`] };
  },
};

async function associateWithContact(ctx: ConnectorContext<HubSpotConfig>, objectType: string, id: string, keys: { email?: string | undefined; phone?: string | undefined; hubspotId?: string | undefined }): Promise<string | undefined> {
  const contactId = keys.email !== undefined && keys.hubspotId === undefined ? (await upsertByUniqueProperty(ctx, 'contacts', 'email', keys.email, { email: keys.email })).id : await contactFor(ctx, keys);
  if (contactId === undefined) {
    ctx.logger.info({ objectType, id }, 'no HubSpot contact matches: the record is kept without a contact association');
    return undefined;
  }
  await associateDefault(ctx, objectType, id, 'contacts', contactId);
  return contactId;
}

/**
 * `upsert-order` (order.created): the order object is batch-upserted by the unique order-id
 * property, then associated with its contact (upserted by email, or found by phone).
 */
export const upsertOrder: ActionHandler<HubSpotConfig> = {
  execute: async (input, ctx) => {
    const order = orderPayload(input.payload);
    const idProperty = ctx.config.orderIdProperty ?? DEFAULTS.orderIdProperty;
    const record = await upsertByUniqueProperty(ctx, 'orders', idProperty, order.orderId, { ...order.properties, [idProperty]: order.orderId });
    const contactId = await associateWithContact(ctx, 'orders', record.id, order.contact);
    return { vendorIds: [`order:${record.id}`, ...(contactId === undefined ? [] : [`contact:${contactId}`])], alreadyApplied: record.new === false };
  },
};

/**
 * `log-activity` (crm.activity.requested): a ticket (returns), note or call (contact-center
 * interactions) batch-upserted by the unique activity-id property, associated with the contact
 * (by the HubSpot id among the customer's external ids, else by email or phone).
 */
export const logActivity: ActionHandler<HubSpotConfig> = {
  execute: async (input, ctx) => {
    const activity = crmActivity(input.payload ?? input.event.data);
    const { objectType, properties } = activityRecord(activity, ctx.config);
    const idProperty = ctx.config.activityIdProperty ?? DEFAULTS.activityIdProperty;
    if (properties[idProperty] !== undefined) throw new InvalidMessageFailure(`log-activity: ${idProperty} is set by the connector`, { code: 'hubspot.payload' });
    const record = await upsertByUniqueProperty(ctx, objectType, idProperty, activity.activityId, { ...properties, [idProperty]: activity.activityId });
    const hubspotId = activity.customer.externalIds?.find((id) => id.system === 'hubspot')?.id;
    const contactId = await associateWithContact(ctx, objectType, record.id, { hubspotId, email: activity.customer.email, phone: activity.customer.phone });
    return { vendorIds: [`${objectType}:${record.id}`, ...(contactId === undefined ? [] : [`contact:${contactId}`])], alreadyApplied: record.new === false };
  },
};
