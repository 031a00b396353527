import { PermanentFailure, TransientFailure, type ActionHandler } from '@omnihub/connector-sdk';
import { describeSquareErrors, squareRequest, SquareRefusal } from '../api/client.ts';
import { squareIdempotencyKey } from '../api/idempotency.ts';
import type { SquareOrder } from '../api/types.ts';
import type { SquareConfig } from '../config.ts';
import { readPayload } from './payload-reader.ts';

/** Fulfillment states the action sets, in the order a pickup goes through them. */
export const PICKUP_STATES = ['RESERVED', 'PREPARED', 'COMPLETED', 'CANCELED'] as const;

/** States a fulfillment never leaves. */
const TERMINAL = new Set(['COMPLETED', 'CANCELED', 'FAILED']);

/** Rank of the forward states: a target behind the current state was overtaken by a later event. */
const RANK: Record<string, number> = { PROPOSED: 0, RESERVED: 1, PREPARED: 2, COMPLETED: 3 };

/** Read-update rounds before giving up when the order keeps changing (VERSION_MISMATCH). */
const ATTEMPTS = 3;

/**
 * The `update-pickup` action (`square.FulfillmentStateUpdate`: `{ order_id, fulfillment_uid?,
 * state, cancel_reason? }`): moves the order's pickup fulfillment (the one named, else the first
 * PICKUP one) to RESERVED, PREPARED (ready for pickup), COMPLETED (picked up) or CANCELED with
 * UpdateOrder, at the order version just read and with an `idempotency_key`. Nothing is sent when
 * the fulfillment already is in that state, or past it (a late event); a terminal fulfillment cannot
 * move. A VERSION_MISMATCH (the order changed in between) reads again and retries.
 */
export const updatePickupAction: ActionHandler<SquareConfig> = {
  execute: async (input, ctx) => {
    const payload = readPayload('update-pickup', input.payload);
    if (payload === undefined) return {};
    const orderId = payload.string('order_id');
    const uid = payload.optionalString('fulfillment_uid');
    const state = payload.oneOf('state', PICKUP_STATES);
    const cancelReason = payload.optionalString('cancel_reason');
    const path = `/v2/orders/${encodeURIComponent(orderId)}`;
    for (let attempt = 1; attempt <= ATTEMPTS; attempt += 1) {
      const { order } = await squareRequest<{ order: SquareOrder }>(ctx, { method: 'GET', path, idempotent: true });
      const fulfillment = (order.fulfillments ?? []).find((f) => (uid === undefined ? f.type === 'PICKUP' : f.uid === uid));
      if (fulfillment?.uid === undefined || fulfillment.uid === null) {
        throw new PermanentFailure(`Square order ${orderId} has no ${uid === undefined ? 'pickup fulfillment' : `fulfillment ${uid}`}`, { code: 'square.fulfillment-unknown' });
      }
      const current = fulfillment.state ?? 'PROPOSED';
      if (current === state) return { alreadyApplied: true, vendorIds: [orderId] };
      if (state !== 'CANCELED' && (RANK[current] ?? -1) > (RANK[state] ?? -1) && !TERMINAL.has(current)) {
        ctx.logger.info({ orderId, current, requested: state }, 'pickup state not moved back: a later state was set already');
        return { alreadyApplied: true, vendorIds: [orderId] };
      }
      if (TERMINAL.has(current)) {
        if (state !== 'CANCELED' && current === 'COMPLETED') return { alreadyApplied: true, vendorIds: [orderId] };
        throw new PermanentFailure(`the pickup of Square order ${orderId} is ${current}: it cannot become ${state}`, { code: 'square.fulfillment-state' });
      }
      const reply = await squareRequest<{ order: SquareOrder }>(ctx, {
        method: 'PUT',
        path,
        body: {
          idempotency_key: squareIdempotencyKey(`${input.idempotencyKey}@${String(order.version ?? 0)}`),
          order: {
            location_id: order.location_id,
            version: order.version,
            fulfillments: [{ uid: fulfillment.uid, state, ...(state === 'CANCELED' && cancelReason !== undefined ? { pickup_details: { cancel_reason: cancelReason.slice(0, 100) } } : {}) }],
          },
        },
        idempotent: true,
        acceptStatuses: [400],
      });
      if (!(reply instanceof SquareRefusal)) return { vendorIds: [reply.order.id ?? orderId] };
      if (!reply.errors.some((error) => error.code === 'VERSION_MISMATCH')) {
        throw new PermanentFailure(`Square refused the pickup update of order ${orderId}: ${describeSquareErrors(reply.errors)}`, { code: `square.${(reply.errors[0]?.code ?? 'error').toLowerCase()}` });
      }
      ctx.logger.info({ orderId, attempt, version: order.version }, 'the order changed at Square before the update: reading it again');
    }
    throw new TransientFailure(`Square order ${orderId} kept changing during ${ATTEMPTS} update attempts`, { code: 'square.version-contended' });
  },
};
