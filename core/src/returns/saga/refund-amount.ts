import { addMoney, atLeastZero, multiplyMoney, percentOf, subtractMoney, zeroMoney, type Money } from '../../customers/money.ts';
import type { RefundFee, RefundLine, ReturnRecord } from '../return-types.ts';
import { receivedUnits } from '../return-types.ts';

/** What a return refunds: items handed in, less the fees the policy keeps back. */
export interface RefundComputation {
  amount: Money;
  lines: RefundLine[];
  fees: RefundFee[];
}

/**
 * Computes a return's refund from what was handed in: each authorized line's received units
 * (not MISSING ones) at the unit price paid, less the restocking fee the decision set for the line
 * and the return shipping fee of a mail return; never below zero.
 */
export function computeRefund(record: ReturnRecord, currency: string): RefundComputation {
  const decided = new Map((record.decision?.lines ?? []).map((line) => [line.lineId, line]));
  const lines: RefundLine[] = [];
  const fees: RefundFee[] = [];
  let items = zeroMoney(currency);
  let restocking: Money | undefined;
  for (const line of record.lines) {
    const units = line.authorized ? receivedUnits(line) : 0;
    if (units === 0) continue;
    const amount = multiplyMoney(line.unitPrice, units);
    lines.push({ lineId: line.lineId, sku: line.sku, quantity: units, amount });
    items = addMoney(items, amount);
    const fee = decided.get(line.lineId)?.restockingFee;
    const lineFee = fee?.percent !== undefined ? percentOf(amount, fee.percent) : fee?.amount;
    if (lineFee !== undefined) restocking = restocking === undefined ? lineFee : addMoney(restocking, lineFee);
  }
  if (restocking !== undefined) fees.push({ kind: 'restocking', amount: restocking });
  const shipping = record.decision?.returnShippingFee;
  if (shipping !== undefined && record.method === 'mail' && lines.length > 0) fees.push({ kind: 'return-shipping', amount: shipping });
  const amount = atLeastZero(fees.reduce((sum, fee) => subtractMoney(sum, fee.amount), items));
  return { amount, lines, fees };
}
