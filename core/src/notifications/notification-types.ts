import type { MoneyV1, NotificationV1 } from '../generated/schema-types.ts';

/** What a notification announces (notification v2's kinds). */
export type NotificationKind = NotificationV1['kind'] | 'return-authorized';

/** Channels a notification can go out on. */
export type NotificationChannel = NotificationV1['channel'];

/** Every notification channel, in the order the hub prefers them when the customer named none. */
export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = ['sms', 'email', 'voice'];

/** Every notification kind. */
export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['order-shipped', 'ready-for-pickup', 'order-delayed', 'return-authorized', 'return-received', 'refund-issued'];

/** Provider delivery statuses (Twilio's message statuses). */
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'read';

/** Money shown to a customer. */
export type Money = MoneyV1;

export type { NotificationV2, NotificationRequestedV2, NotificationSentV2, NotificationDeliveryUpdatedV1, OrderDelayedV1 } from '../generated/schema-types.ts';
