import { createHash } from 'node:crypto';

/**
 * The marker an action writes into what Shopify keeps (a refund note), derived from the action's
 * idempotency key: finding it on a later delivery of the same event proves the effect was applied.
 *
 * @example
 * idempotencyMarker('eu-store:create-refund:6f1c…'); // '[omnihub:3a9f0c2e4b5d6e7f8a9b0c1d2e3f4a5b]'
 */
export function idempotencyMarker(idempotencyKey: string): string {
  return `[omnihub:${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 32)}]`;
}

/**
 * The URI an inventory change is recorded under in Shopify's inventory history, naming the event
 * that caused it (Shopify's `referenceDocumentUri`).
 *
 * @example
 * referenceDocumentUri('eu-store:set-inventory:6f1c…'); // 'omnihub://idempotency-key/eu-store%3Aset-inventory%3A6f1c…'
 */
export function referenceDocumentUri(idempotencyKey: string): string {
  return `omnihub://idempotency-key/${encodeURIComponent(idempotencyKey)}`;
}
