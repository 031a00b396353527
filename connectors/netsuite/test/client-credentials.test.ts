import assert from 'node:assert/strict';
import { constants, generateKeyPairSync, verify } from 'node:crypto';
import { afterEach, describe, it } from 'node:test';
import nock from 'nock';
import connector from '../src/index.ts';
import { fixture } from './support/fixtures.ts';
import { NetSuiteDouble } from './support/netsuite-double.ts';
import { netsuiteContext, ORIGIN } from './support/context.ts';

const TOKEN_PATH = '/services/rest/auth/oauth2/v1/token';

function decodeJwt(jwt: string): { header: Record<string, unknown>; payload: Record<string, unknown>; signingInput: string; signature: Buffer } {
  const [header = '', payload = '', signature = ''] = jwt.split('.');
  return { header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>, payload: JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>, signingInput: `${header}.${payload}`, signature: Buffer.from(signature, 'base64url') };
}

describe('netsuite OAuth 2.0 client credentials', () => {
  afterEach(() => nock.cleanAll());

  for (const algorithm of ['PS256', 'ES256'] as const) {
    it(`exchanges a ${algorithm} client assertion for a bearer token, once per token lifetime`, async () => {
      const { privateKey, publicKey } = algorithm === 'PS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
      const token = fixture<{ access_token: string }>('token-response.json');
      const forms: URLSearchParams[] = [];
      nock(ORIGIN)
        .post(TOKEN_PATH, (body: string) => {
          forms.push(new URLSearchParams(body));
          return true;
        })
        .reply(200, token);
      const double = new NetSuiteDouble(ORIGIN, undefined);
      double.bearer = token.access_token;
      double.rows = [];
      const ctx = netsuiteContext({ auth: { method: 'client-credentials', clientId: 'client-7f3e', certificateId: 'cert-2025-04', privateKey: pem, algorithm } });
      await connector.testConnection?.(ctx);
      await connector.testConnection?.(ctx);
      assert.equal(forms.length, 1, 'the token is reused until it nears expiry');
      const form = forms[0];
      assert.ok(form);
      assert.equal(form.get('grant_type'), 'client_credentials');
      assert.equal(form.get('client_assertion_type'), 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
      const jwt = decodeJwt(form.get('client_assertion') ?? '');
      assert.deepEqual(jwt.header, { typ: 'JWT', alg: algorithm, kid: 'cert-2025-04' });
      const now = Math.floor(ctx.clock.now().getTime() / 1000);
      assert.deepEqual(jwt.payload, { iss: 'client-7f3e', scope: 'rest_webservices', aud: `${ORIGIN}${TOKEN_PATH}`, iat: now, exp: now + 300 });
      const valid =
        algorithm === 'PS256'
          ? verify('sha256', Buffer.from(jwt.signingInput), { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }, jwt.signature)
          : verify('sha256', Buffer.from(jwt.signingInput), { key: publicKey, dsaEncoding: 'ieee-p1363' }, jwt.signature);
      assert.equal(valid, true);
      assert.ok(double.seen.every((r) => r.headers['authorization'] === `Bearer ${token.access_token}`));
      assert.doesNotMatch(ctx.logs.text(), /PRIVATE KEY|eyJraWQ/);
    });
  }
});
