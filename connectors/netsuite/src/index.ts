/**
 * @omnihub/connector-netsuite 1.0.0: Oracle NetSuite (ERP) through REST web services.
 */
import { defineConnector } from '@omnihub/connector-sdk';
import { bookRefund, createItemFulfillment, createReturnAuthorization, upsertSalesOrder } from './actions.ts';
import type { NetSuiteConfig } from './config.ts';
import { inventoryPoller } from './inventory-poller.ts';
import { manifest } from './manifest.ts';
import { testConnection } from './test-connection.ts';

export type { NetSuiteConfig, TbaAuthConfig, ClientCredentialsAuthConfig } from './config.ts';
export type { InventoryBalanceRow, InventoryBalancePayload } from './inventory-poller.ts';
export type { RecordPayload, RecordType } from './records/record-payload.ts';
export { signTbaRequest, newNonce, type TbaCredentials, type TbaSignature } from './auth/tba.ts';
export { signatureBaseString, signingKey, hmacSha256Signature, baseStringUri, normalizeParameters } from './auth/oauth1-signature.ts';
export { percentEncode } from './auth/percent-encode.ts';
export { clientAssertion } from './auth/client-assertion.ts';
export { inventoryBalanceQuery } from './suiteql/inventory-balance-query.ts';
export { idempotencyUuid } from './async-write.ts';
export { manifest } from './manifest.ts';

/** The NetSuite connector. */
const connector = defineConnector<NetSuiteConfig>({
  manifest,
  pollers: { 'inventory-balances': inventoryPoller },
  actions: {
    'upsert-sales-order': upsertSalesOrder,
    'create-item-fulfillment': createItemFulfillment,
    'create-return-authorization': createReturnAuthorization,
    'book-refund': bookRefund,
  },
  testConnection,
});

export default connector;
