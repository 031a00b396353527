import { createPrivateKey, sign, constants } from 'node:crypto';

/** Input of {@link clientAssertion}. */
export interface ClientAssertionInput {
  clientId: string;
  certificateId: string;
  privateKey: string;
  algorithm: 'PS256' | 'ES256';
  scopes: readonly string[];
  /** The token endpoint (the JWT's audience). */
  audience: string;
  /** Issue time, Unix seconds. */
  issuedAt: number;
}

/** How long an assertion is valid: NetSuite requires exp less than 60 minutes after iat. */
export const ASSERTION_LIFETIME_SECONDS = 300;

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * The signed JWT NetSuite's client credentials flow expects as `client_assertion`: header
 * `{ typ: JWT, alg, kid: certificate id }`, payload `{ iss: client id, scope, aud: token endpoint,
 * iat, exp }` (scopes comma-separated), signed with the certificate's private key (RSA-PSS with
 * SHA-256 for PS256, ECDSA P-256 with SHA-256 for ES256).
 *
 * @example
 * const jwt = clientAssertion({ clientId, certificateId, privateKey, algorithm: 'PS256', scopes: ['rest_webservices'], audience: tokenUrl, issuedAt: 1735689600 });
 */
export function clientAssertion(input: ClientAssertionInput): string {
  const header = { typ: 'JWT', alg: input.algorithm, kid: input.certificateId };
  const payload = { iss: input.clientId, scope: input.scopes.join(','), aud: input.audience, iat: input.issuedAt, exp: input.issuedAt + ASSERTION_LIFETIME_SECONDS };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const key = createPrivateKey(input.privateKey);
  const signature =
    input.algorithm === 'PS256'
      ? sign('sha256', Buffer.from(signingInput), { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 })
      : sign('sha256', Buffer.from(signingInput), { key, dsaEncoding: 'ieee-p1363' });
  return `${signingInput}.${base64url(signature)}`;
}
