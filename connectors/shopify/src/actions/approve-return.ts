import { PermanentFailure, type ActionHandler } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { shopifyGraphql } from '../graphql/client.ts';
import { assertNoUserErrors } from '../graphql/errors.ts';
import { ReturnApproveRequest } from '../graphql/mutations.ts';
import { ReturnStatus } from '../graphql/queries.ts';
import { toGid } from '../ids.ts';
import { readPayload } from './payload-reader.ts';

/** Return statuses that mean the request was approved already. */
const APPROVED = new Set(['OPEN', 'CLOSED']);

/**
 * The `approve-return` action (`shopify.ReturnApproveRequest`: `{ returnId, notifyCustomer? }`):
 * approves a requested return. A return already open or closed is a redelivery (nothing to do); a
 * declined or cancelled one cannot be approved (permanent failure).
 */
export const approveReturnAction: ActionHandler<ShopifyConfig> = {
  execute: async (input, ctx) => {
    const payload = readPayload('approve-return', input.payload);
    if (payload === undefined) return {};
    const returnId = toGid('Return', payload.string('returnId'));
    const notifyCustomer = payload.boolean('notifyCustomer', false);
    const state = await shopifyGraphql(ctx, ReturnStatus, { id: returnId });
    const current = state.return;
    if (current === null) throw new PermanentFailure(`Shopify has no return ${returnId}`, { code: 'shopify.return-unknown' });
    if (APPROVED.has(current.status)) return { alreadyApplied: true, vendorIds: [returnId] };
    if (current.status !== 'REQUESTED') throw new PermanentFailure(`return ${returnId} is ${current.status} at Shopify: only a requested return can be approved`, { code: 'shopify.return-state' });
    const reply = await shopifyGraphql(ctx, ReturnApproveRequest, { input: { id: returnId, notifyCustomer } });
    assertNoUserErrors('returnApproveRequest', reply.returnApproveRequest?.userErrors);
    return { vendorIds: [reply.returnApproveRequest?.return?.id ?? returnId] };
  },
};
