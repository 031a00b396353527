import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { AuthenticationFailure, PermanentFailure, RateLimitedFailure, TransientFailure } from '@omnihub/connector-sdk';
import { shopifyGraphql } from '../src/graphql/client.ts';
import { Ping } from '../src/graphql/queries.ts';
import { shopifyTest, stopShops, TEST_CONFIG } from './support/context.ts';
import type { ShopifyDouble } from './support/shopify-double.ts';

describe('shopify GraphQL client: query cost, throttling and errors', () => {
  let shop: ShopifyDouble | undefined;
  afterEach(() => stopShops('documents'));

  it('sends the access token header and the operation to the 2025-01 endpoint, and never logs the token', async () => {
    const test = shopifyTest();
    shop = test.shop;
    const data = await shopifyGraphql(test.ctx, Ping, {});
    assert.deepEqual(data.locations.nodes, [{ id: 'gid://shopify/Location/1001', name: 'Berlin Mitte' }]);
    assert.equal(shop.requests[0]?.accessToken, TEST_CONFIG.accessToken);
    assert.equal(shop.requests[0]?.operationName, 'OmnihubPing');
    assert.doesNotMatch(test.ctx.logs.text(), /shpat_test_token_0001/);
  });

  it('waits until the bucket reported by extensions.cost holds the points the operation requested last time', async () => {
    const test = shopifyTest({ double: { costs: { OmnihubPing: 200 } } });
    shop = test.shop;
    shop.fixedThrottle = true;
    shop.throttle = { maximumAvailable: 1000, currentlyAvailable: 50, restoreRate: 50 };
    await shopifyGraphql(test.ctx, Ping, {});
    assert.deepEqual(test.ctx.clock.sleeps, [], 'nothing is known before the first reply');
    await shopifyGraphql(test.ctx, Ping, {});
    // 150 points missing at 50 points per second.
    assert.deepEqual(test.ctx.clock.sleeps, [3000]);
    assert.equal(shop.requests.length, 2);
  });

  it('counts the refill since the last reply before waiting', async () => {
    const test = shopifyTest({ double: { costs: { OmnihubPing: 200 } } });
    shop = test.shop;
    shop.fixedThrottle = true;
    shop.throttle = { maximumAvailable: 1000, currentlyAvailable: 50, restoreRate: 50 };
    await shopifyGraphql(test.ctx, Ping, {});
    test.ctx.clock.advance(2000);
    await shopifyGraphql(test.ctx, Ping, {});
    assert.deepEqual(test.ctx.clock.sleeps, [1000]);
  });

  it('hands a wait longer than maxThrottleWaitMs back to the hub as rate-limited, without sending', async () => {
    const test = shopifyTest({ config: { maxThrottleWaitMs: 1000 }, double: { costs: { OmnihubPing: 200 } } });
    shop = test.shop;
    shop.fixedThrottle = true;
    shop.throttle = { maximumAvailable: 1000, currentlyAvailable: 50, restoreRate: 50 };
    await shopifyGraphql(test.ctx, Ping, {});
    await assert.rejects(shopifyGraphql(test.ctx, Ping, {}), (error: unknown) => error instanceof RateLimitedFailure && error.retryAfterMs === 3000 && error.code === 'shopify.throttled');
    assert.equal(shop.requests.length, 1);
  });

  it('turns a THROTTLED reply into rate-limited, retrying once the requested points have refilled at the restore rate', async () => {
    const test = shopifyTest();
    shop = test.shop;
    shop.throttleNext(302, { maximumAvailable: 1000, currentlyAvailable: 2, restoreRate: 50 });
    await assert.rejects(shopifyGraphql(test.ctx, Ping, {}), (error: unknown) => error instanceof RateLimitedFailure && error.retryAfterMs === 6000);
    // The bucket and the requested cost it reported are remembered: a call made at once waits for the refill.
    await shopifyGraphql(test.ctx, Ping, {});
    assert.deepEqual(test.ctx.clock.sleeps, [6000]);
  });

  it('classifies ACCESS_DENIED as authentication, INTERNAL_SERVER_ERROR as transient, other errors as permanent', async () => {
    const test = shopifyTest();
    shop = test.shop;
    shop.replyNext({ errors: [{ message: 'Access denied for locations field. Required access: `read_locations` access scope.', extensions: { code: 'ACCESS_DENIED' } }] });
    await assert.rejects(shopifyGraphql(test.ctx, Ping, {}), (error: unknown) => error instanceof AuthenticationFailure && /read_locations/.test(error.message));
    shop.replyNext({ errors: [{ message: 'Internal error. Looks like something went wrong on our end.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'abc' } }] });
    await assert.rejects(shopifyGraphql(test.ctx, Ping, {}), TransientFailure);
    shop.replyNext({ errors: [{ message: 'Query cost is 1250, which exceeds the single query max cost limit (1000).', extensions: { code: 'MAX_COST_EXCEEDED', cost: 1250, maxCost: 1000 } }] });
    await assert.rejects(shopifyGraphql(test.ctx, Ping, {}), (error: unknown) => error instanceof PermanentFailure && error.code === 'shopify.max-cost-exceeded');
  });

  it('leaves HTTP failures to the SDK client: a wrong token is authentication, 429 waits Retry-After, 5xx is retried then transient', async () => {
    const wrong = shopifyTest({ config: { accessToken: 'shpat_wrong_token_99' }, double: { accessToken: 'shpat_test_token_0001' } });
    shop = wrong.shop;
    await assert.rejects(shopifyGraphql(wrong.ctx, Ping, {}), AuthenticationFailure);
    assert.doesNotMatch(wrong.ctx.logs.text(), /shpat_wrong_token_99/);
    shop.stop();

    const test = shopifyTest();
    shop = test.shop;
    shop.respondWith(429, { 'retry-after': '40' }, { errors: 'Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service.' });
    await assert.rejects(shopifyGraphql(test.ctx, Ping, {}), (error: unknown) => error instanceof RateLimitedFailure && error.retryAfterMs === 40_000);
    shop.respondWith(503, {}, 'Service Unavailable');
    await assert.rejects(shopifyGraphql(test.ctx, Ping, {}), TransientFailure);
    assert.equal(shop.requests.length, 1 + 4, 'a query is safe to resend: three retries after the first 503');
    shop.reset();
  });
});
