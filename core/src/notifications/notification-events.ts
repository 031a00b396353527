import { defineEvent } from '../events/define-event.ts';
import type { NotificationDeliveryUpdatedV1, NotificationRequestedV2, NotificationSentV2, OrderDelayedV1 } from './notification-types.ts';

/*
 * Event versions the notification flow speaks that are proposed, not yet in the released
 * catalog: their schemas wait in core/src/returns/proposed-schemas/ until released.
 */

/** `notification.requested` v2: a rendered notification, due now, for one delivering instance. */
export const NotificationRequestedV2Event = defineEvent<NotificationRequestedV2>('notification.requested', 2);
/** `notification.sent` v2: the delivering connector handed the notification to its provider. */
export const NotificationSentV2Event = defineEvent<NotificationSentV2>('notification.sent', 2);
/** `notification.delivery-updated` v1: the provider's delivery status callback. */
export const NotificationDeliveryUpdated = defineEvent<NotificationDeliveryUpdatedV1>('notification.delivery-updated', 1);
/** `order.delayed` v1: an order will be late. */
export const OrderDelayed = defineEvent<OrderDelayedV1>('order.delayed', 1);
