import type { ActionHandler } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { toGid } from '../ids.ts';
import { readPayload } from './payload-reader.ts';
import { createRefundOnce, refundLines } from './refund-core.ts';

/**
 * The `process-return` action (`shopify.ReturnProcess`: `{ orderId, lines: [{ lineItemId, quantity,
 * restockType, locationId? }], note?, notify? }`): books received returned goods at Shopify as a
 * refund of the line items without money (the money goes through `create-refund`), restocked
 * (`RETURN`) at the location where they were restocked, or not (`NO_RESTOCK`). The Admin API
 * 2025-01 subset this connector is held to offers no returnProcess mutation; this is its
 * equivalent there. Applied once per event (see {@link createRefundOnce}).
 */
export const processReturnAction: ActionHandler<ShopifyConfig> = {
  execute: async (input, ctx) => {
    const payload = readPayload('process-return', input.payload);
    if (payload === undefined) return {};
    return createRefundOnce(ctx, input, {
      orderId: toGid('Order', payload.string('orderId')),
      amount: undefined,
      gateway: undefined,
      note: payload.optionalString('note'),
      notify: payload.boolean('notify', false),
      lines: refundLines(ctx.config, payload, { optional: false }),
    });
  },
};
