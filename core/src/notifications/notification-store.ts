import type { SqlExecutor } from '../store/store.ts';
import type { NotificationChannel, NotificationKind } from './notification-types.ts';

/** Where a notification is: held through quiet hours, requested from the provider, then sent, delivered or not. */
export type NotificationState = 'held' | 'requested' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'suppressed';

/** One status change. */
export interface NotificationChange {
  at: string;
  status: NotificationState;
  detail?: string | undefined;
}

/** A notification as the hub keeps it. */
export interface NotificationRecord {
  id: string;
  dedupeKey: string;
  sourceEventId: string;
  kind: NotificationKind;
  customerId: string;
  channel?: NotificationChannel | undefined;
  to?: string | undefined;
  locale?: string | undefined;
  template?: string | undefined;
  subject?: string | undefined;
  body?: string | undefined;
  variables: Record<string, string>;
  orderId?: string | undefined;
  returnId?: string | undefined;
  instanceId?: string | undefined;
  status: NotificationState;
  suppressedReason?: 'no-consent' | 'missing-contact' | 'duplicate' | 'expired' | 'other' | undefined;
  heldUntil?: string | undefined;
  providerMessageId?: string | undefined;
  sentAt?: string | undefined;
  deliveredAt?: string | undefined;
  error?: string | undefined;
  history: NotificationChange[];
  correlationId?: string | undefined;
  createdAt: string;
  updatedAt: string;
}

interface Row extends Record<string, unknown> {
  notification_id: string;
  dedupe_key: string;
  source_event_id: string;
  kind: NotificationKind;
  customer_id: string;
  channel: NotificationChannel | null;
  recipient: string | null;
  locale: string | null;
  template: string | null;
  subject: string | null;
  body: string | null;
  variables: Record<string, string>;
  order_id: string | null;
  return_id: string | null;
  instance_id: string | null;
  status: NotificationState;
  suppressed_reason: NotificationRecord['suppressedReason'] | null;
  held_until: Date | null;
  provider_message_id: string | null;
  sent_at: Date | null;
  delivered_at: Date | null;
  error: string | null;
  history: NotificationChange[];
  correlation_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS =
  'notification_id, dedupe_key, source_event_id, kind, customer_id, channel, recipient, locale, template, subject, body, variables, order_id, return_id, instance_id, status, suppressed_reason, held_until, provider_message_id, sent_at, delivered_at, error, history, correlation_id, created_at, updated_at';

function opt<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

function toRecord(row: Row): NotificationRecord {
  return {
    id: row.notification_id,
    dedupeKey: row.dedupe_key,
    sourceEventId: row.source_event_id,
    kind: row.kind,
    customerId: row.customer_id,
    ...opt('channel', row.channel),
    ...opt('to', row.recipient),
    ...opt('locale', row.locale),
    ...opt('template', row.template),
    ...opt('subject', row.subject),
    ...opt('body', row.body),
    variables: row.variables,
    ...opt('orderId', row.order_id),
    ...opt('returnId', row.return_id),
    ...opt('instanceId', row.instance_id),
    status: row.status,
    ...opt('suppressedReason', row.suppressed_reason),
    ...opt('heldUntil', row.held_until?.toISOString() ?? null),
    ...opt('providerMessageId', row.provider_message_id),
    ...opt('sentAt', row.sent_at?.toISOString() ?? null),
    ...opt('deliveredAt', row.delivered_at?.toISOString() ?? null),
    ...opt('error', row.error),
    history: row.history,
    ...opt('correlationId', row.correlation_id),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function values(record: NotificationRecord): unknown[] {
  return [
    record.id,
    record.dedupeKey,
    record.sourceEventId,
    record.kind,
    record.customerId,
    record.channel ?? null,
    record.to ?? null,
    record.locale ?? null,
    record.template ?? null,
    record.subject ?? null,
    record.body ?? null,
    record.variables,
    record.orderId ?? null,
    record.returnId ?? null,
    record.instanceId ?? null,
    record.status,
    record.suppressedReason ?? null,
    record.heldUntil ?? null,
    record.providerMessageId ?? null,
    record.sentAt ?? null,
    record.deliveredAt ?? null,
    record.error ?? null,
    JSON.stringify(record.history),
    record.correlationId ?? null,
    record.createdAt,
    record.updatedAt,
  ];
}

/**
 * Records a new notification; false when one with the same dedupe key exists (the same
 * announcement, from a repeated or a second event): it is never sent twice.
 */
export async function insertNotification(tx: SqlExecutor, record: NotificationRecord): Promise<boolean> {
  const placeholders = Array.from({ length: 26 }, (_v, i) => `$${i + 1}`).join(', ');
  const { rowCount } = await tx.query(`insert into notifications (${COLUMNS}) values (${placeholders}) on conflict (dedupe_key) do nothing`, values(record));
  return rowCount > 0;
}

/** Writes a changed notification. */
export async function saveNotification(tx: SqlExecutor, record: NotificationRecord): Promise<void> {
  const sets = COLUMNS.split(', ')
    .slice(1)
    .map((column, index) => `${column} = $${index + 2}`)
    .join(', ');
  await tx.query(`update notifications set ${sets} where notification_id = $1`, values(record));
}

/** One notification (locked with `forUpdate`), or undefined. */
export async function loadNotification(db: SqlExecutor, id: string, forUpdate = false): Promise<NotificationRecord | undefined> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from notifications where notification_id = $1${forUpdate ? ' for update' : ''}`, [id]);
  const row = rows[0];
  return row === undefined ? undefined : toRecord(row);
}

/** The notification a provider message id belongs to (locked), or undefined. */
export async function notificationByProviderId(db: SqlExecutor, providerMessageId: string): Promise<NotificationRecord | undefined> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from notifications where provider_message_id = $1 for update`, [providerMessageId]);
  const row = rows[0];
  return row === undefined ? undefined : toRecord(row);
}

/** Ids of held notifications due at `now`, oldest first. */
export async function dueHeld(db: SqlExecutor, now: Date, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ notification_id: string }>("select notification_id from notifications where status = 'held' and held_until <= $1 order by held_until, notification_id limit $2", [now.toISOString(), limit]);
  return rows.map((row) => row.notification_id);
}

/** A customer's notifications, newest first. */
export async function notificationsOfCustomer(db: SqlExecutor, customerId: string, limit: number): Promise<NotificationRecord[]> {
  const { rows } = await db.query<Row>(`select ${COLUMNS} from notifications where customer_id = $1 order by created_at desc, notification_id limit $2`, [customerId, limit]);
  return rows.map(toRecord);
}
