import type { ActionHandler } from '@omnihub/connector-sdk';
import type { NetSuiteConfig } from './config.ts';
import { writeRecord } from './records/write-record.ts';

/** `upsert-sales-order`: order.created → a sales order upserted by external id. */
export const upsertSalesOrder: ActionHandler<NetSuiteConfig> = { execute: (input, ctx) => writeRecord(ctx, input, 'salesOrder', 'upsert-sales-order') };

/** `create-item-fulfillment`: fulfillment.shipped → an item fulfillment transformed from the sales order. */
export const createItemFulfillment: ActionHandler<NetSuiteConfig> = { execute: (input, ctx) => writeRecord(ctx, input, 'itemFulfillment', 'create-item-fulfillment') };

/** `create-return-authorization`: return.authorized → a return authorization transformed from the sales order. */
export const createReturnAuthorization: ActionHandler<NetSuiteConfig> = { execute: (input, ctx) => writeRecord(ctx, input, 'returnAuthorization', 'create-return-authorization') };

/** `book-refund`: refund.issued → a credit memo, transformed from the return authorization or standalone. */
export const bookRefund: ActionHandler<NetSuiteConfig> = { execute: (input, ctx) => writeRecord(ctx, input, 'creditMemo', 'book-refund') };
