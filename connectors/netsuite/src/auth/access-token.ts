import { AuthenticationFailure, type ConnectorContext } from '@omnihub/connector-sdk';
import { tokenEndpoint, type ClientCredentialsAuthConfig, type NetSuiteConfig } from '../config.ts';
import { clientAssertion } from './client-assertion.ts';

/** The token endpoint's answer. */
interface TokenResponse {
  access_token?: unknown;
  expires_in?: unknown;
}

interface CachedToken {
  token: string;
  /** Epoch ms after which the token is not used any more. */
  renewAt: number;
}

/** Tokens by instance and client: one token serves every call of an instance until it nearly expires. */
const tokens = new Map<string, CachedToken>();

/** A token is renewed this long before NetSuite's expiry, so a request never carries an expiring one. */
const RENEW_MARGIN_MS = 60_000;

function cacheKey(ctx: ConnectorContext<NetSuiteConfig>, auth: ClientCredentialsAuthConfig): string {
  return `${ctx.instanceId}\0${ctx.config.accountId}\0${auth.clientId}\0${auth.certificateId}`;
}

/** Forgets the cached token of an instance (after NetSuite refused it). */
export function forgetAccessToken(ctx: ConnectorContext<NetSuiteConfig>, auth: ClientCredentialsAuthConfig): void {
  tokens.delete(cacheKey(ctx, auth));
}

/**
 * An OAuth 2.0 access token from the client credentials flow: `POST …/auth/oauth2/v1/token` with
 * `grant_type=client_credentials`, `client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer`
 * and the signed `client_assertion`. NetSuite issues no refresh token in this flow: a new
 * assertion is exchanged when the token (valid 60 minutes) nears its expiry.
 *
 * @example
 * const token = await accessToken(ctx, ctx.config.auth);
 */
export async function accessToken(ctx: ConnectorContext<NetSuiteConfig>, auth: ClientCredentialsAuthConfig): Promise<string> {
  const key = cacheKey(ctx, auth);
  const now = ctx.clock.now().getTime();
  const cached = tokens.get(key);
  if (cached !== undefined && cached.renewAt > now) return cached.token;
  const audience = tokenEndpoint(ctx.config);
  const assertion = clientAssertion({
    clientId: auth.clientId,
    certificateId: auth.certificateId,
    privateKey: auth.privateKey,
    algorithm: auth.algorithm ?? 'PS256',
    scopes: auth.scopes ?? ['rest_webservices'],
    audience,
    issuedAt: Math.floor(now / 1000),
  });
  const response = await ctx.http.request<TokenResponse>({
    method: 'POST',
    url: audience,
    form: { grant_type: 'client_credentials', client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion },
    // Exchanging the same assertion twice is harmless.
    idempotent: true,
  });
  const token = response.data.access_token;
  if (typeof token !== 'string' || token === '') throw new AuthenticationFailure('NetSuite token endpoint answered without an access_token', { code: 'netsuite.no-access-token' });
  const expiresIn = Number(response.data.expires_in ?? 3600);
  tokens.set(key, { token, renewAt: now + Math.max(0, (Number.isFinite(expiresIn) ? expiresIn : 3600) * 1000 - RENEW_MARGIN_MS) });
  return token;
}
