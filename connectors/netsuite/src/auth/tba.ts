import { randomBytes } from 'node:crypto';
import { percentEncode } from './percent-encode.ts';
import { hmacSha256Signature, signatureBaseString, signingKey, SIGNATURE_METHOD } from './oauth1-signature.ts';

/** The four token-based authentication credentials and the account they belong to. */
export interface TbaCredentials {
  /** NetSuite account id as the realm, e.g. `1234567` or `1234567_SB1` (upper case, underscore). */
  realm: string;
  consumerKey: string;
  consumerSecret: string;
  tokenId: string;
  tokenSecret: string;
}

/** What makes one signature unique: a fresh nonce and the current Unix time. */
export interface TbaNonce {
  nonce: string;
  /** Unix time in seconds. */
  timestamp: number;
}

/** A signed request's Authorization header, with the base string it signs (for diagnostics and tests). */
export interface TbaSignature {
  authorization: string;
  baseString: string;
  signature: string;
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * A fresh nonce: 20 random alphanumeric characters (NetSuite's own examples use 20; its limit is
 * 6 to 64), so it needs no encoding and never repeats in practice.
 */
export function newNonce(): string {
  const bytes = randomBytes(20);
  return Array.from(bytes, (byte) => NONCE_ALPHABET[byte % NONCE_ALPHABET.length]).join('');
}

/**
 * Signs one request with token-based authentication (OAuth 1.0a, HMAC-SHA256) as NetSuite
 * documents it, and builds the Authorization header in NetSuite's parameter order:
 * `OAuth realm="…", oauth_consumer_key="…", oauth_token="…", oauth_nonce="…", oauth_timestamp="…",
 * oauth_signature_method="HMAC-SHA256", oauth_version="1.0", oauth_signature="…"`, every value
 * percent-encoded. Query parameters of the URL take part in the signature; a JSON body does not.
 *
 * @example
 * const { authorization } = signTbaRequest('GET', url, credentials, { nonce: newNonce(), timestamp: Math.floor(Date.now() / 1000) });
 */
export function signTbaRequest(method: string, url: string, credentials: TbaCredentials, unique: TbaNonce): TbaSignature {
  const oauth = {
    oauth_consumer_key: credentials.consumerKey,
    oauth_token: credentials.tokenId,
    oauth_nonce: unique.nonce,
    oauth_timestamp: String(unique.timestamp),
    oauth_signature_method: SIGNATURE_METHOD,
    oauth_version: '1.0',
  };
  const baseString = signatureBaseString({ method, url, oauthParameters: oauth });
  const signature = hmacSha256Signature(baseString, signingKey(credentials.consumerSecret, credentials.tokenSecret));
  const fields: [string, string][] = [['realm', credentials.realm], ...Object.entries(oauth), ['oauth_signature', signature]];
  const authorization = `OAuth ${fields.map(([name, value]) => `${name}="${percentEncode(value)}"`).join(', ')}`;
  return { authorization, baseString, signature };
}
