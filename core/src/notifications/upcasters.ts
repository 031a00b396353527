import type { Upcaster } from '../schema/upcaster.ts';

/*
 * notification v2 only adds optional fields and one kind to v1, so every v1 document is already a
 * valid v2 document: the upcasts copy it unchanged (the registry validates the result).
 */

/** notification v1 → v2. */
export const notificationV1ToV2: Upcaster = { name: 'notification', from: 1, upcast: (data) => data };
/** notification.requested v1 → v2. */
export const notificationRequestedV1ToV2: Upcaster = { name: 'notification.requested', from: 1, upcast: (data) => data };
/** notification.sent v1 → v2. */
export const notificationSentV1ToV2: Upcaster = { name: 'notification.sent', from: 1, upcast: (data) => data };

/** The upcasters of the notification v2 schemas (v1 documents read as v2). */
export const NOTIFICATION_UPCASTERS: readonly Upcaster[] = [notificationV1ToV2, notificationRequestedV1ToV2, notificationSentV1ToV2];
