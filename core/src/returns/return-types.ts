import type { Money } from '../customers/money.ts';
import type { ReturnRequestV1, ReturnRequestV1ReturnLine } from '../generated/schema-types.ts';
import type { PolicyDecision } from './policy/policy-types.ts';

/** Return status (return-request v1's enum). */
export type ReturnStatus = ReturnRequestV1['status'];

/** Why a customer returns a line. */
export type ReturnReason = ReturnRequestV1ReturnLine['reason'];

/** What happened to returned units (Shopify's disposition types). */
export type Disposition = NonNullable<ReturnRequestV1ReturnLine['disposition']>;

/** Every disposition. */
export const DISPOSITIONS: readonly Disposition[] = ['RESTOCKED', 'NOT_RESTOCKED', 'PROCESSING_REQUIRED', 'MISSING'];

/** Refund outcome a return resolves to. */
export type RefundType = NonNullable<ReturnRequestV1['refund']>['type'];

/** Channel a return was started on. */
export type ReturnChannel = ReturnRequestV1['initiatedBy']['channel'];

/** Units of one line with one disposition, from one receipt. */
export interface LineDisposition {
  receiptId: string;
  disposition: Disposition;
  quantity: number;
  restockLocationId?: string | undefined;
}

/** One returned order line as the saga tracks it. */
export interface ReturnLine {
  lineId: string;
  sku: string;
  title?: string | undefined;
  quantity: number;
  reason: ReturnReason;
  note?: string | undefined;
  unitPrice: Money;
  category?: string | undefined;
  /** False when the policy refused the line (and no override authorized it). */
  authorized: boolean;
  /** Dispositions recorded by receipts; their quantities add up to the units accounted for. */
  dispositions: LineDisposition[];
}

/** How the return started, and who drives it. */
export interface ReturnOrigin {
  channel: ReturnChannel;
  actorId?: string | undefined;
  locationId?: string | undefined;
  /** CloudEvents source (a connector instance) or `/omnihub/api`. */
  source: string;
  instanceId?: string | undefined;
  /** `source` when the return was already processed by the system that reported it (a POS refund at the counter). */
  managedBy: 'hub' | 'source';
}

/** An agent's override of the policy. */
export interface ReturnOverride {
  by: string;
  reason: string;
  at: string;
}

/** The return label of a mail return. */
export interface ReturnLabel {
  carrier: string;
  trackingNumber?: string | undefined;
  labelUrl?: string | undefined;
  issuedAt: string;
  voidedAt?: string | undefined;
}

/** A fee kept back from a refund. */
export interface RefundFee {
  kind: 'restocking' | 'return-shipping';
  amount: Money;
}

/** One refunded line. */
export interface RefundLine {
  lineId: string;
  sku: string;
  quantity: number;
  amount: Money;
}

/**
 * The refund of a return: requested from the system that took the payment, then succeeded,
 * failed (parked for a person: `manual`), or not required (nothing to refund).
 */
export interface ReturnRefund {
  requestId: string;
  attempt: number;
  status: 'requested' | 'pending' | 'succeeded' | 'failed' | 'manual' | 'not-required';
  method: RefundType;
  amount: Money;
  lines: RefundLine[];
  fees: RefundFee[];
  gateway?: string | undefined;
  instanceId?: string | undefined;
  connectorId?: string | undefined;
  paymentTransactionId?: string | undefined;
  transactionId?: string | undefined;
  reference?: string | undefined;
  requestedAt?: string | undefined;
  settledAt?: string | undefined;
  reason?: string | undefined;
}

/** A return (RMA) as the saga keeps it. */
export interface ReturnRecord {
  id: string;
  orderId: string;
  customerId?: string | undefined;
  status: ReturnStatus;
  method: 'mail' | 'store';
  origin: ReturnOrigin;
  lines: ReturnLine[];
  decision?: PolicyDecision | undefined;
  override?: ReturnOverride | undefined;
  label?: ReturnLabel | undefined;
  refund?: ReturnRefund | undefined;
  eligibleUntil?: string | undefined;
  /** Goods not received by then cancel the authorization (see the sweeper). */
  receiveBy?: string | undefined;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** One line of a receipt: units of a line handed in, with what happens to them. */
export interface ReceiptLine {
  lineId: string;
  quantity: number;
  disposition: Disposition;
  restockLocationId?: string | undefined;
}

/** A stock movement a receipt caused (kept so voiding the receipt reverses exactly it). */
export interface ReceiptMovement {
  movementId: string;
  sku: string;
  locationId: string;
  quantity: number;
  lineId: string;
}

/** Goods handed in for a return at one location. */
export interface ReturnReceipt {
  receiptId: string;
  locationId: string;
  lines: ReceiptLine[];
  movements: ReceiptMovement[];
  receivedAt: string;
  voidedAt?: string | undefined;
  voidReason?: string | undefined;
}

/** One entry of a return's history. */
export interface HistoryEntry {
  at: string;
  step: string;
  outcome: 'done' | 'failed' | 'compensated' | 'skipped';
  fromStatus?: ReturnStatus | undefined;
  toStatus?: ReturnStatus | undefined;
  actor?: string | undefined;
  detail?: Record<string, unknown> | undefined;
}

/** Units of a line accounted for by receipts (received or missing). */
export function accountedUnits(line: ReturnLine): number {
  return line.dispositions.reduce((sum, d) => sum + d.quantity, 0);
}

/** Units of a line actually handed in (everything but MISSING). */
export function receivedUnits(line: ReturnLine): number {
  return line.dispositions.filter((d) => d.disposition !== 'MISSING').reduce((sum, d) => sum + d.quantity, 0);
}
