const GTIN = /^(?:\d{8}|\d{12,14})$/;

/**
 * `$gtin(value)`: the value when it is a GS1 GTIN (8, 12, 13 or 14 digits whose last digit is the
 * GS1 check digit of the others), nothing otherwise. Vendor "barcode" fields hold GTINs, but also
 * internal codes and typos: only real GTINs reach the canonical `gtin`.
 */
export function gtin(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const digits = value.trim();
  if (!GTIN.test(digits)) return undefined;
  // GS1 check digit: weights 3 and 1 alternate from the digit next to the check digit, leftwards.
  let sum = 0;
  for (let index = digits.length - 2, weight = 3; index >= 0; index -= 1, weight = 4 - weight) sum += (digits.charCodeAt(index) - 48) * weight;
  return (10 - (sum % 10)) % 10 === digits.charCodeAt(digits.length - 1) - 48 ? digits : undefined;
}
