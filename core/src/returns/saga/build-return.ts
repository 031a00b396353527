import { randomBytes } from 'node:crypto';
import { HubError, type FieldError } from '../../errors/hub-error.ts';
import type { CustomerOrder } from '../../customers/order-view.ts';
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

/**
 * Checks requested lines against the order: every line must exist, appear once, and not ask for
 * more units than were ordered less those other returns already take. Throws `validation-failed`
 * naming each offending line.
 */
export function checkRequestedLines(order: CustomerOrder, lines: readonly RequestedLine[], taken: ReadonlyMap<string, number>, path = '/lines'): void {
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
    const left = line.quantity - (taken.get(requested.lineId) ?? 0);
    if (requested.quantity > left) errors.push({ path: `${path}/${index}/quantity`, message: `line ${requested.lineId} has ${left} unit(s) left to return (ordered ${line.quantity})`, keyword: 'maximum' });
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
