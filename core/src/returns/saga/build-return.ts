import { randomBytes } from 'node:crypto';
import { HubError, type FieldError } from '../../errors/hub-error.ts';
import { deliveredUnits } from '../../customers/delivered-units.ts';
import type { CustomerOrder, CustomerOrderLine } from '../../customers/order-view.ts';
import type { ReturnLine, ReturnOrigin, ReturnReason, ReturnRecord } from '../return-types.ts';

/** A requested line. */
export interface RequestedLine {
  lineId: string;
  quantity: number;
  reason: ReturnReason;
  note?: string | undefined;
}

/** A new return id: `RMA-<yyyymmdd>-<6 random characters>`. */
export function newReturnId(now: Date): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '');
  return `RMA-${day}-${randomBytes(4).toString('hex').slice(0, 6).toUpperCase()}`;
}

/** How the units a line may be returned are counted. */
export interface ReturnableOptions {
  /** A till return the store already processed for an order sold in store: every unit sold counts. */
  soldInStore?: boolean | undefined;
}

/** The units of a line the customer has (shipped, picked up, or sold in store), with how they are named. */
function returnable(order: CustomerOrder, line: CustomerOrderLine, options: ReturnableOptions): { units: number; label: string } {
  if (options.soldInStore === true) return { units: line.quantity, label: 'sold in store' };
  return { units: deliveredUnits(order, line), label: line.pickups === undefined ? 'shipped' : 'shipped or picked up' };
}

/**
 * Checks requested lines against the order: every line must exist, appear once, and not ask for
 * more units than the customer received (shipped or picked up) less those other returns already
 * take. Throws `validation-failed` naming each offending line and how many units are left.
 */
export function checkRequestedLines(order: CustomerOrder, lines: readonly RequestedLine[], taken: ReadonlyMap<string, number>, path = '/lines', options: ReturnableOptions = {}): void {
  const errors: FieldError[] = [];
  const byId = new Map(order.lines.map((line) => [line.lineId, line]));
  const seen = new Set<string>();
  lines.forEach((requested, index) => {
    const line = byId.get(requested.lineId);
    if (line === undefined) {
      errors.push({ path: `${path}/${index}/lineId`, message: `order ${order.orderId} has no line ${requested.lineId}`, keyword: 'line' });
      return;
    }
    if (seen.has(requested.lineId)) errors.push({ path: `${path}/${index}/lineId`, message: `line ${requested.lineId} is listed twice`, keyword: 'uniqueItems' });
    seen.add(requested.lineId);
    const { units, label } = returnable(order, line, options);
    const other = taken.get(requested.lineId) ?? 0;
    const left = Math.max(0, units - other);
    if (requested.quantity > left) errors.push({ path: `${path}/${index}/quantity`, message: `line ${requested.lineId} has ${left} unit(s) left to return (${units} ${label}, ${other} returned or in open returns)`, keyword: 'maximum' });
  });
  if (errors.length > 0) throw new HubError('validation-failed', { detail: `the return does not fit order ${order.orderId}: ${errors.map((e) => e.message).join('; ')}`, errors });
}

/** A new return record (status requested), its lines priced from the order. */
export function buildReturn(input: { id: string; order: CustomerOrder; customerId?: string | undefined; method: 'mail' | 'store'; origin: ReturnOrigin; lines: readonly RequestedLine[]; now: Date }): ReturnRecord {
  const byId = new Map(input.order.lines.map((line) => [line.lineId, line]));
  const lines: ReturnLine[] = input.lines.map((requested) => {
    const line = byId.get(requested.lineId);
    if (line === undefined) throw new Error(`order ${input.order.orderId} has no line ${requested.lineId}`);
    return {
      lineId: line.lineId,
      sku: line.sku,
      title: line.title,
      quantity: requested.quantity,
      reason: requested.reason,
      ...(requested.note === undefined ? {} : { note: requested.note }),
      unitPrice: line.unitPrice,
      ...(line.category === undefined ? {} : { category: line.category }),
      authorized: false,
      dispositions: [],
    };
  });
  const customerId = input.customerId ?? input.order.customerId;
  const at = input.now.toISOString();
  return {
    id: input.id,
    orderId: input.order.orderId,
    ...(customerId === undefined ? {} : { customerId }),
    status: 'requested',
    method: input.method,
    origin: input.origin,
    lines,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}
