import type {
  InventoryMovementRecordedV1,
  InventoryLevelChangedV1,
  OrderCreatedV1,
  OrderCancelledV1,
  OrderRoutedV1,
  FulfillmentRequestedV1,
  FulfillmentAcceptedV1,
  FulfillmentRejectedV1,
  FulfillmentShippedV1,
  FulfillmentReadyForPickupV1,
  ReturnRequestedV1,
  ReturnAuthorizedV1,
  ReturnRejectedV1,
  ReturnReceivedV1,
  ReturnRefundedV1,
  ReturnClosedV1,
  RefundIssuedV1,
  CustomerUpsertedV1,
  InteractionStartedV1,
  InteractionEndedV1,
  NotificationRequestedV1,
  NotificationSentV1,
} from '../generated/schema-types.ts';
import { defineEvent, type EventDefinition } from './define-event.ts';

/*
 * Every canonical event type, defined once. Import these definitions to publish, subscribe or
 * map; routing keys and dataschema URIs derive from them. A test keeps this list and the event
 * schemas under core/schemas in step.
 */

/** `inventory.movement.recorded` v1. */
export const InventoryMovementRecorded = defineEvent<InventoryMovementRecordedV1>('inventory.movement.recorded', 1);
/** `inventory.level.changed` v1. */
export const InventoryLevelChanged = defineEvent<InventoryLevelChangedV1>('inventory.level.changed', 1);
/** `order.created` v1. */
export const OrderCreated = defineEvent<OrderCreatedV1>('order.created', 1);
/** `order.cancelled` v1. */
export const OrderCancelled = defineEvent<OrderCancelledV1>('order.cancelled', 1);
/** `order.routed` v1. */
export const OrderRouted = defineEvent<OrderRoutedV1>('order.routed', 1);
/** `fulfillment.requested` v1. */
export const FulfillmentRequested = defineEvent<FulfillmentRequestedV1>('fulfillment.requested', 1);
/** `fulfillment.accepted` v1. */
export const FulfillmentAccepted = defineEvent<FulfillmentAcceptedV1>('fulfillment.accepted', 1);
/** `fulfillment.rejected` v1. */
export const FulfillmentRejected = defineEvent<FulfillmentRejectedV1>('fulfillment.rejected', 1);
/** `fulfillment.shipped` v1. */
export const FulfillmentShipped = defineEvent<FulfillmentShippedV1>('fulfillment.shipped', 1);
/** `fulfillment.ready-for-pickup` v1. */
export const FulfillmentReadyForPickup = defineEvent<FulfillmentReadyForPickupV1>('fulfillment.ready-for-pickup', 1);
/** `return.requested` v1. */
export const ReturnRequested = defineEvent<ReturnRequestedV1>('return.requested', 1);
/** `return.authorized` v1. */
export const ReturnAuthorized = defineEvent<ReturnAuthorizedV1>('return.authorized', 1);
/** `return.rejected` v1. */
export const ReturnRejected = defineEvent<ReturnRejectedV1>('return.rejected', 1);
/** `return.received` v1. */
export const ReturnReceived = defineEvent<ReturnReceivedV1>('return.received', 1);
/** `return.refunded` v1. */
export const ReturnRefunded = defineEvent<ReturnRefundedV1>('return.refunded', 1);
/** `return.closed` v1. */
export const ReturnClosed = defineEvent<ReturnClosedV1>('return.closed', 1);
/** `refund.issued` v1. */
export const RefundIssued = defineEvent<RefundIssuedV1>('refund.issued', 1);
/** `customer.upserted` v1. */
export const CustomerUpserted = defineEvent<CustomerUpsertedV1>('customer.upserted', 1);
/** `interaction.started` v1. */
export const InteractionStarted = defineEvent<InteractionStartedV1>('interaction.started', 1);
/** `interaction.ended` v1. */
export const InteractionEnded = defineEvent<InteractionEndedV1>('interaction.ended', 1);
/** `notification.requested` v1. */
export const NotificationRequested = defineEvent<NotificationRequestedV1>('notification.requested', 1);
/** `notification.sent` v1. */
export const NotificationSent = defineEvent<NotificationSentV1>('notification.sent', 1);

/** All event definitions, newest version of each type. */
export const EVENT_CATALOG: readonly EventDefinition<unknown>[] = [
  InventoryMovementRecorded,
  InventoryLevelChanged,
  OrderCreated,
  OrderCancelled,
  OrderRouted,
  FulfillmentRequested,
  FulfillmentAccepted,
  FulfillmentRejected,
  FulfillmentShipped,
  FulfillmentReadyForPickup,
  ReturnRequested,
  ReturnAuthorized,
  ReturnRejected,
  ReturnReceived,
  ReturnRefunded,
  ReturnClosed,
  RefundIssued,
  CustomerUpserted,
  InteractionStarted,
  InteractionEnded,
  NotificationRequested,
  NotificationSent,
];
