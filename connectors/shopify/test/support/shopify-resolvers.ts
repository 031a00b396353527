import type { ShopState } from './shopify-state.ts';
import { connection, legacy, orderView, returnView } from './shopify-views.ts';

/** What the fake shop's mutations report: how many writes changed its state. */
export interface EffectCounter {
  effects: number;
  /** Mints ids for created resources. */
  nextId: () => number;
  /** The time the fake shop stamps on what it changes. */
  now: () => string;
}

type Args = Record<string, unknown>;
type UserError = { code?: string; field: string[]; message: string };

/** The value of a `sku:"…"` search (Shopify matches prefixes too, so the fake shop does). */
function skuSearchTerm(query: unknown): string {
  const match = /^sku:"((?:[^"\\]|\\.)*)"$/.exec(String(query));
  return match?.[1]?.replace(/\\(.)/g, '$1') ?? '';
}

/** The root value of the fake shop's queries. */
export function queryRoot(state: ShopState): Record<string, (args: Args) => unknown> {
  return {
    locations: (args) => connection(state.locations, args),
    productVariants: (args) => {
      const term = skuSearchTerm(args['query']);
      const found = state.variants.filter((variant) => variant.sku !== null && variant.sku.startsWith(term));
      return connection(
        found.map((variant) => ({ id: variant.id, sku: variant.sku, inventoryItem: { id: variant.inventoryItemId } })),
        args,
      );
    },
    inventoryItem: (args) => {
      const variant = state.variants.find((v) => v.inventoryItemId === args['id']);
      if (variant === undefined) return null;
      return {
        id: variant.inventoryItemId,
        sku: variant.sku,
        tracked: true,
        inventoryLevel: ({ locationId }: Args) => {
          const level = state.levels.find((l) => l.itemId === variant.inventoryItemId && l.locationId === locationId);
          if (level === undefined) return null;
          return { id: level.id, quantities: ({ names }: Args) => (names as string[]).map((name) => ({ name, quantity: level.quantities[name] ?? 0, updatedAt: level.updatedAt })) };
        },
      };
    },
    orders: (args) => {
      const query = String(args['query']);
      const since = /^updated_at:>='([^']+)'/.exec(query)?.[1];
      const cancelledOnly = query.includes(' AND status:cancelled');
      const matching = state.orders.filter((o) => (since === undefined || Date.parse(o.updatedAt) >= Date.parse(since)) && (!cancelledOnly || o.cancelledAt !== null)).sort((a, b) => Date.parse(a.updatedAt) - Date.parse(b.updatedAt));
      return connection(matching.map(orderView), args);
    },
    order: (args) => {
      const found = state.orders.find((o) => o.id === args['id']);
      return found === undefined ? null : orderView(found);
    },
    return: (args) => {
      const found = state.returns.find((r) => r.id === args['id']);
      return found === undefined ? null : returnView(state, found);
    },
  };
}

function setQuantities(state: ShopState, counter: EffectCounter, args: Args): unknown {
  const input = args['input'] as { name: string; reason: string; referenceDocumentUri?: string; ignoreCompareQuantity?: boolean; quantities: { inventoryItemId: string; locationId: string; quantity: number; compareQuantity?: number | null }[] };
  const userErrors: UserError[] = [];
  if (!['available', 'on_hand'].includes(input.name)) userErrors.push({ code: 'INVALID_NAME', field: ['input', 'name'], message: 'The quantity name must be either \'available\' or \'on_hand\'.' });
  const plans = input.quantities.map((q, index) => {
    const level = state.levels.find((l) => l.itemId === q.inventoryItemId && l.locationId === q.locationId);
    if (level === undefined) {
      userErrors.push({ code: 'ITEM_NOT_STOCKED_AT_LOCATION', field: ['input', 'quantities', String(index), 'locationId'], message: 'The specified inventory item is not stocked at the location.' });
      return undefined;
    }
    const current = level.quantities[input.name] ?? 0;
    if (q.quantity > 1_000_000_000) userErrors.push({ code: 'INVALID_QUANTITY_TOO_HIGH', field: ['input', 'quantities', String(index), 'quantity'], message: "The quantity can't be higher than 1,000,000,000." });
    if (input.ignoreCompareQuantity !== true && (q.compareQuantity === undefined || q.compareQuantity === null)) {
      userErrors.push({ code: 'COMPARE_QUANTITY_REQUIRED', field: ['input', 'quantities', String(index), 'compareQuantity'], message: 'The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.' });
    } else if (input.ignoreCompareQuantity !== true && q.compareQuantity !== current) {
      userErrors.push({ code: 'COMPARE_QUANTITY_STALE', field: ['input', 'quantities', String(index), 'compareQuantity'], message: 'The compareQuantity value does not match the current quantity.' });
    }
    return { level, q, current };
  });
  if (userErrors.length > 0) return { inventoryAdjustmentGroup: null, userErrors };
  const changes = [];
  for (const plan of plans) {
    if (plan === undefined) continue;
    const delta = plan.q.quantity - plan.current;
    plan.level.quantities[input.name] = plan.q.quantity;
    const other = input.name === 'available' ? 'on_hand' : 'available';
    plan.level.quantities[other] = (plan.level.quantities[other] ?? 0) + delta;
    plan.level.updatedAt = counter.now();
    changes.push({ name: input.name, delta, quantityAfterChange: plan.q.quantity });
  }
  counter.effects += 1;
  return { inventoryAdjustmentGroup: { id: `gid://shopify/InventoryAdjustmentGroup/${counter.nextId()}`, createdAt: counter.now(), reason: input.reason, referenceDocumentUri: input.referenceDocumentUri ?? null, changes }, userErrors: [] };
}

function fulfillmentCreate(state: ShopState, counter: EffectCounter, args: Args): unknown {
  const input = args['fulfillment'] as { trackingInfo?: { number?: string; company?: string; url?: string }; lineItemsByFulfillmentOrder: { fulfillmentOrderId: string; fulfillmentOrderLineItems?: { id: string; quantity: number }[] }[] };
  const userErrors: UserError[] = [];
  const applied: (() => void)[] = [];
  let owner: (typeof state.orders)[number] | undefined;
  input.lineItemsByFulfillmentOrder.forEach((group, g) => {
    owner = state.orders.find((o) => o.fulfillmentOrders.some((fo) => fo.id === group.fulfillmentOrderId));
    const fo = owner?.fulfillmentOrders.find((f) => f.id === group.fulfillmentOrderId);
    if (fo === undefined || !['OPEN', 'IN_PROGRESS'].includes(fo.status)) {
      userErrors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder', String(g), 'fulfillmentOrderId'], message: 'Fulfillment order does not exist or is not open.' });
      return;
    }
    for (const [i, item] of (group.fulfillmentOrderLineItems ?? fo.lines.map((l) => ({ id: l.id, quantity: l.remaining }))).entries()) {
      const line = fo.lines.find((l) => l.id === item.id);
      if (line === undefined || line.remaining < item.quantity) {
        userErrors.push({ field: ['fulfillment', 'lineItemsByFulfillmentOrder', String(g), 'fulfillmentOrderLineItems', String(i), 'quantity'], message: 'Invalid fulfillment order line item quantity requested.' });
        continue;
      }
      applied.push(() => {
        line.remaining -= item.quantity;
        fo.status = fo.lines.every((l) => l.remaining === 0) ? 'CLOSED' : 'IN_PROGRESS';
      });
    }
  });
  if (userErrors.length > 0 || owner === undefined) return { fulfillment: null, userErrors };
  for (const apply of applied) apply();
  const tracking = input.trackingInfo === undefined ? [] : [{ number: input.trackingInfo.number ?? null, company: input.trackingInfo.company ?? null, url: input.trackingInfo.url ?? null }];
  const fulfillment = { id: `gid://shopify/Fulfillment/${counter.nextId()}`, status: 'SUCCESS', tracking };
  owner.fulfillments.push(fulfillment);
  owner.updatedAt = counter.now();
  counter.effects += 1;
  return { fulfillment: { id: fulfillment.id, status: fulfillment.status, trackingInfo: () => tracking }, userErrors: [] };
}

function orderCancel(state: ShopState, counter: EffectCounter, args: Args): unknown {
  const found = state.orders.find((o) => o.id === args['orderId']);
  if (found === undefined) return { job: null, orderCancelUserErrors: [{ code: 'NOT_FOUND', field: ['orderId'], message: 'Order does not exist' }] };
  if (found.cancelledAt !== null) return { job: null, orderCancelUserErrors: [{ code: 'INVALID', field: ['orderId'], message: 'Cannot cancel an order that has already been cancelled' }] };
  found.cancelledAt = counter.now();
  found.cancelReason = String(args['reason']);
  found.updatedAt = counter.now();
  counter.effects += 1;
  return { job: { id: `gid://shopify/Job/${counter.nextId()}`, done: false }, orderCancelUserErrors: [] };
}

function refundCreate(state: ShopState, counter: EffectCounter, args: Args): unknown {
  const input = args['input'] as { orderId: string; note?: string; refundLineItems?: { lineItemId: string; quantity: number; restockType?: string; locationId?: string }[]; transactions?: { orderId: string; parentId?: string; kind: string; gateway: string; amount: string }[] };
  const found = state.orders.find((o) => o.id === input.orderId);
  if (found === undefined) return { refund: null, userErrors: [{ field: ['input', 'orderId'], message: 'Order does not exist' }] };
  const userErrors: UserError[] = [];
  for (const [i, line] of (input.refundLineItems ?? []).entries()) {
    const item = found.lineItems.find((l) => l.id === line.lineItemId);
    if (item === undefined || line.quantity > item.quantity) userErrors.push({ field: ['input', 'refundLineItems', String(i), 'quantity'], message: 'Quantity cannot refund more items than were purchased' });
    if (line.restockType === 'RETURN' && line.locationId === undefined) userErrors.push({ field: ['input', 'refundLineItems', String(i), 'locationId'], message: 'Location must be specified when restocking returned items' });
  }
  let amount = 0;
  for (const [i, tx] of (input.transactions ?? []).entries()) {
    const parent = found.transactions.find((t) => t.id === tx.parentId);
    const refunded = found.transactions.filter((t) => t.kind === 'REFUND' && t.parentId === tx.parentId).reduce((sum, t) => sum + Number(t.amount), 0);
    if (parent === undefined) userErrors.push({ field: ['input', 'transactions', String(i), 'parentId'], message: 'Parent transaction does not exist' });
    else if (Number(tx.amount) + refunded > Number(parent.amount)) userErrors.push({ field: ['input', 'transactions', String(i), 'amount'], message: `Amount cannot be greater than the refundable amount of ${(Number(parent.amount) - refunded).toFixed(2)}` });
    amount += Number(tx.amount);
  }
  if (userErrors.length > 0) return { refund: null, userErrors };
  const refund = { id: `gid://shopify/Refund/${counter.nextId()}`, note: input.note ?? null, createdAt: counter.now(), amount: amount.toFixed(2) };
  found.refunds.push(refund);
  for (const tx of input.transactions ?? []) found.transactions.push({ id: `gid://shopify/OrderTransaction/${counter.nextId()}`, kind: 'REFUND', status: 'SUCCESS', gateway: tx.gateway, amount: tx.amount, parentId: tx.parentId ?? null });
  found.updatedAt = counter.now();
  counter.effects += 1;
  return { refund: { id: refund.id, note: refund.note, createdAt: refund.createdAt, totalRefundedSet: { shopMoney: { amount: refund.amount, currencyCode: found.currency }, presentmentMoney: { amount: refund.amount, currencyCode: found.currency } } }, userErrors: [] };
}

function returnApprove(state: ShopState, counter: EffectCounter, args: Args): unknown {
  const input = args['input'] as { id: string };
  const found = state.returns.find((r) => r.id === input.id);
  if (found === undefined) return { return: null, userErrors: [{ code: 'NOT_FOUND', field: ['input', 'id'], message: 'Return does not exist.' }] };
  if (found.status !== 'REQUESTED') return { return: null, userErrors: [{ code: 'INVALID_STATE', field: ['input', 'id'], message: 'Return is not approvable. Only returns with status REQUESTED can be approved.' }] };
  found.status = 'OPEN';
  counter.effects += 1;
  return { return: { id: found.id, status: found.status }, userErrors: [] };
}

/** The root value of the fake shop's mutations: each validates like Shopify and counts its effect. */
export function mutationRoot(state: ShopState, counter: EffectCounter): Record<string, (args: Args) => unknown> {
  return {
    inventorySetQuantities: (args) => setQuantities(state, counter, args),
    fulfillmentCreate: (args) => fulfillmentCreate(state, counter, args),
    orderCancel: (args) => orderCancel(state, counter, args),
    refundCreate: (args) => refundCreate(state, counter, args),
    returnApproveRequest: (args) => returnApprove(state, counter, args),
  };
}

export { legacy };
