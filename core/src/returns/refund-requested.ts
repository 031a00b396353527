import { defineEvent } from '../events/define-event.ts';
import type { MoneyV1, OrderV1PaymentGateway } from '../generated/schema-types.ts';

/** Payload of `refund.requested` v1 (schema proposed in core/src/returns/proposed-schemas/). */
export interface RefundRequestedV1 {
  /** Idempotency key at the payment system; the answer's refund.id. */
  requestId: string;
  orderId: string;
  returnId?: string;
  amount: MoneyV1;
  gateway: OrderV1PaymentGateway;
  paymentTransactionId?: string;
  method: 'original-payment' | 'store-credit';
  lines?: { lineId: string; sku: string; quantity: number; amount: MoneyV1 }[];
  fees?: { kind: 'restocking' | 'return-shipping'; amount: MoneyV1 }[];
  reason?: string;
  /** The connector instance that must execute it; every other instance ignores it. */
  target: { instanceId: string; connectorId?: string };
  attempt?: number;
  requestedAt: string;
}

/** `refund.requested` v1: the hub asks the system that took the payment to refund. */
export const RefundRequested = defineEvent<RefundRequestedV1>('refund.requested', 1);
