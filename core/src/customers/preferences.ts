import type { SqlExecutor } from '../store/store.ts';

/** How a customer wants to be notified. */
export interface CustomerPreferences {
  /** BCP 47 language tag, e.g. de or de-AT. */
  locale?: string | undefined;
  /** Preferred notification channel. */
  channel?: 'sms' | 'email' | 'voice' | undefined;
}

/** A customer's notification preferences ({} when none were set). */
export async function getPreferences(db: SqlExecutor, customerId: string): Promise<CustomerPreferences> {
  const { rows } = await db.query<{ locale: string | null; channel: CustomerPreferences['channel'] | null }>('select locale, channel from customer_preferences where customer_id = $1', [customerId]);
  const row = rows[0];
  if (row === undefined) return {};
  return { ...(row.locale === null ? {} : { locale: row.locale }), ...(row.channel === null ? {} : { channel: row.channel }) };
}

/** Sets a customer's notification preferences (absent fields are cleared). */
export async function setPreferences(db: SqlExecutor, customerId: string, preferences: CustomerPreferences): Promise<CustomerPreferences> {
  await db.query(
    `insert into customer_preferences (customer_id, locale, channel) values ($1, $2, $3)
     on conflict (customer_id) do update set locale = excluded.locale, channel = excluded.channel, updated_at = now()`,
    [customerId, preferences.locale ?? null, preferences.channel ?? null],
  );
  return getPreferences(db, customerId);
}
