import { randomUUID } from 'node:crypto';
import type { Emit } from '../customers/outbox-emitter.ts';
import type { Money } from '../customers/money.ts';
import { getPreferences } from '../customers/preferences.ts';
import { getCustomerProfile } from '../customers/profiles.ts';
import type { SqlExecutor } from '../store/store.ts';
import { chooseChannel, deliveryInstance } from './delivery-plan.ts';
import { formatDate, formatMoney } from './format-values.ts';
import { toNotificationV2 } from './notification-document.ts';
import { NotificationRequested } from '../events/catalog.ts';
import { insertNotification, type NotificationRecord } from './notification-store.ts';
import type { NotificationChannel, NotificationKind } from './notification-types.ts';
import { quietUntil, type QuietHours } from './quiet-hours.ts';
import { render, resolveTemplate } from './templates/template-store.ts';

/** What a trigger wants to announce. */
export interface NotificationSpec {
  kind: NotificationKind;
  /** The announcement's identity: one notification per key, whatever events repeat it. */
  dedupeKey: string;
  sourceEventId: string;
  customerId?: string | undefined;
  orderId?: string | undefined;
  returnId?: string | undefined;
  /** Plain variables, used as they are. */
  variables: Record<string, string | undefined>;
  /** Amounts, formatted in the customer's locale. */
  amounts?: Record<string, Money> | undefined;
  /** Instants, formatted as dates in the customer's locale and time zone. */
  dates?: Record<string, string | undefined> | undefined;
}

/** How notifications are planned. */
export interface NotificationSettings {
  /** Language of customers who named none, and the last template fallback (default en). */
  defaultLocale: string;
  /** Connector instance per channel, before the automatic choice. */
  channelInstances: Partial<Record<NotificationChannel, string>>;
  /** Quiet hours of customers whose profile has none. */
  defaultQuietHours?: QuietHours | undefined;
}

function change(record: NotificationRecord, status: NotificationRecord['status'], at: string, detail?: string): NotificationRecord {
  return { ...record, status, updatedAt: at, history: [...record.history, { at, status, ...(detail === undefined ? {} : { detail }) }] };
}

/**
 * Plans and records one notification, in the transaction of the event that caused it:
 * the customer's consented channel (preferred first), the template in their locale, and quiet
 * hours. Due now: notification.requested goes to the channel's connector instance at once.
 * In quiet hours: held until they end (the scheduler releases it). Without consent or an address:
 * suppressed. Without a delivering instance or template: failed. A dedupe key seen before
 * (a repeated event, or a second event announcing the same) records nothing: returns undefined.
 */
export async function requestNotification(
  tx: SqlExecutor,
  emit: Emit,
  spec: NotificationSpec,
  settings: NotificationSettings,
  now: Date,
  correlationId?: string,
): Promise<NotificationRecord | undefined> {
  if (spec.customerId === undefined) return undefined;
  const at = now.toISOString();
  const base: NotificationRecord = {
    id: `ntf-${randomUUID()}`,
    dedupeKey: spec.dedupeKey,
    sourceEventId: spec.sourceEventId,
    kind: spec.kind,
    customerId: spec.customerId,
    variables: {},
    ...(spec.orderId === undefined ? {} : { orderId: spec.orderId }),
    ...(spec.returnId === undefined ? {} : { returnId: spec.returnId }),
    status: 'requested',
    history: [],
    ...(correlationId === undefined ? {} : { correlationId }),
    createdAt: at,
    updatedAt: at,
  };
  const record = await plan(tx, base, spec, settings, now);
  if (!(await insertNotification(tx, record))) return undefined;
  if (record.status === 'requested') await emit(NotificationRequested, { notification: toNotificationV2(record) }, { subject: `notifications/${record.id}` });
  return record;
}

async function plan(tx: SqlExecutor, base: NotificationRecord, spec: NotificationSpec, settings: NotificationSettings, now: Date): Promise<NotificationRecord> {
  const at = now.toISOString();
  const profile = await getCustomerProfile(tx, base.customerId);
  if (profile === undefined) return change({ ...base, suppressedReason: 'missing-contact' }, 'suppressed', at, 'no customer profile');
  const preferences = await getPreferences(tx, base.customerId);
  const choice = chooseChannel(profile, preferences);
  if ('suppressed' in choice) return change({ ...base, suppressedReason: choice.suppressed }, 'suppressed', at, choice.suppressed);
  const locale = preferences.locale ?? settings.defaultLocale;
  const quiet = profile.quietHours ?? settings.defaultQuietHours;
  const instanceId = await deliveryInstance(tx, choice.channel, settings.channelInstances);
  const template = await resolveTemplate(tx, spec.kind, choice.channel, locale, settings.defaultLocale);
  const variables: Record<string, string> = {};
  for (const [name, value] of Object.entries({ firstName: profile.firstName, ...spec.variables })) if (value !== undefined) variables[name] = value;
  for (const [name, money] of Object.entries(spec.amounts ?? {})) variables[name] = formatMoney(money, template?.locale ?? locale);
  for (const [name, iso] of Object.entries(spec.dates ?? {})) if (iso !== undefined) variables[name] = formatDate(iso, template?.locale ?? locale, quiet?.timeZone);
  const planned: NotificationRecord = { ...base, channel: choice.channel, to: choice.to, locale: template?.locale ?? locale, variables, ...(instanceId === undefined ? {} : { instanceId }) };
  if (template === undefined) return change({ ...planned, error: `no ${choice.channel} template for ${spec.kind}` }, 'failed', at, 'no template');
  const rendered: NotificationRecord = {
    ...planned,
    template: template.id,
    body: render(template.body, variables),
    ...(template.subject === undefined ? {} : { subject: render(template.subject, variables) }),
  };
  if (instanceId === undefined) return change({ ...rendered, error: `no connector instance delivers ${choice.channel} notifications` }, 'failed', at, 'no delivering instance');
  const until = quiet === undefined ? undefined : quietUntil(now, quiet);
  if (until !== undefined) return change({ ...rendered, heldUntil: until.toISOString() }, 'held', at, `quiet hours until ${until.toISOString()}`);
  return change(rendered, 'requested', at);
}
