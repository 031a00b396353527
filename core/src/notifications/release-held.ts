import type { Emit } from '../customers/outbox-emitter.ts';
import { getCustomerProfile } from '../customers/profiles.ts';
import type { SqlExecutor } from '../store/store.ts';
import { stillConsents } from './delivery-plan.ts';
import { toNotificationV2 } from './notification-document.ts';
import { NotificationRequested } from '../events/catalog.ts';
import { loadNotification, saveNotification, type NotificationRecord } from './notification-store.ts';
import { quietUntil, type QuietHours } from './quiet-hours.ts';

/**
 * Releases one held notification if it is due: consent is checked again (withdrawn: suppressed)
 * and quiet hours too (changed: held longer); otherwise notification.requested goes out now.
 * Returns the notification's new status, or undefined when it was not (or no longer) held and due.
 */
export async function releaseHeld(tx: SqlExecutor, emit: Emit, id: string, now: Date, defaultQuietHours: QuietHours | undefined): Promise<NotificationRecord['status'] | undefined> {
  const record = await loadNotification(tx, id, true);
  if (record?.status !== 'held' || record.heldUntil === undefined || Date.parse(record.heldUntil) > now.getTime() || record.channel === undefined) return undefined;
  const at = now.toISOString();
  const profile = await getCustomerProfile(tx, record.customerId);
  const history = (status: NotificationRecord['status'], detail?: string): NotificationRecord['history'] => [...record.history, { at, status, ...(detail === undefined ? {} : { detail }) }];
  if (!stillConsents(profile, record.channel)) {
    await saveNotification(tx, { ...record, status: 'suppressed', suppressedReason: 'no-consent', updatedAt: at, history: history('suppressed', 'consent withdrawn while held') });
    return 'suppressed';
  }
  const quiet = profile?.quietHours ?? defaultQuietHours;
  const until = quiet === undefined ? undefined : quietUntil(now, quiet);
  if (until !== undefined) {
    await saveNotification(tx, { ...record, heldUntil: until.toISOString(), updatedAt: at, history: history('held', `quiet hours until ${until.toISOString()}`) });
    return 'held';
  }
  const released: NotificationRecord = { ...record, status: 'requested', updatedAt: at, history: history('requested', 'released after quiet hours') };
  const { heldUntil: _done, ...withoutHold } = released;
  await saveNotification(tx, withoutHold);
  await emit(NotificationRequested, { notification: toNotificationV2(withoutHold) }, { subject: `notifications/${record.id}`, ...(record.correlationId === undefined ? {} : { correlationId: record.correlationId }) });
  return 'requested';
}
