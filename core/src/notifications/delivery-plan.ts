import type { CustomerProfile } from '../customers/profiles.ts';
import type { CustomerPreferences } from '../customers/preferences.ts';
import type { SqlExecutor } from '../store/store.ts';
import { NOTIFICATION_CHANNELS, type NotificationChannel } from './notification-types.ts';

/** A channel and address to notify on, or why there is none. */
export type ChannelChoice = { channel: NotificationChannel; to: string } | { suppressed: 'no-consent' | 'missing-contact' };

function addressOn(profile: CustomerProfile, channel: NotificationChannel): string | undefined {
  return channel === 'email' ? profile.email : profile.phone;
}

/**
 * The channel to notify a customer on: their preferred channel when they consented to it and
 * the hub has an address for it, else the first consented channel with an address (sms, email,
 * voice). Consent must be given explicitly: a channel without a consent record is not used.
 */
export function chooseChannel(profile: CustomerProfile, preferences: CustomerPreferences): ChannelChoice {
  const order = preferences.channel === undefined ? NOTIFICATION_CHANNELS : [preferences.channel, ...NOTIFICATION_CHANNELS.filter((c) => c !== preferences.channel)];
  let consented = false;
  for (const channel of order) {
    if (profile.consent?.[channel]?.granted !== true) continue;
    consented = true;
    const to = addressOn(profile, channel);
    if (to !== undefined) return { channel, to };
  }
  return { suppressed: consented ? 'missing-contact' : 'no-consent' };
}

/** Whether the customer still consents to `channel` (consent may be withdrawn while a notification is held). */
export function stillConsents(profile: CustomerProfile | undefined, channel: NotificationChannel): boolean {
  return profile?.consent?.[channel]?.granted === true;
}

/** Connector delivering each channel when the flow names no instance: SMS through Twilio, the rest through the generic http connector. */
export const CHANNEL_CONNECTORS: Readonly<Record<NotificationChannel, string>> = { sms: 'twilio', email: 'http', voice: 'http' };

/**
 * The connector instance that delivers a channel: the flow's setting, else the one enabled
 * instance of the channel's connector. Undefined when there is none (or several to choose from).
 */
export async function deliveryInstance(db: SqlExecutor, channel: NotificationChannel, configured: Partial<Record<NotificationChannel, string>>): Promise<string | undefined> {
  const named = configured[channel];
  if (named !== undefined) return named;
  const { rows } = await db.query<{ id: string }>("select id from connector_instances where connector_id = $1 and state = 'enabled' order by id limit 2", [CHANNEL_CONNECTORS[channel]]);
  return rows.length === 1 ? rows[0]?.id : undefined;
}
