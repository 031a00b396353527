import type { Money } from '../customers/money.ts';

/** An amount as a customer reads it in their locale, e.g. "29,95 €" in de. */
export function formatMoney(money: Money, locale: string): string {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: money.currency }).format(Number(money.amount));
  } catch {
    return `${money.amount} ${money.currency}`;
  }
}

/** A date as a customer reads it in their locale and time zone, e.g. "12.05.2025" in de. */
export function formatDate(iso: string, locale: string, timeZone: string | undefined): string {
  try {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: timeZone ?? 'UTC' }).format(new Date(iso));
  } catch {
    return iso.slice(0, 10);
  }
}
