import type { ReturnRequestV1, ReturnRequestV1ReturnLine } from '../../generated/schema-types.ts';
import { receivedUnits, type Disposition, type ReturnLine, type ReturnRecord } from '../return-types.ts';

/** Schema limits of return-request v1 that the hub's own records could exceed. */
const LIMITS = { rules: 100, rule: 200, note: 1000 } as const;

function clip(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}

/**
 * One canonical line. return-request v1 has one disposition per line: the disposition covering
 * most units is given (with its restock location when RESTOCKED); when units of a line went
 * different ways, the note lists the split. The hub's API has every disposition.
 */
function canonicalLine(line: ReturnLine): ReturnRequestV1ReturnLine {
  const byDisposition = new Map<Disposition, { quantity: number; location?: string | undefined }>();
  for (const d of line.dispositions) {
    const current = byDisposition.get(d.disposition);
    byDisposition.set(d.disposition, { quantity: (current?.quantity ?? 0) + d.quantity, location: current?.location ?? d.restockLocationId });
  }
  const ranked = [...byDisposition].sort((a, b) => b[1].quantity - a[1].quantity);
  const [main] = ranked;
  const split = ranked.length > 1 ? ranked.map(([disposition, { quantity, location }]) => `${quantity} ${disposition}${location === undefined ? '' : ` at ${location}`}`).join(', ') : undefined;
  const note = [line.note, split === undefined ? undefined : `Dispositions: ${split}`].filter((part) => part !== undefined).join(' | ');
  return {
    lineId: line.lineId,
    sku: line.sku,
    quantity: line.quantity,
    reason: line.reason,
    ...(note === '' ? {} : { note: clip(note, LIMITS.note) }),
    ...(line.dispositions.length === 0 ? {} : { receivedQuantity: receivedUnits(line) }),
    ...(main === undefined ? {} : { disposition: main[0] }),
    ...(main?.[0] === 'RESTOCKED' && main[1].location !== undefined ? { restockLocationId: main[1].location } : {}),
  };
}

/** The canonical return-request v1 document of a return, as its events carry it. */
export function toReturnRequest(record: ReturnRecord): ReturnRequestV1 {
  const authorized = record.lines.filter((line) => line.authorized);
  const shown = authorized.length > 0 ? authorized : record.lines;
  const [first, ...rest] = shown.map(canonicalLine);
  if (first === undefined) throw new Error(`return ${record.id} has no lines`);
  const { origin, decision } = record;
  return {
    id: record.id,
    orderId: record.orderId,
    ...(record.customerId === undefined ? {} : { customerId: record.customerId }),
    initiatedBy: {
      channel: origin.channel,
      ...(origin.actorId === undefined ? {} : { actorId: origin.actorId }),
      ...(origin.locationId === undefined ? {} : { locationId: origin.locationId }),
    },
    status: record.status,
    method: record.method,
    lines: [first, ...rest],
    ...(decision === undefined
      ? {}
      : { policy: { id: decision.policyId, version: decision.policyVersion, rulesApplied: decision.rulesApplied.slice(0, LIMITS.rules).map((rule) => clip(rule, LIMITS.rule)) } }),
    ...(record.override === undefined ? {} : { override: { ...record.override, reason: clip(record.override.reason, LIMITS.note) } }),
    ...(record.refund === undefined ? {} : { refund: { type: record.refund.method, amount: record.refund.amount } }),
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
