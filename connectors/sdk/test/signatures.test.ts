import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { hmacSha256, isFresh, timingSafeEqualString, verifyHmacSha256 } from '@omnihub/connector-sdk';

const SECRET = 'whsec_8f2d1c';
const BODY = Buffer.from('{"id":"evt_1","type":"order.created","amount":"12.50 €"}', 'utf8');
const expected = (encoding: 'hex' | 'base64'): string => createHmac('sha256', SECRET).update(BODY).digest(encoding);

describe('signatures', () => {
  it('computes HMAC-SHA256 in hex and base64', () => {
    assert.equal(hmacSha256(SECRET, BODY, 'hex'), expected('hex'));
    assert.equal(hmacSha256(SECRET, BODY, 'base64'), expected('base64'));
    assert.equal(hmacSha256(SECRET, BODY.toString('utf8'), 'hex'), expected('hex'));
    assert.equal(hmacSha256(Buffer.from(SECRET), BODY), expected('hex'));
  });

  it('matches the RFC 4231 test case 2 vector', () => {
    assert.equal(hmacSha256('Jefe', 'what do ya want for nothing?', 'hex'), '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('compares strings without throwing, false on any difference or length mismatch', () => {
    assert.equal(timingSafeEqualString('abc', 'abc'), true);
    assert.equal(timingSafeEqualString('abc', 'abd'), false);
    assert.equal(timingSafeEqualString('abc', 'abcd'), false);
    assert.equal(timingSafeEqualString('', ''), true);
    assert.equal(timingSafeEqualString('é', 'e'), false);
    assert.equal(timingSafeEqualString(undefined as unknown as string, 'a'), false);
    assert.equal(timingSafeEqualString(42 as unknown as string, '42'), false);
  });

  it('verifies a valid signature in either encoding', () => {
    assert.deepEqual(verifyHmacSha256({ secret: SECRET, payload: BODY, signature: expected('base64'), encoding: 'base64' }), { ok: true });
    assert.deepEqual(verifyHmacSha256({ secret: SECRET, payload: BODY, signature: expected('hex').toUpperCase(), encoding: 'hex' }), { ok: true });
    assert.deepEqual(verifyHmacSha256({ secret: SECRET, payload: BODY, signature: `sha256=${expected('hex')}`, encoding: 'hex', prefix: 'sha256=' }), { ok: true });
  });

  it('refuses a missing, wrong, truncated or tampered signature with a reason', () => {
    const check = (signature: string | undefined, payload: Buffer = BODY) => verifyHmacSha256({ secret: SECRET, payload, signature, encoding: 'base64' });
    assert.deepEqual(check(undefined), { ok: false, reason: 'signature missing' });
    assert.deepEqual(check('  '), { ok: false, reason: 'signature missing' });
    assert.deepEqual(check(expected('base64').slice(0, -2)), { ok: false, reason: 'signature does not match' });
    assert.deepEqual(check(expected('base64'), Buffer.from(BODY.toString('utf8').replace('12.50', '1250'))), { ok: false, reason: 'signature does not match' });
    assert.deepEqual(verifyHmacSha256({ secret: 'other', payload: BODY, signature: expected('base64'), encoding: 'base64' }), { ok: false, reason: 'signature does not match' });
    assert.equal(verifyHmacSha256({ secret: SECRET, payload: BODY, signature: expected('hex'), encoding: 'hex', prefix: 'sha256=' }).ok, false);
  });

  it('checks freshness both ways within the tolerance', () => {
    const now = new Date('2025-03-01T12:00:00Z');
    const unix = now.getTime() / 1000;
    assert.equal(isFresh(unix - 299, now, 300), true);
    assert.equal(isFresh(unix - 301, now, 300), false);
    assert.equal(isFresh(unix + 60, now, 300), true);
    assert.equal(isFresh(unix + 301, now, 300), false);
    assert.equal(isFresh(String(unix - 10), now, 300), true);
    assert.equal(isFresh('2025-03-01T11:58:00Z', now, 300), true);
    assert.equal(isFresh(new Date('2025-03-01T11:50:00Z'), now, 300), false);
    assert.equal(isFresh('not a time', now, 300), false);
    assert.equal(isFresh('', now, 300), false);
    assert.equal(isFresh(Number.NaN, now, 300), false);
    assert.equal(isFresh(unix - 299, now), true);
  });
});
