import type { SquareOrder } from '../../src/api/types.ts';
import type { SquareState } from './square-state.ts';

/** What the fake answers. */
export interface SquareReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a handler gets: the seller, path parameters, the (valid) body, and how to count an effect. */
export interface HandlerInput {
  state: SquareState;
  params: Record<string, string>;
  body: unknown;
  query: URLSearchParams;
  applied: () => void;
}

type Handler = (input: HandlerInput) => SquareReply;

const NOW = (): string => new Date().toISOString();
let ids = 0;
const nextId = (prefix: string): string => `${prefix}${(ids += 1).toString(36).toUpperCase().padStart(6, '0')}`;

function error(status: number, code: string, detail: string, field?: string, category = 'INVALID_REQUEST_ERROR'): SquareReply {
  return { status, body: { errors: [{ category, code, detail, ...(field === undefined ? {} : { field }) }] } };
}

function catalogObject(state: SquareState, id: string): Record<string, unknown> | undefined {
  const variation = state.variations.find((v) => v.id === id);
  if (variation === undefined) return undefined;
  return {
    type: 'ITEM_VARIATION',
    id: variation.id,
    updated_at: '2025-02-01T10:00:00.000Z',
    version: 1738404000000,
    is_deleted: false,
    present_at_all_locations: true,
    item_variation_data: { item_id: variation.itemId, name: variation.name, ...(variation.sku === null ? {} : { sku: variation.sku }), ordinal: 1, pricing_type: 'FIXED_PRICING', price_money: { amount: 2995, currency: 'EUR' }, track_inventory: true, sellable: true, stockable: true },
  };
}

function countOf(state: SquareState, objectId: string, locationId: string, inventoryState: string): Record<string, unknown> {
  return { catalog_object_id: objectId, catalog_object_type: 'ITEM_VARIATION', state: inventoryState, location_id: locationId, quantity: String(state.counts.get(`${objectId}|${locationId}|${inventoryState}`) ?? 0), calculated_at: NOW() };
}

function move(state: SquareState, objectId: string, locationId: string, inventoryState: string, delta: number): void {
  if (inventoryState === 'NONE') return;
  const key = `${objectId}|${locationId}|${inventoryState}`;
  state.counts.set(key, (state.counts.get(key) ?? 0) + delta);
}

type Detail = Record<string, string | undefined>;

function batchChange({ state, body, applied }: HandlerInput): SquareReply {
  const request = body as { changes?: { type: string; adjustment?: Detail; physical_count?: Detail }[] };
  const touched = new Map<string, [string, string]>();
  const recorded: Record<string, unknown>[] = [];
  for (const [index, change] of (request.changes ?? []).entries()) {
    const detail = change.adjustment ?? change.physical_count ?? {};
    const objectId = detail['catalog_object_id'] ?? '';
    const locationId = detail['location_id'] ?? '';
    if (state.variations.every((v) => v.id !== objectId)) return error(400, 'NOT_FOUND', `Catalog object ${objectId} not found`, `changes[${index}].${change.type === 'ADJUSTMENT' ? 'adjustment' : 'physical_count'}.catalog_object_id`);
    if (state.locations.every((l) => l.id !== locationId)) return error(400, 'NOT_FOUND', `Location ${locationId} not found`, `changes[${index}].location_id`);
    if (detail['occurred_at'] === undefined) return error(400, 'MISSING_REQUIRED_PARAMETER', 'Field must be set', `changes[${index}].occurred_at`);
    const quantity = Number(detail['quantity'] ?? '0');
    if (change.type === 'ADJUSTMENT') {
      move(state, objectId, locationId, detail['from_state'] ?? 'NONE', -quantity);
      move(state, objectId, locationId, detail['to_state'] ?? 'NONE', quantity);
      touched.set(`${objectId}|${locationId}`, [objectId, locationId]);
    } else {
      state.counts.set(`${objectId}|${locationId}|${detail['state'] ?? 'IN_STOCK'}`, quantity);
      touched.set(`${objectId}|${locationId}`, [objectId, locationId]);
    }
    const stored = { ...detail, id: nextId(change.type === 'ADJUSTMENT' ? 'ADJ' : 'CNT'), catalog_object_type: 'ITEM_VARIATION', created_at: NOW(), source: { product: 'EXTERNAL_API', application_id: 'sq0idp-omnihub', name: 'omnihub' } };
    const record = change.type === 'ADJUSTMENT' ? { type: 'ADJUSTMENT', adjustment: stored } : { type: 'PHYSICAL_COUNT', physical_count: stored };
    state.changes.push(record);
    recorded.push(record);
  }
  applied();
  return { status: 200, body: { counts: [...touched.values()].map(([objectId, locationId]) => countOf(state, objectId, locationId, 'IN_STOCK')), changes: recorded } };
}

function batchRetrieveChanges({ state, body }: HandlerInput): SquareReply {
  const request = body as { types?: string[]; location_ids?: string[]; updated_after?: string; cursor?: string; limit?: number };
  const matching = state.changes.filter((change) => {
    const detail = (change['adjustment'] ?? change['physical_count'] ?? change['transfer']) as Detail;
    const locations = [detail['location_id'], detail['from_location_id'], detail['to_location_id']];
    return (
      (request.types === undefined || request.types.includes(String(change['type']))) &&
      (request.location_ids === undefined || locations.some((location) => location !== undefined && request.location_ids?.includes(location))) &&
      (request.updated_after === undefined || Date.parse(detail['created_at'] ?? '') > Date.parse(request.updated_after))
    );
  });
  const start = request.cursor === undefined ? 0 : Number(Buffer.from(request.cursor, 'base64').toString('utf8'));
  const limit = request.limit ?? 100;
  const page = matching.slice(start, start + limit);
  const more = start + limit < matching.length;
  return { status: 200, body: { changes: page, ...(more ? { cursor: Buffer.from(String(start + limit), 'utf8').toString('base64') } : {}) } };
}

function retrieveOrder({ state, params }: HandlerInput): SquareReply {
  const order = state.orders.get(params['order_id'] ?? '');
  return order === undefined ? error(404, 'NOT_FOUND', `Order ${params['order_id'] ?? ''} not found`) : { status: 200, body: { order } };
}

function updateOrder({ state, params, body, applied }: HandlerInput): SquareReply {
  const order = state.orders.get(params['order_id'] ?? '');
  if (order === undefined) return error(404, 'NOT_FOUND', `Order ${params['order_id'] ?? ''} not found`);
  const update = (body as { order?: Partial<SquareOrder> }).order ?? {};
  if (update.version !== order.version) return error(400, 'VERSION_MISMATCH', `The order version ${String(update.version)} does not match the server version ${String(order.version)}.`, 'order.version');
  for (const [index, change] of (update.fulfillments ?? []).entries()) {
    const fulfillment = (order.fulfillments ?? []).find((f) => f.uid === change.uid);
    if (fulfillment === undefined) return error(400, 'NOT_FOUND', `Fulfillment ${String(change.uid)} not found`, `order.fulfillments[${index}].uid`);
    if (['COMPLETED', 'CANCELED', 'FAILED'].includes(fulfillment.state ?? '')) return error(400, 'INVALID_STATE_TRANSITION', `Cannot transition fulfillment from ${String(fulfillment.state)} to ${String(change.state)}`, `order.fulfillments[${index}].state`);
    if (change.state !== undefined) fulfillment.state = change.state;
    if (change.pickup_details !== undefined && change.pickup_details !== null) fulfillment.pickup_details = { ...fulfillment.pickup_details, ...change.pickup_details };
  }
  order.version = (order.version ?? 0) + 1;
  order.updated_at = NOW();
  applied();
  return { status: 200, body: { order } };
}

function refundPayment({ state, body, applied }: HandlerInput): SquareReply {
  const request = body as { amount_money: { amount: number; currency: string }; payment_id?: string; reason?: string };
  const payment = state.payments.find((p) => p.id === request.payment_id);
  if (payment === undefined) return error(404, 'NOT_FOUND', `Payment ${String(request.payment_id)} not found`, 'payment_id');
  if (request.amount_money.currency !== payment.currency) return error(400, 'REFUND_AMOUNT_INVALID', `The refund currency ${request.amount_money.currency} does not match the payment currency ${payment.currency}`, 'amount_money.currency');
  if (request.amount_money.amount > payment.amount - payment.refunded) return error(400, 'REFUND_AMOUNT_INVALID', 'The requested refund amount exceeds the amount available to refund.', 'amount_money.amount');
  payment.refunded += request.amount_money.amount;
  const refund = {
    id: `${payment.id}_${nextId('R')}`,
    status: 'PENDING',
    location_id: payment.locationId,
    amount_money: request.amount_money,
    payment_id: payment.id,
    order_id: payment.orderId,
    ...(request.reason === undefined ? {} : { reason: request.reason }),
    created_at: NOW(),
    updated_at: NOW(),
  };
  state.refunds.push(refund);
  applied();
  return { status: 200, body: { refund } };
}

/** The fake's operations, by operationId; each checks its input like Square and counts its effect. */
export const handlers: Record<string, Handler> = {
  ListLocations: ({ state }) => ({ status: 200, body: { locations: state.locations.map((l) => ({ id: l.id, name: l.name, status: 'ACTIVE', country: 'DE', currency: 'EUR' })) } }),
  SearchCatalogObjects: ({ state, body }) => {
    const exact = (body as { query?: { exact_query?: { attribute_name: string; attribute_value: string } } }).query?.exact_query;
    const found = state.variations.filter((v) => exact === undefined || (exact.attribute_name === 'sku' && v.sku === exact.attribute_value));
    return { status: 200, body: { objects: found.map((v) => catalogObject(state, v.id)) } };
  },
  BatchRetrieveCatalogObjects: ({ state, body }) => ({
    status: 200,
    body: { objects: (body as { object_ids: string[] }).object_ids.map((id) => catalogObject(state, id)).filter((object) => object !== undefined) },
  }),
  BatchChangeInventory: batchChange,
  BatchRetrieveInventoryChanges: batchRetrieveChanges,
  RetrieveOrder: retrieveOrder,
  UpdateOrder: updateOrder,
  RefundPayment: refundPayment,
};
