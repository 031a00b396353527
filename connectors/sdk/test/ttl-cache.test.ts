import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { perHttpClient, TtlCache } from '@omnihub/connector-sdk';
import { createTestContext } from '@omnihub/connector-sdk/testing';

describe('TtlCache', () => {
  it('keeps an entry until its time-to-live is over, read against the given clock', () => {
    const cache = new TtlCache<string>();
    cache.set('A-1', 'item-1', 1_000, 500);
    assert.equal(cache.get('A-1', 1_499), 'item-1');
    assert.equal(cache.get('A-1', 1_500), undefined);
    assert.equal(cache.size, 0);
  });

  it('keeps nothing for a time-to-live of 0', () => {
    const cache = new TtlCache<string>();
    cache.set('A-1', 'item-1', 1_000, 0);
    assert.equal(cache.get('A-1', 1_000), undefined);
  });

  it('drops the oldest entry when full', () => {
    const cache = new TtlCache<number>(2);
    cache.set('a', 1, 0, 60_000);
    cache.set('b', 2, 0, 60_000);
    cache.set('a', 3, 0, 60_000);
    cache.set('c', 4, 0, 60_000);
    assert.equal(cache.get('b', 1), undefined);
    assert.equal(cache.get('a', 1), 3);
    assert.equal(cache.get('c', 1), 4);
  });
});

describe('perHttpClient', () => {
  it('creates the state once per HTTP client, so instances never share it', () => {
    let created = 0;
    const stateOf = perHttpClient(() => ({ n: ++created }));
    const one = createTestContext({ config: {} });
    const two = createTestContext({ config: {} });
    assert.equal(stateOf(one.http), stateOf(one.http));
    assert.notEqual(stateOf(one.http), stateOf(two.http));
    assert.equal(created, 2);
  });
});
