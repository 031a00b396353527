import { MappingFunctionError, quote } from './function-error.ts';

/**
 * ITU-T E.164 country calling codes of the countries omnihub's retailers sell in most (ISO 3166-1
 * alpha-2 to code). A national number from another country needs its own `+` prefix.
 */
const CALLING_CODES: Readonly<Record<string, string>> = {
  US: '1', CA: '1', PR: '1', MX: '52', BR: '55', AR: '54', CL: '56', CO: '57', PE: '51',
  GB: '44', IE: '353', FR: '33', DE: '49', AT: '43', CH: '41', LI: '423', IT: '39', SM: '378', VA: '379', ES: '34', PT: '351',
  NL: '31', BE: '32', LU: '352', DK: '45', SE: '46', NO: '47', FI: '358', IS: '354', PL: '48', CZ: '420', SK: '421', HU: '36',
  SI: '386', HR: '385', RO: '40', BG: '359', GR: '30', CY: '357', MT: '356', EE: '372', LV: '371', LT: '370', TR: '90', UA: '380',
  RU: '7', KZ: '7', IL: '972', AE: '971', SA: '966', ZA: '27', EG: '20', MA: '212', NG: '234', KE: '254',
  IN: '91', CN: '86', HK: '852', TW: '886', JP: '81', KR: '82', SG: '65', MY: '60', TH: '66', ID: '62', PH: '63', VN: '84',
  AU: '61', NZ: '64',
};

/**
 * The national trunk prefix dialled before a number inside its country, where it is not `0`
 * (North America dials 1; Italy, San Marino and the Vatican keep the leading 0 in E.164; Russia
 * and Kazakhstan dial 8; Hungary 06).
 */
const TRUNK_PREFIX: Readonly<Record<string, string>> = { US: '1', CA: '1', PR: '1', IT: '', SM: '', VA: '', RU: '8', KZ: '8', HU: '06' };

const E164 = /^\+[1-9]\d{1,14}$/;
const PUNCTUATION = /[\s().\-/]/g;

/**
 * `$e164(phone, defaultCountry?)`: a phone number in E.164 (`+4915123456789`). International
 * forms (`+49 151 ...`, `0049 151 ...`) keep their country; a national number (`0151 ...`) takes
 * the calling code of `defaultCountry` (ISO 3166-1 alpha-2) after its trunk prefix is dropped.
 * Text that is not a phone number gives nothing, so an optional phone simply drops out; an
 * unknown `defaultCountry` is an error.
 */
export function e164(phone: unknown, defaultCountry?: unknown): string | undefined {
  if (phone === undefined || phone === null) return undefined;
  if (typeof phone !== 'string' && typeof phone !== 'number') {
    throw new MappingFunctionError('mapping.e164.phone', `$e164: phone ${quote(phone)} is not text`, phone);
  }
  const country = defaultCountry === undefined || defaultCountry === null ? undefined : typeof defaultCountry === 'string' ? defaultCountry.toUpperCase() : JSON.stringify(defaultCountry);
  if (country !== undefined && CALLING_CODES[country] === undefined) {
    throw new MappingFunctionError('mapping.e164.country', `$e164: no calling code known for country ${quote(defaultCountry)}`, defaultCountry);
  }
  const compact = String(phone).trim().replace(PUNCTUATION, '');
  let candidate: string | undefined;
  if (compact.startsWith('+')) candidate = compact;
  else if (compact.startsWith('00')) candidate = `+${compact.slice(2)}`;
  else if (country !== undefined && /^\d+$/.test(compact)) {
    const trunk = TRUNK_PREFIX[country] ?? '0';
    const national = trunk !== '' && compact.startsWith(trunk) ? compact.slice(trunk.length) : compact;
    candidate = `+${CALLING_CODES[country] ?? ''}${national}`;
  }
  return candidate !== undefined && E164.test(candidate) ? candidate : undefined;
}
