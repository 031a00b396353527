import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { API_VERSION } from './config.ts';
import { CONFIG_SCHEMA } from './config-schema.ts';

const emitted = ['inventory.movement.recorded@1', 'order.created@1', 'order.cancelled@1', 'refund.issued@1'];
const consumed = ['inventory.movement.recorded@1', 'fulfillment.accepted@1', 'fulfillment.ready-for-pickup@1', 'fulfillment.rejected@1', 'refund.issued@1'];
const canonical = Object.fromEntries([...new Set([...emitted, ...consumed])].map((ref) => [ref.slice(0, ref.indexOf('@')), '>=1 <2']));

/** The Square connector's manifest, version 1.0.0, for Square API version 2025-08-20. */
export const manifest: ConnectorManifest = {
  id: 'square',
  version: '1.0.0',
  name: 'Square',
  description: 'Square POS (API 2025-08-20): inventory, order and refund webhooks; inventory change polling; inventory changes, pickup states and refunds, each with an idempotency key.',
  kind: 'pos',
  vendorApiVersion: API_VERSION,
  capabilities: {
    webhooks: [
      {
        name: 'inventory-count-updated',
        vendorPayload: 'square.InventoryCountUpdate',
        emits: ['inventory.movement.recorded@1'],
        mapping: 'square.inventory-count-to-canonical',
        description: 'inventory.count.updated: each IN_STOCK count as an absolute movement, with its SKU.',
      },
      { name: 'order-created', vendorPayload: 'square.OrderWithSkus', emits: ['order.created@1'], mapping: 'square.order-to-canonical', description: 'order.created: orders with fulfillments, read back with RetrieveOrder, with their lines’ SKUs.' },
      { name: 'order-updated', vendorPayload: 'square.OrderUpdated', emits: ['order.cancelled@1'], mapping: 'square.order-cancellation-to-canonical', description: 'order.updated: cancellations (state CANCELED).' },
      { name: 'refund-created', vendorPayload: 'square.PaymentRefund', emits: ['refund.issued@1'], mapping: 'square.refund-to-canonical', description: 'refund.created: a refund made at Square.' },
    ],
    polling: [
      {
        name: 'inventory-changes',
        vendorPayload: 'square.InventoryChangeRecord',
        emits: ['inventory.movement.recorded@1'],
        mapping: 'square.inventory-change-to-canonical',
        intervalSeconds: 60,
        description: 'BatchRetrieveInventoryChanges after the cursor: adjustments, counts and transfers made at the POS (not the hub’s own).',
      },
    ],
    actions: [
      {
        name: 'change-inventory',
        consumes: ['inventory.movement.recorded@1'],
        vendorPayload: 'square.InventoryChanges',
        mapping: 'square.movement-to-inventory-changes',
        description: 'BatchChangeInventory (adjustments and physical counts) with an idempotency_key.',
      },
      {
        name: 'update-pickup',
        consumes: ['fulfillment.accepted@1', 'fulfillment.ready-for-pickup@1', 'fulfillment.rejected@1'],
        vendorPayload: 'square.FulfillmentStateUpdate',
        mapping: 'square.fulfillment-to-pickup-state',
        description: 'UpdateOrder of the pickup fulfillment state (reserved, prepared, completed, canceled) with an idempotency_key.',
      },
      { name: 'refund-payment', consumes: ['refund.issued@1'], vendorPayload: 'square.RefundPayment', mapping: 'square.refund-to-refund-payment', description: 'RefundPayment with an idempotency_key.' },
    ],
  },
  configSchema: CONFIG_SCHEMA,
  allowedHosts: ['connect.squareup.com', 'connect.squareupsandbox.com'],
  compatibility: { sdk: '^0.1.0', canonical },
};
