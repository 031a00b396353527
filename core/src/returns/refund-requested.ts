/** `refund.requested` v1: the hub asks the system that took the payment to refund. */
export { RefundRequested } from '../events/catalog.ts';
export type { RefundRequestedV1 } from '../generated/schema-types.ts';
