import type { MoneyV1 } from '../generated/schema-types.ts';

/** An amount of money as the canonical schemas carry it: a decimal string and an ISO 4217 code. */
export type Money = MoneyV1;

const DECIMAL = /^-?\d+(\.\d+)?$/;

/** A decimal string as a scaled integer: value = units / 10^scale. */
interface Scaled {
  units: bigint;
  scale: number;
}

function parse(amount: string): Scaled {
  if (!DECIMAL.test(amount)) throw new Error(`"${amount}" is not a decimal amount`);
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const units = BigInt(whole + fraction);
  return { units: negative ? -units : units, scale: fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

function format(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const text = scale === 0 ? digits : `${digits.slice(0, digits.length - scale)}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

function sameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new Error(`cannot combine ${a.currency} and ${b.currency} amounts`);
}

/** a + b, exactly, keeping the larger number of decimals. */
export function addMoney(a: Money, b: Money): Money {
  sameCurrency(a, b);
  const x = parse(a.amount);
  const y = parse(b.amount);
  const scale = Math.max(x.scale, y.scale);
  return { amount: format(rescale(x, scale) + rescale(y, scale), scale), currency: a.currency };
}

/** a − b, exactly. */
export function subtractMoney(a: Money, b: Money): Money {
  return addMoney(a, { amount: negate(b.amount), currency: b.currency });
}

function negate(amount: string): string {
  if (amount.startsWith('-')) return amount.slice(1);
  return /^0+(\.0+)?$/.test(amount) ? amount : `-${amount}`;
}

/** amount × a whole number, exactly. */
export function multiplyMoney(a: Money, quantity: number): Money {
  if (!Number.isInteger(quantity)) throw new Error(`cannot multiply money by ${quantity}: a whole number is needed`);
  const x = parse(a.amount);
  return { amount: format(x.units * BigInt(quantity), x.scale), currency: a.currency };
}

/**
 * `percent` % of an amount, rounded half away from zero to the amount's number of decimals
 * (cents stay cents). `percent` may have up to four decimals.
 */
export function percentOf(a: Money, percent: number): Money {
  const x = parse(a.amount);
  const basisPoints = BigInt(Math.round(percent * 10_000));
  const raw = x.units * basisPoints;
  const divisor = 1_000_000n;
  const half = divisor / 2n;
  const rounded = raw >= 0n ? (raw + half) / divisor : -((-raw + half) / divisor);
  return { amount: format(rounded, x.scale), currency: a.currency };
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compareMoney(a: Money, b: Money): number {
  sameCurrency(a, b);
  const x = parse(a.amount);
  const y = parse(b.amount);
  const scale = Math.max(x.scale, y.scale);
  const d = rescale(x, scale) - rescale(y, scale);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Zero in `currency`, with `scale` decimals. */
export function zeroMoney(currency: string, scale = 2): Money {
  return { amount: format(0n, scale), currency };
}

/** The larger of a and zero. */
export function atLeastZero(a: Money): Money {
  return a.amount.startsWith('-') ? zeroMoney(a.currency, parse(a.amount).scale) : a;
}
