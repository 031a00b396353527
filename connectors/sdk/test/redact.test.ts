import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, createRedactor, redactValue, redactingLogger, secretValuesOf } from '@omnihub/connector-sdk';
import { captureLogger } from '@omnihub/connector-sdk/testing';

const SECRET = 'p@ss w/rd+=?';

describe('createRedactor', () => {
  const redact = createRedactor([SECRET, '']);

  it('replaces a secret and its encoded forms', () => {
    for (const form of [
      SECRET,
      encodeURIComponent(SECRET),
      encodeURIComponent(SECRET).toLowerCase(),
      new URLSearchParams({ v: SECRET }).toString().slice(2),
      Buffer.from(SECRET).toString('base64'),
      Buffer.from(SECRET).toString('base64').replace(/=+$/, ''),
      Buffer.from(SECRET).toString('base64url'),
    ]) {
      assert.equal(redact(`before ${form} after`), `before ${REDACTED} after`, form);
    }
  });

  it('censors credential query and form parameters but keeps the others', () => {
    assert.equal(
      redact('GET https://api.example.com/v1/x?sku=A-1&access_token=abc&X-Amz-Signature=f00&password=p&limit=5#top'),
      'GET https://api.example.com/v1/x?sku=A-1&access_token=[redacted]&X-Amz-Signature=[redacted]&password=[redacted]&limit=5#top',
    );
    assert.equal(redact('grant_type=client_credentials&client_secret=s&client_id=c'), 'grant_type=client_credentials&client_secret=[redacted]&client_id=c');
    assert.equal(redact('https://api.keys.example/v1?page=2'), 'https://api.keys.example/v1?page=2');
  });

  it('censors credential headers, auth schemes, URL user-info and sensitive JSON members', () => {
    assert.equal(redact('authorization: Basic dXNlcjpwYXNz\nx-shopify-access-token: shpat_1\naccept: */*'), `authorization: ${REDACTED}\nx-shopify-access-token: ${REDACTED}\naccept: */*`);
    assert.equal(redact('sent Bearer eyJhbGciOi.x.y to the vendor'), `sent Bearer ${REDACTED} to the vendor`);
    assert.equal(redact('https://user:hunter2@ftp.example.com/x'), `https://${REDACTED}@ftp.example.com/x`);
    assert.equal(redact('{"refresh_token":"r1","Cookie":"a=b","name":"x"}'), `{"refresh_token":"${REDACTED}","Cookie":"${REDACTED}","name":"x"}`);
    assert.equal(redact(String.raw`{"body":"{\"apiKey\":\"k1\",\"n\":1}"}`), String.raw`{"body":"{\"apiKey\":\"[redacted]\",\"n\":1}"}`);
  });

  it('leaves ordinary text alone', () => {
    const text = 'GET https://api.example.com/v1/orders?status=open answered 200 in 12 ms';
    assert.equal(redact(text), text);
  });
});

describe('redactValue', () => {
  it('deep-copies with sensitive keys censored and strings redacted', () => {
    const input = { headers: { Authorization: 'Bearer t', 'X-Api-Key': 'k', accept: 'json' }, list: [{ clientSecret: 's', sku: 'A' }], note: `uses ${SECRET}`, count: 3, at: new Date(0), empty: null };
    const out = redactValue(input, createRedactor([SECRET]));
    assert.deepEqual(out, { headers: { Authorization: REDACTED, 'X-Api-Key': REDACTED, accept: 'json' }, list: [{ clientSecret: REDACTED, sku: 'A' }], note: `uses ${REDACTED}`, count: 3, at: new Date(0), empty: null });
    assert.equal(input.headers.Authorization, 'Bearer t');
  });

  it('turns errors, buffers and cycles into loggable values', () => {
    const cyclic: Record<string, unknown> = { name: 'a' };
    cyclic['self'] = cyclic;
    const error = Object.assign(new Error('failed with Bearer abc'), { code: 'E1' });
    assert.deepEqual(redactValue({ error, bytes: Buffer.from('xyz'), cyclic }), {
      error: { name: 'Error', message: `failed with Bearer ${REDACTED}`, code: 'E1' },
      bytes: '[3 bytes]',
      cyclic: { name: 'a', self: '[circular]' },
    });
    const shared = { v: 1 };
    assert.deepEqual(redactValue([shared, shared]), [{ v: 1 }, { v: 1 }]);
  });
});

describe('redactingLogger', () => {
  it('redacts the message and the fields of every line', () => {
    const logs = captureLogger();
    const logger = redactingLogger(logs, createRedactor([SECRET]));
    logger.info({ config: { password: SECRET, shop: 'eu' }, url: `https://x.example/?token=${SECRET}` }, `connected with ${SECRET}`);
    logger.error({}, 'x');
    assert.deepEqual(logs.lines[0], { level: 'info', fields: { config: { password: REDACTED, shop: 'eu' }, url: `https://x.example/?token=${REDACTED}` }, message: `connected with ${REDACTED}` });
    assert.equal(logs.lines[1]?.level, 'error');
    assert.ok(!logs.text().includes(SECRET));
  });
});

describe('secretValuesOf', () => {
  it('collects the values of fields marked x-omnihub-secret, nested and in arrays', () => {
    const schema = {
      type: 'object',
      properties: {
        shop: { type: 'string' },
        accessToken: { type: 'string', 'x-omnihub-secret': true },
        oauth: { type: 'object', properties: { clientId: { type: 'string' }, clientSecret: { type: 'string', 'x-omnihub-secret': true } } },
        webhooks: { type: 'array', items: { type: 'object', properties: { secret: { type: 'string', 'x-omnihub-secret': true } } } },
        pin: { type: 'integer', 'x-omnihub-secret': true },
      },
    };
    const config = { shop: 'acme', accessToken: 'shpat_1', oauth: { clientId: 'id', clientSecret: 'cs' }, webhooks: [{ secret: 'w1' }, { secret: 'w2' }], pin: 1234 };
    assert.deepEqual(secretValuesOf(schema, config), ['shpat_1', 'cs', 'w1', 'w2', '1234']);
    assert.deepEqual(secretValuesOf(schema, {}), []);
  });
});
