import type {
  InventoryMovementRecordedV1,
  InventoryLevelChangedV1,
  OrderCreatedV1,
  OrderCancelledV1,
  OrderRoutedV2,
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
  NotificationRequestedV2,
  NotificationSentV2,
  RefundRequestedV1,
  CrmActivityRequestedV1,
  InteractionContextResolvedV1,
  NotificationDeliveryUpdatedV1,
  OrderDelayedV1,
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
/** `order.routed` v2: the decision's outcome (v1 carried every candidate). */
export const OrderRouted = defineEvent<OrderRoutedV2>('order.routed', 2);
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
/** `notification.requested` v2 (v1 events are upcast). */
export const NotificationRequested = defineEvent<NotificationRequestedV2>('notification.requested', 2);
/** `notification.sent` v2 (v1 events are upcast). */
export const NotificationSent = defineEvent<NotificationSentV2>('notification.sent', 2);
/** `refund.requested` v1: the hub asks the payment system's connector instance to refund. */
export const RefundRequested = defineEvent<RefundRequestedV1>('refund.requested', 1);
/** `crm.activity.requested` v1: a CRM ticket, note or logged call/message. */
export const CrmActivityRequested = defineEvent<CrmActivityRequestedV1>('crm.activity.requested', 1);
/** `interaction.context-resolved` v1: the compact customer context for the agent's task. */
export const InteractionContextResolved = defineEvent<InteractionContextResolvedV1>('interaction.context-resolved', 1);
/** `notification.delivery-updated` v1: a provider's delivery status callback. */
export const NotificationDeliveryUpdated = defineEvent<NotificationDeliveryUpdatedV1>('notification.delivery-updated', 1);
/** `order.delayed` v1: an order will be late. */
export const OrderDelayed = defineEvent<OrderDelayedV1>('order.delayed', 1);

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
  RefundRequested,
  CrmActivityRequested,
  InteractionContextResolved,
  NotificationDeliveryUpdated,
  OrderDelayed,
];
