import { readNotification, squareWebhook, utc } from './notification.ts';

/** `refund.created`: the PaymentRefund of the notification, partitioned by its order (or payment). */
export const refundCreatedWebhook = squareWebhook((request) => {
  const notification = readNotification(request, 'refund.created');
  const refund = notification.data.object['refund'] as { id?: string; order_id?: string | null; payment_id?: string | null; updated_at?: string; created_at?: string } | undefined;
  if (refund === undefined) return [];
  const sequence = utc(refund.updated_at) ?? utc(notification.created_at);
  const occurredAt = utc(refund.created_at) ?? sequence;
  return [
    {
      id: notification.event_id,
      type: 'square.PaymentRefund',
      partitionKey: refund.order_id ?? refund.payment_id ?? refund.id ?? notification.event_id,
      ...(sequence === undefined ? {} : { sequence }),
      ...(occurredAt === undefined ? {} : { occurredAt }),
      payload: refund,
    },
  ];
});
