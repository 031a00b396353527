import type { SqlExecutor } from '../store/store.ts';
import { loadNotification, notificationByProviderId, saveNotification, type NotificationRecord, type NotificationState } from './notification-store.ts';
import type { DeliveryStatus, NotificationDeliveryUpdatedV1, NotificationSentV2 } from './notification-types.ts';

/** How far a status is; a notification only moves forward (callbacks come late and twice). */
const RANK: Record<NotificationState, number> = { suppressed: 0, held: 0, requested: 1, sent: 2, delivered: 3, undelivered: 3, failed: 3 };

const FROM_PROVIDER: Record<DeliveryStatus, NotificationState> = { queued: 'sent', sending: 'sent', sent: 'sent', delivered: 'delivered', read: 'delivered', undelivered: 'undelivered', failed: 'failed' };

/**
 * The record moved to `status` with `changes`, or undefined when the report adds nothing: an
 * earlier status arriving late, a terminal status after another one, or a repeat.
 */
function moved(record: NotificationRecord, status: NotificationState, at: string, changes: Partial<NotificationRecord>, detail?: string): NotificationRecord | undefined {
  if (RANK[status] < RANK[record.status]) return undefined;
  if (RANK[status] === RANK[record.status] && status !== record.status) return undefined;
  const news = Object.entries(changes).some(([key, value]) => record[key as keyof NotificationRecord] !== value);
  if (status === record.status && !news) return undefined;
  return { ...record, ...changes, status, updatedAt: at, history: [...record.history, { at, status, ...(detail === undefined ? {} : { detail }) }] };
}

/** notification.sent: the provider accepted the message (its id is kept to match later callbacks). */
export async function applySent(tx: SqlExecutor, data: NotificationSentV2, at: string): Promise<NotificationRecord | undefined> {
  const record = await loadNotification(tx, data.notification.id, true);
  if (record === undefined) return undefined;
  const { providerMessageId, sentAt } = data.notification;
  const next = moved(record, 'sent', at, { ...(providerMessageId === undefined ? {} : { providerMessageId }), sentAt: record.sentAt ?? sentAt ?? at });
  if (next !== undefined) await saveNotification(tx, next);
  return next ?? record;
}

/** notification.delivery-updated: the provider's status callback (Twilio: delivered, undelivered, failed...). */
export async function applyDeliveryUpdate(tx: SqlExecutor, data: NotificationDeliveryUpdatedV1): Promise<NotificationRecord | undefined> {
  const record = data.notificationId !== undefined ? await loadNotification(tx, data.notificationId, true) : data.providerMessageId === undefined ? undefined : await notificationByProviderId(tx, data.providerMessageId);
  if (record === undefined) return undefined;
  const status = FROM_PROVIDER[data.status];
  const error = data.errorCode === undefined && data.errorMessage === undefined ? undefined : [data.errorCode, data.errorMessage].filter((part) => part !== undefined).join(' ');
  const changes: Partial<NotificationRecord> = {
    ...(data.providerMessageId === undefined || record.providerMessageId !== undefined ? {} : { providerMessageId: data.providerMessageId }),
    ...(status === 'delivered' ? { deliveredAt: data.occurredAt } : {}),
    ...(status === 'sent' && record.sentAt === undefined ? { sentAt: data.occurredAt } : {}),
    ...(error === undefined ? {} : { error }),
  };
  const next = moved(record, status, data.occurredAt, changes, data.status);
  if (next !== undefined) await saveNotification(tx, next);
  return next ?? record;
}
