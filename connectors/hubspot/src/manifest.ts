import type { ConnectorManifest } from '@omnihub/connector-sdk';

/** The HubSpot connector's manifest, version 1.0.0. */
export const manifest: ConnectorManifest = {
  id: 'hubspot',
  version: '1.0.0',
  name: 'HubSpot CRM',
  description: 'HubSpot CRM v3 with a private-app token: contacts upserted by email (or found by phone), orders with contact associations, tickets for returns, notes and calls for contact-center interactions.',
  kind: 'crm',
  vendorApiVersion: 'CRM v3 objects, v4 associations',
  capabilities: {
    actions: [
      { name: 'upsert-contact', consumes: ['customer.upserted@1'], vendorPayload: 'hubspot.Contact', mapping: 'hubspot.customer-to-contact', description: 'Batch upsert by email; phone-only customers are searched and updated or created.' },
      { name: 'upsert-order', consumes: ['order.created@1'], vendorPayload: 'hubspot.Order', mapping: 'hubspot.order-to-order', description: 'Orders object upserted by the unique omnihub order id property, associated with the contact.' },
      {
        name: 'log-activity',
        consumes: ['crm.activity.requested@1'],
        vendorPayload: 'hubspot.Activity',
        description: 'Ticket, note or call upserted by the unique omnihub activity id property, associated with the contact; reads the canonical activity as is.',
      },
    ],
  },
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['accessToken'],
    properties: {
      accessToken: { type: 'string', minLength: 8, 'x-omnihub-secret': true, description: 'Private app access token (pat-…)' },
      baseUrl: { type: 'string', format: 'uri', pattern: '^https?://[^/]+/?$', default: 'https://api.hubapi.com', description: 'API origin' },
      orderIdProperty: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', default: 'omnihub_order_id', description: 'Unique-value order property holding the hub order id' },
      activityIdProperty: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', default: 'omnihub_activity_id', description: 'Unique-value property of tickets, notes and calls holding the activity id' },
      ticketPipeline: { type: 'string', minLength: 1, default: '0', description: 'Ticket pipeline id' },
      ticketStages: {
        type: 'object',
        additionalProperties: false,
        description: 'Ticket stage id per activity status',
        properties: {
          open: { type: 'string', minLength: 1, default: '1', description: 'Stage of open activities' },
          waiting: { type: 'string', minLength: 1, default: '2', description: 'Stage of activities waiting on the customer' },
          closed: { type: 'string', minLength: 1, default: '4', description: 'Stage of closed activities' },
        },
      },
    },
  },
  allowedHosts: ['api.hubapi.com', 'api-eu1.hubapi.com'],
  allowedHostsFromConfig: ['baseUrl'],
  compatibility: { sdk: '^0.1.0', canonical: { 'customer.upserted': '>=1 <2', 'order.created': '>=1 <2', 'crm.activity.requested': '>=1 <2' } },
};
