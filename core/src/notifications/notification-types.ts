import type { MoneyV1, NotificationV1 } from '../generated/schema-types.ts';

/** What a notification announces (notification v2's kinds). */
export type NotificationKind = NotificationV1['kind'] | 'return-authorized';

/** Channels a notification can go out on. */
export type NotificationChannel = NotificationV1['channel'];

/** Every notification channel, in the order the hub prefers them when the customer named none. */
export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = ['sms', 'email', 'voice'];

/** Every notification kind. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['order-shipped', 'ready-for-pickup', 'order-delayed', 'return-authorized', 'return-received', 'refund-issued'];

/**
 * A notification as notification v2 carries it: v1 plus the rendered text in the customer's
 * locale, the connector instance that delivers it, the event that caused it and the provider's
 * message id (schema proposed in core/src/returns/proposed-schemas/notification/v2).
 */
export interface NotificationV2 extends Omit<NotificationV1, 'kind'> {
  kind: NotificationKind;
  locale?: string;
  subject?: string;
  body?: string;
  instanceId?: string;
  sourceEventId?: string;
  providerMessageId?: string;
}

/** Payload of `notification.requested` v2. */
export interface NotificationRequestedV2 {
  notification: NotificationV2;
}

/** Payload of `notification.sent` v2. */
export interface NotificationSentV2 {
  notification: NotificationV2;
}

/** Provider delivery statuses (Twilio's message statuses). */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read';

/** Payload of `notification.delivery-updated` v1. */
export interface NotificationDeliveryUpdatedV1 {
  notificationId?: string;
  providerMessageId?: string;
  status: DeliveryStatus;
  errorCode?: string;
  errorMessage?: string;
  occurredAt: string;
}

/** Payload of `order.delayed` v1. */
export interface OrderDelayedV1 {
  orderId: string;
  lineIds?: [string, ...string[]];
  reason: 'carrier-delay' | 'warehouse-backlog' | 'out-of-stock' | 'location-rejected' | 'weather' | 'other';
  detail?: string;
  previousPromisedDate?: string;
  newPromisedDate?: string;
  detectedAt: string;
}

/** Money shown to a customer. */
export type Money = MoneyV1;
