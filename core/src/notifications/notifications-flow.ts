import type { Clock } from '@omnihub/connector-sdk';
import type { Logger } from 'pino';
import type { EventBus, Subscription } from '../broker/event-bus.ts';
import { outboxEmitter } from '../customers/outbox-emitter.ts';
import { FulfillmentReadyForPickup, FulfillmentShipped, RefundIssued, ReturnAuthorized, ReturnRefunded } from '../events/catalog.ts';
import type { SchemaRegistry } from '../schema/registry.ts';
import type { Store } from '../store/store.ts';
import { applyDeliveryUpdate, applySent } from './delivery-status.ts';
import { NotificationDeliveryUpdated, NotificationSent, OrderDelayed } from '../events/catalog.ts';
import { dueHeld } from './notification-store.ts';
import type { NotificationChannel, NotificationDeliveryUpdatedV1, NotificationSentV2 } from './notification-types.ts';
import type { QuietHours } from './quiet-hours.ts';
import { releaseHeld } from './release-held.ts';
import { requestNotification, type NotificationSettings } from './request-notification.ts';
import { onDelayed, onReadyForPickup, onRefundIssued, onReturnAuthorized, onReturnRefunded, onShipped, type Trigger } from './triggers.ts';

/** Subscriber name of the notification flow. */
export const NOTIFICATIONS_SUBSCRIBER = 'flow.notifications';

/** CloudEvents source of the notification requests the scheduler releases. */
export const NOTIFICATIONS_SOURCE = '/omnihub/notifications';

const TRIGGERS = new Map<string, Trigger<never>>([
  [FulfillmentShipped.type, onShipped],
  [FulfillmentReadyForPickup.type, onReadyForPickup],
  [OrderDelayed.type, onDelayed],
  [ReturnAuthorized.type, onReturnAuthorized],
  [ReturnRefunded.type, onReturnRefunded],
  [RefundIssued.type, onRefundIssued],
]);

/** Settings of the notification flow. */
export interface NotificationsFlowOptions {
  /** Language when the customer named none (default en). */
  defaultLocale?: string | undefined;
  /** Connector instance per channel (default: the one enabled twilio instance for sms, http instance otherwise). */
  channelInstances?: Partial<Record<NotificationChannel, string>> | undefined;
  /** Quiet hours for customers whose profile has none. */
  defaultQuietHours?: QuietHours | undefined;
  /** How often the scheduler releases held notifications (default 30 s; 0: never, call releaseDue). */
  releaseIntervalMs?: number | undefined;
}

/** Dependencies of the notification flow. */
export interface NotificationsFlowDeps {
  store: Store;
  registry: SchemaRegistry;
  bus: EventBus;
  logger: Logger;
  clock: Clock;
  onQueued: () => void;
  options?: NotificationsFlowOptions | undefined;
}

/** A running notification flow. */
export interface NotificationsFlow {
  /** Releases the held notifications due at `now` (default: the clock's now); returns how many left hold. */
  releaseDue(now?: Date): Promise<{ released: number; suppressed: number; stillHeld: number }>;
  close(): Promise<void>;
}

/** Held notifications released per round; the scheduler loops until none is due. */
const RELEASE_BATCH = 100;

/**
 * Starts proactive notifications: order shipped, ready for pickup, delayed, return authorized and
 * refund issued become notification requests (consent, preferred channel, locale template, quiet
 * hours, once per announcement); the scheduler releases held ones when quiet hours end; the
 * providers' notification.sent and delivery callbacks track each one to delivered or failed.
 */
export async function startNotificationsFlow(deps: NotificationsFlowDeps): Promise<NotificationsFlow> {
  const options = deps.options ?? {};
  const settings: NotificationSettings = {
    defaultLocale: options.defaultLocale ?? 'en',
    channelInstances: options.channelInstances ?? {},
    ...(options.defaultQuietHours === undefined ? {} : { defaultQuietHours: options.defaultQuietHours }),
  };
  const subscription: Subscription = await deps.bus.subscribe({
    name: NOTIFICATIONS_SUBSCRIBER,
    events: [FulfillmentShipped, FulfillmentReadyForPickup, OrderDelayed, ReturnAuthorized, ReturnRefunded, RefundIssued, NotificationSent, NotificationDeliveryUpdated],
    handle: async (event, { tx, emit }) => {
      const now = deps.clock.now();
      if (event.type === NotificationSent.type) {
        await applySent(tx, event.data as NotificationSentV2, now.toISOString());
        return;
      }
      if (event.type === NotificationDeliveryUpdated.type) {
        await applyDeliveryUpdate(tx, event.data as NotificationDeliveryUpdatedV1);
        return;
      }
      const trigger = TRIGGERS.get(event.type) as Trigger<unknown> | undefined;
      const spec = trigger === undefined ? undefined : await trigger(tx, event);
      if (spec === undefined) return;
      const record = await requestNotification(tx, emit, spec, settings, now, event.correlationid);
      if (spec.customerId === undefined) deps.logger.info({ eventType: event.type, dedupeKey: spec.dedupeKey }, 'no known customer to notify');
      else if (record === undefined) deps.logger.debug({ dedupeKey: spec.dedupeKey }, 'announcement notified before');
    },
  });

  const releaseDue = async (now: Date = deps.clock.now()): Promise<{ released: number; suppressed: number; stillHeld: number }> => {
    const counts = { released: 0, suppressed: 0, stillHeld: 0 };
    for (;;) {
      const due = await dueHeld(deps.store, now, RELEASE_BATCH);
      let moved = 0;
      for (const id of due) {
        const status = await deps.store.transaction((tx) => releaseHeld(tx, outboxEmitter(tx, deps.registry, { source: NOTIFICATIONS_SOURCE }), id, now, settings.defaultQuietHours));
        if (status === 'requested') counts.released += 1;
        else if (status === 'suppressed') counts.suppressed += 1;
        else if (status === 'held') counts.stillHeld += 1;
        if (status !== undefined && status !== 'held') moved += 1;
      }
      if (counts.released > 0) deps.onQueued();
      if (due.length < RELEASE_BATCH || moved === 0) return counts;
    }
  };
  const interval = options.releaseIntervalMs ?? 30_000;
  const timer =
    interval > 0
      ? setInterval(() => {
          releaseDue().catch((error: unknown) => deps.logger.warn({ err: error }, 'releasing held notifications failed'));
        }, interval)
      : undefined;
  timer?.unref();
  return {
    releaseDue,
    close: async () => {
      clearInterval(timer);
      await subscription.cancel();
    },
  };
}
