import { createHash } from 'node:crypto';

/** Prefix of the `reference_id` of inventory changes this connector makes (they are not polled back). */
export const OWN_REFERENCE_PREFIX = 'omnihub:';

/**
 * The `idempotency_key` Square gets for an action's idempotency key: 40 hex characters of its
 * SHA-256, the same for every delivery of one event and within every Square limit (RefundPayment
 * allows 45 characters, the hub's keys can be longer).
 *
 * @example
 * squareIdempotencyKey('pos-berlin:refund-payment:6f1c…'); // '9b1f…' (40 hex characters)
 */
export function squareIdempotencyKey(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40);
}

/**
 * The `reference_id` of the inventory changes of an event: the prefix that marks them as this
 * connector's own, and the event's idempotency key (hashed).
 */
export function ownReferenceId(idempotencyKey: string): string {
  return `${OWN_REFERENCE_PREFIX}${squareIdempotencyKey(idempotencyKey)}`;
}
