import type { NotificationRecord } from './notification-store.ts';
import type { NotificationV2 } from './notification-types.ts';

/** The canonical notification v2 of a notification ready to go (requested, with channel, address, template and text). */
export function toNotificationV2(record: NotificationRecord): NotificationV2 {
  if (record.channel === undefined || record.to === undefined || record.template === undefined || record.body === undefined) {
    throw new Error(`notification ${record.id} is not ready to be sent`);
  }
  return {
    id: record.id,
    customerId: record.customerId,
    kind: record.kind,
    channel: record.channel,
    to: record.to,
    ...(record.instanceId === undefined ? {} : { instanceId: record.instanceId }),
    template: record.template,
    ...(record.locale === undefined ? {} : { locale: record.locale }),
    ...(record.subject === undefined ? {} : { subject: record.subject }),
    body: record.body,
    variables: record.variables,
    ...(record.orderId === undefined ? {} : { orderId: record.orderId }),
    ...(record.returnId === undefined ? {} : { returnId: record.returnId }),
    sourceEventId: record.sourceEventId,
    dedupeKey: record.dedupeKey,
    status: 'requested',
  };
}
