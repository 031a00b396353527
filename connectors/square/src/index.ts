/**
 * @omnihub/connector-square 1.0.0: the Square connector (API version 2025-08-20).
 */
import { defineConnector } from '@omnihub/connector-sdk';
import { changeInventoryAction } from './actions/change-inventory.ts';
import { refundPaymentAction } from './actions/refund-payment.ts';
import { updatePickupAction } from './actions/update-pickup.ts';
import type { SquareConfig } from './config.ts';
import { manifest } from './manifest.ts';
import { inventoryChangesPoller } from './polling/inventory-changes.ts';
import { testConnection } from './test-connection.ts';
import { inventoryCountUpdatedWebhook } from './webhooks/inventory-count-updated.ts';
import { orderCreatedWebhook, orderUpdatedWebhook } from './webhooks/order-webhooks.ts';
import { refundCreatedWebhook } from './webhooks/refund-created.ts';

export type { SquareConfig } from './config.ts';
export { API_VERSION } from './config.ts';
export { CONFIG_SCHEMA } from './config-schema.ts';
export { signSquareWebhook, SIGNATURE_HEADER } from './webhooks/signature.ts';

/** The Square connector. */
const connector = defineConnector<SquareConfig>({
  manifest,
  webhooks: {
    'inventory-count-updated': inventoryCountUpdatedWebhook,
    'order-created': orderCreatedWebhook,
    'order-updated': orderUpdatedWebhook,
    'refund-created': refundCreatedWebhook,
  },
  pollers: { 'inventory-changes': inventoryChangesPoller },
  actions: {
    'change-inventory': changeInventoryAction,
    'update-pickup': updatePickupAction,
    'refund-payment': refundPaymentAction,
  },
  testConnection,
});

export default connector;
