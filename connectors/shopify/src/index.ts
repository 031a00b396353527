/**
 * @omnihub/connector-shopify 1.0.0: the Shopify connector (Admin GraphQL API 2025-01).
 */
import { defineConnector } from '@omnihub/connector-sdk';
import { approveReturnAction } from './actions/approve-return.ts';
import { cancelOrderAction } from './actions/cancel-order.ts';
import { createFulfillmentAction } from './actions/create-fulfillment.ts';
import { createRefundAction } from './actions/create-refund.ts';
import { processReturnAction } from './actions/process-return.ts';
import { setInventoryAction } from './actions/set-inventory.ts';
import type { ShopifyConfig } from './config.ts';
import { manifest } from './manifest.ts';
import { cancellationsReconciliation, ordersReconciliation } from './polling/orders-reconciliation.ts';
import { testConnection } from './test-connection.ts';
import { inventoryLevelsWebhook } from './webhooks/inventory-levels-webhook.ts';
import { ordersCreateWebhook } from './webhooks/orders-create-webhook.ts';
import { ordersCancelledWebhook, ordersUpdatedWebhook, refundsCreateWebhook } from './webhooks/rest-webhook.ts';
import { returnsWebhook } from './webhooks/returns-webhook.ts';

export type { ShopifyConfig } from './config.ts';
export { API_VERSION } from './config.ts';
export { CONFIG_SCHEMA } from './config-schema.ts';
export { signShopifyWebhook, HMAC_HEADER, SHOP_DOMAIN_HEADER } from './webhooks/signature.ts';
export { ALL_OPERATIONS } from './graphql/operations.ts';
export type { GraphqlOperation } from './graphql/operation.ts';

/** The Shopify connector. */
const connector = defineConnector<ShopifyConfig>({
  manifest,
  webhooks: {
    'orders-create': ordersCreateWebhook,
    'orders-updated': ordersUpdatedWebhook,
    'orders-cancelled': ordersCancelledWebhook,
    'refunds-create': refundsCreateWebhook,
    returns: returnsWebhook,
    'inventory-levels-update': inventoryLevelsWebhook,
  },
  pollers: { 'orders-reconciliation': ordersReconciliation, 'cancellations-reconciliation': cancellationsReconciliation },
  actions: {
    'set-inventory': setInventoryAction,
    'create-fulfillment': createFulfillmentAction,
    'cancel-order': cancelOrderAction,
    'create-refund': createRefundAction,
    'approve-return': approveReturnAction,
    'process-return': processReturnAction,
  },
  testConnection,
});

export default connector;
