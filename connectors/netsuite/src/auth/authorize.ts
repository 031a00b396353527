import type { ConnectorContext } from '@omnihub/connector-sdk';
import { accountRealm, type NetSuiteConfig } from '../config.ts';
import { accessToken } from './access-token.ts';
import { newNonce, signTbaRequest } from './tba.ts';

/**
 * The Authorization header of one request: a fresh TBA signature (nonce and timestamp per
 * request, the URL's query parameters signed) or the client-credentials bearer token.
 *
 * @example
 * const authorization = await authorizationFor(ctx, 'GET', url);
 */
export async function authorizationFor(ctx: ConnectorContext<NetSuiteConfig>, method: string, url: string): Promise<string> {
  const { auth } = ctx.config;
  if (auth.method === 'client-credentials') return `Bearer ${await accessToken(ctx, auth)}`;
  const credentials = { realm: accountRealm(ctx.config.accountId), consumerKey: auth.consumerKey, consumerSecret: auth.consumerSecret, tokenId: auth.tokenId, tokenSecret: auth.tokenSecret };
  return signTbaRequest(method, url, credentials, { nonce: newNonce(), timestamp: Math.floor(ctx.clock.now().getTime() / 1000) }).authorization;
}
