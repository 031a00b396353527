import { RateLimitedFailure, TransientFailure, type ConnectorContext } from '@omnihub/connector-sdk';
import { DEFAULTS, graphqlEndpoint, type ShopifyConfig } from '../config.ts';
import { graphqlErrorsFailure, type GraphqlError } from './errors.ts';
import type { GraphqlOperation } from './operation.ts';
import { bucketOf, pause, type QueryCost } from './throttle.ts';

/** The body of a GraphQL reply. */
interface GraphqlReply<Data> {
  data?: Data | null;
  errors?: GraphqlError[];
  extensions?: { cost?: QueryCost } & Record<string, unknown>;
}

/**
 * Sends one operation to the store's Admin API and returns its `data`.
 *
 * Before sending, it waits until Shopify's query-cost bucket (as the last reply reported it, refilled
 * at the restore rate since) holds the points this operation requested last time; a wait longer
 * than `maxThrottleWaitMs` is handed back to the hub as a {@link RateLimitedFailure}. Transport
 * failures come classified from the SDK's HTTP client; top-level GraphQL errors become failures
 * too (THROTTLED rate-limited, ACCESS_DENIED authentication, others permanent). `userErrors` of
 * mutations are the caller's to check.
 *
 * @example
 * const data = await shopifyGraphql(ctx, InventoryItemSku, { id: 'gid://shopify/InventoryItem/1' });
 */
export async function shopifyGraphql<Data, Variables>(ctx: ConnectorContext<ShopifyConfig>, operation: GraphqlOperation<Data, Variables>, variables: Variables): Promise<Data> {
  const bucket = bucketOf(ctx.http);
  const op = operation as GraphqlOperation<unknown, unknown>;
  const wait = bucket.waitMs(op, ctx.clock.now().getTime());
  if (wait > 0) {
    const limit = ctx.config.maxThrottleWaitMs ?? DEFAULTS.maxThrottleWaitMs;
    if (wait > limit) {
      throw new RateLimitedFailure(`Shopify's query-cost bucket lacks the ${bucket.expectedCost(op)} points ${operation.name} needs for ${wait} ms more`, wait, { code: 'shopify.throttled' });
    }
    ctx.logger.debug({ operation: operation.name, waitMs: wait, cost: bucket.expectedCost(op) }, 'waiting for the Shopify query-cost bucket to refill');
    await pause(ctx.clock, wait);
  }
  const response = await ctx.http.request<GraphqlReply<Data>>({
    method: 'POST',
    url: graphqlEndpoint(ctx.config),
    headers: { 'x-shopify-access-token': ctx.config.accessToken, accept: 'application/json' },
    json: { query: operation.document, variables, operationName: operation.name },
    idempotent: operation.retrySafe,
  });
  const reply = response.data;
  if (reply === null || typeof reply !== 'object') {
    throw new TransientFailure(`Shopify answered ${operation.name} with HTTP ${response.status} and a body that is not GraphQL JSON`, { code: 'shopify.invalid-reply' });
  }
  const cost = reply.extensions?.cost;
  bucket.record(op, cost, ctx.clock.now().getTime());
  if (Array.isArray(reply.errors) && reply.errors.length > 0) throw graphqlErrorsFailure(operation.name, reply.errors, cost);
  if (reply.data === undefined || reply.data === null) {
    throw new TransientFailure(`Shopify answered ${operation.name} without data or errors`, { code: 'shopify.invalid-reply' });
  }
  return reply.data;
}
