import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { CONFIG_SCHEMA } from './config-schema.ts';
import { INVENTORY_BALANCE_PAYLOAD } from './inventory-poller.ts';

/** The NetSuite connector's manifest, version 1.0.0. */
export const manifest: ConnectorManifest = {
  id: 'netsuite',
  version: '1.0.0',
  name: 'Oracle NetSuite',
  description:
    'NetSuite REST web services: inventory balances polled through SuiteQL; sales orders upserted by external id; item fulfillments, return authorizations and credit memos transformed from their source records; every write asynchronous under an idempotency key.',
  kind: 'erp',
  vendorApiVersion: 'REST record/v1, query/v1 (NetSuite 2025.1)',
  capabilities: {
    polling: [
      {
        name: 'inventory-balances',
        vendorPayload: INVENTORY_BALANCE_PAYLOAD,
        emits: ['inventory.movement.recorded@1'],
        mapping: 'netsuite.inventory-balance-to-movement',
        intervalSeconds: 300,
        description: 'On-hand balances per item and location changed since the cursor (SuiteQL, paginated), as absolute counts.',
      },
    ],
    actions: [
      {
        name: 'upsert-sales-order',
        consumes: ['order.created@1'],
        vendorPayload: 'netsuite.salesOrder',
        mapping: 'netsuite.order-to-sales-order',
        description: 'PUT /record/v1/salesOrder/eid:{externalId}: created or updated, never duplicated.',
      },
      {
        name: 'create-item-fulfillment',
        consumes: ['fulfillment.shipped@1'],
        vendorPayload: 'netsuite.itemFulfillment',
        mapping: 'netsuite.shipment-to-item-fulfillment',
        description: 'Item fulfillment transformed from the sales order, with the shipment as its external id and tracking number.',
      },
      {
        name: 'create-return-authorization',
        consumes: ['return.authorized@1'],
        vendorPayload: 'netsuite.returnAuthorization',
        mapping: 'netsuite.return-to-return-authorization',
        description: 'Return authorization transformed from the sales order, with the RMA as its external id.',
      },
      {
        name: 'book-refund',
        consumes: ['refund.issued@1'],
        vendorPayload: 'netsuite.creditMemo',
        mapping: 'netsuite.refund-to-credit-memo',
        description: 'Credit memo for a refund issued by the payment system: transformed from the return authorization, or standalone with a refund item.',
      },
    ],
  },
  configSchema: CONFIG_SCHEMA,
  allowedHosts: ['*.suitetalk.api.netsuite.com'],
  allowedHostsFromConfig: ['baseUrl'],
  compatibility: {
    sdk: '^0.1.0',
    canonical: {
      'inventory.movement.recorded': '>=1 <2',
      'order.created': '>=1 <2',
      'fulfillment.shipped': '>=1 <2',
      'return.authorized': '>=1 <2',
      'refund.issued': '>=1 <2',
    },
  },
};
