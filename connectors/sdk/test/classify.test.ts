import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  AuthenticationFailure,
  DEFAULT_RATE_LIMIT_WAIT_MS,
  PermanentFailure,
  RateLimitedFailure,
  TransientFailure,
  backoffDelay,
  classifyHttpStatus,
  classifyNetworkError,
  createRedactor,
  isIdempotent,
  parseRetryAfter,
} from '@omnihub/connector-sdk';

const NOW = new Date('2025-03-01T12:00:00Z');

describe('classifyHttpStatus', () => {
  it('returns nothing below 400', () => {
    for (const status of [200, 201, 204, 301, 304]) assert.equal(classifyHttpStatus(status, {}, ''), undefined);
  });

  it('maps each status to the failure class and code that decides what the hub does', () => {
    const cases: [number, new (...args: never[]) => Error, string][] = [
      [400, PermanentFailure, 'permanent'],
      [401, AuthenticationFailure, 'authentication'],
      [403, AuthenticationFailure, 'authentication'],
      [404, PermanentFailure, 'permanent'],
      [408, TransientFailure, 'transient'],
      [409, PermanentFailure, 'permanent'],
      [422, PermanentFailure, 'permanent'],
      [429, RateLimitedFailure, 'rate-limited'],
      [500, TransientFailure, 'transient'],
      [502, TransientFailure, 'transient'],
      [503, TransientFailure, 'transient'],
      [504, TransientFailure, 'transient'],
    ];
    for (const [status, kind, label] of cases) {
      const failure = classifyHttpStatus(status, {}, '');
      assert.ok(failure instanceof kind, `${status} → ${kind.name}`);
      assert.equal(failure.kind, label);
      assert.equal(failure.code, `vendor.http.${status}`);
    }
  });

  it('reads Retry-After on 429 in either form, with a default when absent', () => {
    const seconds = classifyHttpStatus(429, { 'Retry-After': '7' }, '', { now: NOW });
    assert.ok(seconds instanceof RateLimitedFailure);
    assert.equal(seconds.retryAfterMs, 7000);
    const date = classifyHttpStatus(429, { 'retry-after': new Date(NOW.getTime() + 90_000).toUTCString() }, '', { now: NOW });
    assert.ok(date instanceof RateLimitedFailure);
    assert.equal(date.retryAfterMs, 90_000);
    const absent = classifyHttpStatus(429, {}, '');
    assert.ok(absent instanceof RateLimitedFailure);
    assert.equal(absent.retryAfterMs, DEFAULT_RATE_LIMIT_WAIT_MS);
  });

  it('quotes the vendor body, redacted, in the message with the request', () => {
    const failure = classifyHttpStatus(422, {}, { errors: [{ detail: 'Invalid location_id' }], token: 'abc' }, { method: 'POST', url: 'https://api.example.com/v2/x?sig=zzz', redact: createRedactor(['zzz']) });
    assert.ok(failure instanceof PermanentFailure);
    assert.equal(failure.message, 'POST https://api.example.com/v2/x?sig=[redacted] answered 422: {"errors":[{"detail":"Invalid location_id"}],"token":"[redacted]"}');
    assert.equal(classifyHttpStatus(500, {}, '   ')?.message, 'vendor answered 500');
  });

  it('classifies network errors and timeouts as transient', () => {
    const network = classifyNetworkError('ECONNRESET', 'socket hang up', false, { method: 'GET', url: 'https://api.example.com/x' });
    assert.equal(network.code, 'vendor.network');
    assert.match(network.message, /GET https:\/\/api\.example\.com\/x failed: ECONNRESET \(socket hang up\)/);
    const timeout = classifyNetworkError('ETIMEDOUT', 'no answer within 10000 ms', true);
    assert.equal(timeout.code, 'vendor.timeout');
    assert.equal(timeout.kind, 'transient');
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    assert.equal(parseRetryAfter('120', NOW), 120_000);
    assert.equal(parseRetryAfter(' 0 ', NOW), 0);
    assert.equal(parseRetryAfter('1.5', NOW), 1500);
  });

  it('reads an HTTP date relative to now, never negative', () => {
    assert.equal(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', NOW), 30_000);
    assert.equal(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', NOW), 0);
  });

  it('ignores absent or unreadable values', () => {
    for (const value of [undefined, '', 'soon', '-5', 'Mon, 99 Foo 2025', '1e3']) assert.equal(parseRetryAfter(value, NOW), undefined, String(value));
  });
});

describe('retry policy', () => {
  it('treats GET, PUT, DELETE and keyed or flagged requests as idempotent', () => {
    assert.equal(isIdempotent({ method: 'GET', url: 'x' }), true);
    assert.equal(isIdempotent({ method: 'PUT', url: 'x' }), true);
    assert.equal(isIdempotent({ method: 'DELETE', url: 'x' }), true);
    assert.equal(isIdempotent({ method: 'POST', url: 'x' }), false);
    assert.equal(isIdempotent({ method: 'PATCH', url: 'x' }), false);
    assert.equal(isIdempotent({ method: 'POST', url: 'x', headers: { 'Idempotency-Key': 'k' } }), true);
    assert.equal(isIdempotent({ method: 'POST', url: 'x', idempotent: true }), true);
    assert.equal(isIdempotent({ method: 'GET', url: 'x', idempotent: false }), false);
  });

  it('draws full-jitter delays under an exponential, capped ceiling', () => {
    const options = { minRetryDelayMs: 100, maxRetryDelayMs: 1000 };
    assert.deepEqual([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, { ...options, random: () => 0.999_999 })), [100, 200, 400, 800, 1000]);
    assert.deepEqual([1, 2, 3].map((retry) => backoffDelay(retry, { ...options, random: () => 0 })), [0, 0, 0]);
  });
});
