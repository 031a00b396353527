import { toIso } from './dates.ts';
import { gtin } from './gtin.ts';
import { integer } from './integer.ts';
import { money, moneySum, moneyTimes } from './money.ts';
import { e164 } from './phone.ts';
import { translate } from './translate.ts';

/** A function every mapping expression can call, beside JSONata's own. */
export interface MappingFunction {
  /** Name without the `$`. */
  name: string;
  /** How it is called, e.g. `$money(amount, currency)`. */
  usage: string;
  /** What it does, in one sentence. */
  summary: string;
  /** A call and its result. */
  example: string;
  implementation: (...args: unknown[]) => unknown;
}

/**
 * The functions registered on every mapping expression. Each is pure and synchronous, and the
 * same implementation runs under both evaluators (compiled and JSONata's).
 */
export const MAPPING_FUNCTIONS: readonly MappingFunction[] = [
  {
    name: 'money',
    usage: '$money(amount, currency)',
    summary: 'A canonical Money object, the amount exactly at the currency minor unit (ISO 4217).',
    example: '$money("178.9", "EUR") => { "amount": "178.90", "currency": "EUR" }',
    implementation: (amount, currency) => money(amount, currency),
  },
  {
    name: 'moneyTimes',
    usage: '$moneyTimes(money, quantity)',
    summary: 'A Money object multiplied by a quantity, exactly.',
    example: '$moneyTimes({ "amount": "29.95", "currency": "EUR" }, 2) => { "amount": "59.90", "currency": "EUR" }',
    implementation: (value, quantity) => moneyTimes(value, quantity),
  },
  {
    name: 'moneySum',
    usage: '$moneySum(moneys, currency?)',
    summary: 'The exact sum of Money objects of one currency; zero in `currency` when there are none.',
    example: '$moneySum([{ "amount": "59.90", "currency": "EUR" }, { "amount": "129.00", "currency": "EUR" }]) => { "amount": "188.90", "currency": "EUR" }',
    implementation: (values, currency) => moneySum(values, currency),
  },
  {
    name: 'e164',
    usage: '$e164(phone, defaultCountry?)',
    summary: 'A phone number in E.164; national numbers take the calling code of defaultCountry; nothing when it is not a phone number.',
    example: '$e164("0151 234 56789", "DE") => "+4915123456789"',
    implementation: (phone, country) => e164(phone, country),
  },
  {
    name: 'toIso',
    usage: '$toIso(date, defaultOffset?)',
    summary: 'An RFC 3339 timestamp with an explicit offset from an ISO 8601 date, date-time or epoch milliseconds.',
    example: '$toIso("2025-04-14 17:42", "+02:00") => "2025-04-14T17:42:00+02:00"',
    implementation: (date, offset) => toIso(date, offset),
  },
  {
    name: 'gtin',
    usage: '$gtin(value)',
    summary: 'The value when it is a GS1 GTIN-8, -12, -13 or -14 with a valid check digit; nothing otherwise.',
    example: '$gtin("4260708100013") => "4260708100013"',
    implementation: (value) => gtin(value),
  },
  {
    name: 'integer',
    usage: '$integer(value)',
    summary: 'A whole number from a number or text (CSV fields); an error for anything else.',
    example: '$integer(" -12 ") => -12',
    implementation: (value) => integer(value),
  },
  {
    name: 'translate',
    usage: '$translate(table, key, fallback?)',
    summary: 'Looks a code up in a small mapping table; a missing key gives fallback, or an error naming it when no fallback is passed.',
    example: '$translate({ "PICK_UP": "pickup" }, "PICK_UP") => "pickup"',
    implementation: (...args) => translate(...args),
  },
];

export { MappingFunctionError } from './function-error.ts';
