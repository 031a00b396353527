import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { API_VERSION } from './config.ts';
import { CONFIG_SCHEMA } from './config-schema.ts';

const emitted = ['order.created@1', 'order.cancelled@1', 'refund.issued@1', 'return.requested@1', 'return.authorized@1', 'return.rejected@1', 'inventory.movement.recorded@1'];
const consumed = ['inventory.level.changed@1', 'fulfillment.shipped@1', 'order.cancelled@1', 'refund.issued@1', 'return.authorized@1', 'return.received@1'];
const canonical = Object.fromEntries([...new Set([...emitted, ...consumed])].map((ref) => [ref.slice(0, ref.indexOf('@')), '>=1 <2']));

/** The Shopify connector's manifest, version 1.0.0, for the Admin GraphQL API 2025-01. */
export const manifest: ConnectorManifest = {
  id: 'shopify',
  version: '1.0.0',
  name: 'Shopify',
  description: 'Shopify Admin GraphQL API 2025-01: order, refund, return and inventory webhooks; order reconciliation; inventory, fulfillment, cancellation, refund and return actions.',
  kind: 'ecommerce',
  vendorApiVersion: API_VERSION,
  capabilities: {
    webhooks: [
      { name: 'orders-create', vendorPayload: 'shopify.Order', emits: ['order.created@1'], mapping: 'shopify.order-to-canonical', description: 'Topic orders/create: the new order, read back through GraphQL (the selection of orders-reconciliation).' },
      { name: 'orders-updated', vendorPayload: 'shopify.webhooks.orders/updated', emits: ['order.cancelled@1'], mapping: 'shopify.order-cancellation-to-canonical', description: 'Topic orders/updated: only an update showing the order cancelled makes a record (orders/cancelled may come late or not at all).' },
      { name: 'orders-cancelled', vendorPayload: 'shopify.webhooks.orders/cancelled', emits: ['order.cancelled@1'], mapping: 'shopify.order-cancellation-to-canonical', description: 'Topic orders/cancelled: the cancelled order.' },
      { name: 'refunds-create', vendorPayload: 'shopify.webhooks.refunds/create', emits: ['refund.issued@1'], mapping: 'shopify.refund-to-canonical', description: 'Topic refunds/create: a refund made at Shopify.' },
      {
        name: 'returns',
        vendorPayload: 'shopify.ReturnNotification',
        emits: ['return.requested@1', 'return.authorized@1', 'return.rejected@1'],
        mapping: 'shopify.return-to-canonical',
        description: 'Topics returns/request, returns/approve, returns/decline; the return is read back through GraphQL for its SKUs.',
      },
      {
        name: 'inventory-levels-update',
        vendorPayload: 'shopify.InventoryLevelUpdate',
        emits: ['inventory.movement.recorded@1'],
        mapping: 'shopify.inventory-level-to-canonical',
        description: 'Topic inventory_levels/update: the available quantity of a SKU at a location, as an absolute movement.',
      },
    ],
    polling: [
      {
        name: 'orders-reconciliation',
        vendorPayload: 'shopify.Order',
        emits: ['order.created@1'],
        mapping: 'shopify.order-to-canonical',
        intervalSeconds: 300,
        description: 'Orders updated since the cursor (GraphQL cursor pagination, query-cost throttling), each taken in once: orders whose orders/create webhook was lost.',
      },
      {
        name: 'cancellations-reconciliation',
        vendorPayload: 'shopify.CancelledOrder',
        emits: ['order.cancelled@1'],
        mapping: 'shopify.order-cancellation-to-canonical',
        intervalSeconds: 300,
        description: 'Orders cancelled and updated since the cursor, each taken in once: cancellations whose webhook was lost.',
      },
    ],
    actions: [
      { name: 'set-inventory', consumes: ['inventory.level.changed@1'], vendorPayload: 'shopify.InventorySetQuantity', mapping: 'shopify.level-to-set-quantity', description: 'inventorySetQuantities with compare-and-set.' },
      { name: 'create-fulfillment', consumes: ['fulfillment.shipped@1'], vendorPayload: 'shopify.FulfillmentCreate', mapping: 'shopify.shipment-to-fulfillment', description: 'fulfillmentCreate with tracking, over the order’s open fulfillment orders.' },
      { name: 'cancel-order', consumes: ['order.cancelled@1'], vendorPayload: 'shopify.OrderCancel', mapping: 'shopify.cancellation-to-order-cancel', description: 'orderCancel, unless the order is cancelled already.' },
      { name: 'create-refund', consumes: ['refund.issued@1'], vendorPayload: 'shopify.RefundCreate', mapping: 'shopify.refund-to-refund-create', description: 'refundCreate through the captured payment, once per event (marker in the refund note).' },
      { name: 'approve-return', consumes: ['return.authorized@1'], vendorPayload: 'shopify.ReturnApproveRequest', mapping: 'shopify.return-to-approve', description: 'returnApproveRequest for a requested return.' },
      { name: 'process-return', consumes: ['return.received@1'], vendorPayload: 'shopify.ReturnProcess', mapping: 'shopify.return-received-to-restock', description: 'refundCreate of the received line items, restocked per disposition, without money.' },
    ],
  },
  configSchema: CONFIG_SCHEMA,
  allowedHosts: ['*.myshopify.com'],
  compatibility: { sdk: '^0.1.0', canonical },
};
