import { createHmac } from 'node:crypto';
import { percentEncode } from './percent-encode.ts';

/** The signature method NetSuite accepts (HMAC-SHA1 support ended with 2023.1). */
export const SIGNATURE_METHOD = 'HMAC-SHA256';

/** One request parameter that takes part in the signature (name and value, not yet encoded). */
export type SignatureParameter = readonly [name: string, value: string];

/**
 * The base string URI of RFC 5849 section 3.4.1.2: scheme and host in lower case, the port only
 * when it is not the scheme's default, the path, no query and no fragment.
 *
 * @example
 * baseStringUri('https://123456.SuiteTalk.api.netsuite.com:443/services/rest/record/v1/salesOrder?limit=5');
 * // 'https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/salesOrder'
 */
export function baseStringUri(url: string): string {
  const parsed = new URL(url);
  // URL already lower-cases scheme and host and drops a default port.
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

/** The query parameters of `url`, decoded, in the order they appear. */
export function queryParameters(url: string): SignatureParameter[] {
  return [...new URL(url).searchParams.entries()];
}

/**
 * Request parameter normalization of RFC 5849 section 3.4.1.3.2: each name and value
 * percent-encoded, pairs sorted by encoded name then encoded value (ascending byte order), joined
 * as `name=value` with `&`.
 */
export function normalizeParameters(parameters: readonly SignatureParameter[]): string {
  const encoded = parameters.map(([name, value]) => [percentEncode(name), percentEncode(value)] as const);
  encoded.sort(([nameA, valueA], [nameB, valueB]) => compareBytes(nameA, nameB) || compareBytes(valueA, valueB));
  return encoded.map(([name, value]) => `${name}=${value}`).join('&');
}

function compareBytes(a: string, b: string): number {
  // Encoded strings are ASCII, so code-unit order is byte order.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Input of {@link signatureBaseString}. */
export interface BaseStringInput {
  method: string;
  /** The full request URL; its query parameters take part in the signature. */
  url: string;
  /**
   * The `oauth_*` protocol parameters (without `realm` and `oauth_signature`, which never take
   * part) and any other parameters of the Authorization header.
   */
  oauthParameters: Readonly<Record<string, string>>;
  /** Parameters of an `application/x-www-form-urlencoded` body; JSON bodies take no part. */
  formParameters?: readonly SignatureParameter[] | undefined;
}

/**
 * The signature base string: `METHOD&encoded(base string URI)&encoded(normalized parameters)`,
 * where the parameters are those of the query, the form body and the Authorization header
 * (excluding `realm` and `oauth_signature`).
 *
 * @example
 * signatureBaseString({ method: 'GET', url: 'https://123456.suitetalk.api.netsuite.com/services/rest/record/v1/employee/40', oauthParameters: { oauth_consumer_key: 'ck', oauth_nonce: 'n', oauth_signature_method: 'HMAC-SHA256', oauth_timestamp: '1508242306', oauth_token: 'tk', oauth_version: '1.0' } });
 */
export function signatureBaseString(input: BaseStringInput): string {
  const oauth = Object.entries(input.oauthParameters).filter(([name]) => name !== 'realm' && name !== 'oauth_signature');
  const parameters = [...queryParameters(input.url), ...(input.formParameters ?? []), ...oauth];
  return [input.method.toUpperCase(), percentEncode(baseStringUri(input.url)), percentEncode(normalizeParameters(parameters))].join('&');
}

/**
 * The HMAC-SHA256 signing key: the percent-encoded consumer secret and token secret joined by
 * `&` (the token secret is empty before an access token exists).
 */
export function signingKey(consumerSecret: string, tokenSecret = ''): string {
  return `${percentEncode(consumerSecret)}&${percentEncode(tokenSecret)}`;
}

/**
 * The `oauth_signature` value before header encoding: base64 of HMAC-SHA256(key, base string).
 *
 * @example
 * hmacSha256Signature(baseString, signingKey(consumerSecret, tokenSecret));
 */
export function hmacSha256Signature(baseString: string, key: string): string {
  return createHmac('sha256', key).update(baseString, 'utf8').digest('base64');
}
