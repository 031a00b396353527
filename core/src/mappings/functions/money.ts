import { addDecimals, formatDecimal, multiplyDecimals, parseDecimal, rescale, type Decimal } from './decimal.ts';
import { MappingFunctionError, quote } from './function-error.ts';

/** A canonical Money value: a decimal string and an ISO 4217 code. */
export interface Money {
  amount: string;
  currency: string;
}

/**
 * ISO 4217 currencies whose minor unit is not 2 digits (ISO 4217 list one, 2024 edition);
 * every other code uses 2.
 */
const MINOR_UNITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

const CURRENCY = /^[A-Z]{3}$/;

/** Digits after the decimal point of `currency` (ISO 4217 minor unit). */
export function minorUnits(currency: string): number {
  return MINOR_UNITS[currency] ?? 2;
}

function checkCurrency(fn: string, currency: unknown): string {
  if (typeof currency !== 'string' || !CURRENCY.test(currency)) {
    throw new MappingFunctionError(`mapping.${fn}.currency`, `$${fn}: currency ${quote(currency)} is not an ISO 4217 code such as EUR`, currency);
  }
  return currency;
}

function decimalOf(fn: string, what: string, value: unknown): Decimal {
  const decimal = parseDecimal(value);
  if (decimal === undefined) throw new MappingFunctionError(`mapping.${fn}.${what}`, `$${fn}: ${what} ${quote(value)} is not a decimal number`, value);
  return decimal;
}

function moneyFrom(decimal: Decimal, currency: string): Money {
  return { amount: formatDecimal(rescale(decimal, minorUnits(currency))), currency };
}

const PLAIN_AMOUNT = /^(0|[1-9]\d{0,14})(?:\.(\d+))?$/;

/**
 * The common case without big-integer arithmetic: a non-negative amount (text without leading
 * zeros, or a whole number) that needs no rounding is only padded with zeros.
 */
function plainAmount(amount: unknown, digits: number): string | undefined {
  if (typeof amount === 'number') {
    if (!Number.isSafeInteger(amount) || amount < 0) return undefined;
    return digits === 0 ? String(amount) : `${String(amount)}.${'0'.repeat(digits)}`;
  }
  if (typeof amount !== 'string') return undefined;
  const match = PLAIN_AMOUNT.exec(amount);
  if (match === null) return undefined;
  const fraction = match[2] ?? '';
  if (fraction.length > digits) return undefined;
  const whole = match[1] ?? '0';
  return digits === 0 ? whole : `${whole}.${fraction.padEnd(digits, '0')}`;
}

function moneyArgument(fn: string, value: unknown): { decimal: Decimal; currency: string } {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new MappingFunctionError(`mapping.${fn}.money`, `$${fn}: ${quote(value)} is not a money object { amount, currency }`, value);
  }
  const money = value as Record<string, unknown>;
  return { decimal: decimalOf(fn, 'amount', money['amount']), currency: checkCurrency(fn, money['currency']) };
}

/**
 * `$money(amount, currency)`: a Money object with the amount at the currency's minor unit,
 * exactly (`$money("178.9", "EUR")` is `{ "amount": "178.90", "currency": "EUR" }`,
 * `$money(1200, "JPY")` is `"1200"`). Nothing when the amount is missing; an error when the
 * amount is not a number or the currency not an ISO 4217 code.
 */
export function money(amount: unknown, currency: unknown): Money | undefined {
  if (amount === undefined || amount === null) return undefined;
  const code = checkCurrency('money', currency);
  const plain = plainAmount(amount, minorUnits(code));
  return plain === undefined ? moneyFrom(decimalOf('money', 'amount', amount), code) : { amount: plain, currency: code };
}

/** Units of a plain amount at the currency minor unit, when it is one and stays a safe integer. */
function plainUnits(amount: unknown, digits: number): number | undefined {
  const text = plainAmount(amount, digits);
  if (text === undefined) return undefined;
  const units = Number(text.replace('.', ''));
  return Number.isSafeInteger(units) ? units : undefined;
}

function formatUnits(units: number, digits: number): string {
  const negative = units < 0;
  const text = String(Math.abs(units)).padStart(digits + 1, '0');
  const formatted = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return negative && units !== 0 ? `-${formatted}` : formatted;
}

/** `$moneyTimes(money, quantity)`: the money multiplied by a quantity, exactly. Nothing when the money is missing. */
export function moneyTimes(value: unknown, quantity: unknown): Money | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value) && Number.isSafeInteger(quantity)) {
    const { amount, currency } = value as Record<string, unknown>;
    if (typeof currency === 'string' && CURRENCY.test(currency)) {
      const digits = minorUnits(currency);
      const units = plainUnits(amount, digits);
      const product = units === undefined ? undefined : units * (quantity as number);
      if (product !== undefined && Number.isSafeInteger(product)) return { amount: formatUnits(product, digits), currency };
    }
  }
  const { decimal, currency } = moneyArgument('moneyTimes', value);
  return moneyFrom(multiplyDecimals(decimal, decimalOf('moneyTimes', 'quantity', quantity)), currency);
}

/** The sum without big-integer arithmetic, when every item is a plain amount of one currency and the total stays a safe integer. */
function sumPlain(list: readonly unknown[], currency: string | undefined): Money | undefined {
  const first = list[0];
  const code = currency ?? (first !== null && typeof first === 'object' ? (first as Record<string, unknown>)['currency'] : undefined);
  if (typeof code !== 'string' || !CURRENCY.test(code)) return undefined;
  const digits = minorUnits(code);
  let total = 0;
  for (const item of list) {
    if (item === null || typeof item !== 'object' || Array.isArray(item) || (item as Record<string, unknown>)['currency'] !== code) return undefined;
    const units = plainUnits((item as Record<string, unknown>)['amount'], digits);
    if (units === undefined) return undefined;
    total += units;
  }
  return Number.isSafeInteger(total) ? { amount: formatUnits(total, digits), currency: code } : undefined;
}

/**
 * `$moneySum(moneys, currency?)`: the exact sum of money objects, all in one currency. With no
 * money (an empty list, or nothing) it is zero in `currency`, or nothing when no currency is given.
 */
export function moneySum(values: unknown, currency?: unknown): Money | undefined {
  const list = values === undefined || values === null ? [] : Array.isArray(values) ? (values as unknown[]) : [values];
  const code = currency === undefined ? undefined : checkCurrency('moneySum', currency);
  if (list.length === 0) return code === undefined ? undefined : moneyFrom({ units: 0n, scale: 0 }, code);
  const fast = sumPlain(list, code);
  if (fast !== undefined) return fast;
  const parts = list.map((item) => moneyArgument('moneySum', item));
  const sumCurrency = code ?? (parts[0] as { currency: string }).currency;
  const foreign = parts.find((part) => part.currency !== sumCurrency);
  if (foreign !== undefined) {
    throw new MappingFunctionError('mapping.moneySum.currency', `$moneySum: cannot add ${foreign.currency} to ${sumCurrency}`, foreign.currency);
  }
  return moneyFrom(addDecimals(parts.map((part) => part.decimal)), sumCurrency);
}
