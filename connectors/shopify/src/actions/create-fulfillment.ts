import { PermanentFailure, type ActionHandler } from '@omnihub/connector-sdk';
import type { ShopifyConfig } from '../config.ts';
import { shopifyGraphql } from '../graphql/client.ts';
import { assertNoUserErrors } from '../graphql/errors.ts';
import { FulfillmentCreate } from '../graphql/mutations.ts';
import { OrderFulfillmentState, type FulfillmentOrderLineNode } from '../graphql/queries.ts';
import { toGid } from '../ids.ts';
import { mappedShopifyLocation } from '../lookups/locations.ts';
import { readPayload } from './payload-reader.ts';

/** Fulfillment order statuses that still take fulfillments. */
const FULFILLABLE = new Set(['OPEN', 'IN_PROGRESS']);

interface Allocation {
  fulfillmentOrderId: string;
  lineId: string;
  quantity: number;
}

/** Spreads the requested lines over the fulfillment order lines that still have units to fulfil. */
function allocate(requested: { lineItemId: string; quantity: number }[], orders: { id: string; lines: FulfillmentOrderLineNode[] }[]): { allocations: Allocation[]; short: { lineItemId: string; missing: number }[]; requestedLeft: number } {
  const remaining = new Map<string, number>();
  for (const order of orders) for (const line of order.lines) remaining.set(line.id, line.remainingQuantity);
  const allocations: Allocation[] = [];
  const short: { lineItemId: string; missing: number }[] = [];
  let requestedLeft = 0;
  for (const want of requested) {
    let missing = want.quantity;
    for (const order of orders) {
      for (const line of order.lines) {
        if (missing === 0 || line.lineItem.id !== want.lineItemId) continue;
        const left = remaining.get(line.id) ?? 0;
        const take = Math.min(left, missing);
        if (take === 0) continue;
        remaining.set(line.id, left - take);
        missing -= take;
        allocations.push({ fulfillmentOrderId: order.id, lineId: line.id, quantity: take });
      }
    }
    if (missing > 0) short.push({ lineItemId: want.lineItemId, missing });
    requestedLeft += want.quantity - missing;
  }
  return { allocations, short, requestedLeft };
}

/**
 * The `create-fulfillment` action (`shopify.FulfillmentCreate`: `{ orderId, locationId?, lines:
 * [{ lineItemId, quantity }], tracking?: { company?, number?, url? }, notifyCustomer? }`): reads the
 * order's open fulfillment orders (those of the location, when one is given), spreads the lines over
 * them and creates one fulfillment with the tracking. A redelivery finds a fulfillment with the
 * same tracking number, or no unit of the lines left to fulfil, and changes nothing.
 */
export const createFulfillmentAction: ActionHandler<ShopifyConfig> = {
  execute: async (input, ctx) => {
    const payload = readPayload('create-fulfillment', input.payload);
    if (payload === undefined) return {};
    const orderId = toGid('Order', payload.string('orderId'));
    const location = payload.optionalString('locationId');
    // An unmapped hub location does not narrow the fulfillment orders: the lines decide.
    const locationId = location === undefined ? undefined : mappedShopifyLocation(ctx.config, location);
    const lines = payload.objects('lines').map((line) => ({ lineItemId: toGid('LineItem', line.string('lineItemId')), quantity: line.integer('quantity', 1) }));
    const tracking = payload.optionalObject('tracking');
    const trackingInfo = tracking === undefined ? undefined : { company: tracking.optionalString('company'), number: tracking.optionalString('number'), url: tracking.optionalString('url') };

    const { order } = await shopifyGraphql(ctx, OrderFulfillmentState, { id: orderId });
    if (order === null) throw new PermanentFailure(`Shopify has no order ${orderId}`, { code: 'shopify.order-unknown' });
    if (order.cancelledAt !== null) throw new PermanentFailure(`order ${orderId} was cancelled at Shopify on ${order.cancelledAt}: it cannot be fulfilled`, { code: 'shopify.order-cancelled' });
    const number = trackingInfo?.number;
    const existing = number === undefined ? undefined : order.fulfillments.find((fulfillment) => fulfillment.trackingInfo.some((info) => info.number === number));
    if (existing !== undefined) return { alreadyApplied: true, vendorIds: [existing.id] };

    const open = order.fulfillmentOrders.nodes
      .filter((fo) => FULFILLABLE.has(fo.status) && (locationId === undefined || fo.assignedLocation.location?.id === locationId))
      .map((fo) => ({ id: fo.id, lines: fo.lineItems.nodes }));
    const { allocations, short, requestedLeft } = allocate(lines, open);
    if (requestedLeft === 0) {
      ctx.logger.info({ orderId, lines: lines.length }, 'no unit of the lines is left to fulfil at Shopify: the fulfillment exists already');
      return { alreadyApplied: true, vendorIds: [orderId] };
    }
    if (short.length > 0) {
      const listed = short.map((s) => `${s.lineItemId} short by ${s.missing}`).join(', ');
      throw new PermanentFailure(`order ${orderId} has too few units left to fulfil${locationId === undefined ? '' : ` at ${locationId}`}: ${listed}`, { code: 'shopify.fulfillment-quantity' });
    }
    const byOrder = new Map<string, { id: string; quantity: number }[]>();
    for (const allocation of allocations) {
      const list = byOrder.get(allocation.fulfillmentOrderId) ?? [];
      list.push({ id: allocation.lineId, quantity: allocation.quantity });
      byOrder.set(allocation.fulfillmentOrderId, list);
    }
    const reply = await shopifyGraphql(ctx, FulfillmentCreate, {
      fulfillment: {
        notifyCustomer: payload.boolean('notifyCustomer', false),
        ...(trackingInfo === undefined ? {} : { trackingInfo }),
        lineItemsByFulfillmentOrder: [...byOrder].map(([fulfillmentOrderId, fulfillmentOrderLineItems]) => ({ fulfillmentOrderId, fulfillmentOrderLineItems })),
      },
    });
    assertNoUserErrors('fulfillmentCreate', reply.fulfillmentCreate?.userErrors);
    const fulfillment = reply.fulfillmentCreate?.fulfillment;
    return { vendorIds: fulfillment === null || fulfillment === undefined ? [orderId] : [fulfillment.id] };
  },
};
