/** Proactive notifications: triggers, consent and channel choice, locale templates, quiet hours, delivery status. */
export { startNotificationsFlow, NOTIFICATIONS_SUBSCRIBER, NOTIFICATIONS_SOURCE, type NotificationsFlow, type NotificationsFlowDeps, type NotificationsFlowOptions } from './notifications-flow.ts';
export { requestNotification, type NotificationSpec, type NotificationSettings } from './request-notification.ts';
export { NotificationRequested, NotificationSent, NotificationDeliveryUpdated, OrderDelayed } from '../events/catalog.ts';
export { NOTIFICATION_UPCASTERS, notificationV1ToV2, notificationRequestedV1ToV2, notificationSentV1ToV2 } from './upcasters.ts';
export { notificationsOfCustomer, loadNotification, type NotificationRecord, type NotificationState, type NotificationChange } from './notification-store.ts';
export { quietUntil, isKnownTimeZone, type QuietHours } from './quiet-hours.ts';
export { chooseChannel, deliveryInstance, CHANNEL_CONNECTORS, type ChannelChoice } from './delivery-plan.ts';
export { resolveTemplate, saveTemplate, render, localeChain, type ResolvedTemplate } from './templates/template-store.ts';
export { DEFAULT_TEMPLATES, type MessageTemplate } from './templates/default-templates.ts';
export { toNotificationV2 } from './notification-document.ts';
export {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type NotificationChannel,
  type NotificationV2,
  type NotificationRequestedV2,
  type NotificationSentV2,
  type NotificationDeliveryUpdatedV1,
  type DeliveryStatus,
  type OrderDelayedV1,
} from './notification-types.ts';
