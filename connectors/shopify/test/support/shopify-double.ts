import { executeSync, getOperationAST, OperationTypeNode, type ExecutionResult } from 'graphql';
import nock from 'nock';
import { API_VERSION } from '../../src/config.ts';
import { mutationRoot, queryRoot, type EffectCounter } from './shopify-resolvers.ts';
import { adminSchema, checkDocument } from './shopify-schema.ts';
import { emptyShop, type ShopState } from './shopify-state.ts';

/** One request the double received. */
export interface ShopifyRequest {
  operationName: string | undefined;
  query: string;
  variables: Record<string, unknown>;
  accessToken: string | undefined;
}

/** Shopify's throttle status as the double reports it in `extensions.cost`. */
export interface ThrottleStatus {
  maximumAvailable: number;
  currentlyAvailable: number;
  restoreRate: number;
}

/** What the double answers: a status, a body and headers. */
type Reply = [number, unknown, Record<string, string>?];

/** The path of the Admin GraphQL endpoint. */
export const GRAPHQL_PATH = `/admin/api/${API_VERSION}/graphql.json`;

/** Settings of {@link startShopifyDouble}. */
export interface ShopifyDoubleOptions {
  shop: string;
  /** The access token the double accepts (any other gets Shopify's 401). */
  accessToken: string;
  state?: ShopState | undefined;
  /** Requested cost per operation name (default 10). */
  costs?: Record<string, number> | undefined;
}

/**
 * A fake Shopify Admin GraphQL API on the shop's real origin, through nock. Every request is
 * parsed and validated against the 2025-01 schema first, as Shopify does; a document the schema
 * refuses is answered with Shopify's errors and remembered in `invalidDocuments`. Valid documents
 * are executed by graphql-js over the fake shop's state, so replies carry exactly the selected
 * fields, and mutations check their input like Shopify and answer `userErrors`. Every reply carries
 * `extensions.cost`. Tests can force an HTTP answer, queue a THROTTLED reply, or set the bucket.
 */
export class ShopifyDouble {
  readonly origin: string;
  readonly state: ShopState;
  readonly requests: ShopifyRequest[] = [];
  /** Documents the schema refused (must stay empty: the connector only sends valid documents). */
  readonly invalidDocuments: { query: string; errors: string[] }[] = [];
  /** Execution errors (a fake-shop resolver broke a non-null field): a bug in the double's data. */
  readonly executionErrors: string[] = [];
  readonly counter: EffectCounter;
  throttle: ThrottleStatus = { maximumAvailable: 2000, currentlyAvailable: 2000, restoreRate: 100 };
  /** When set, the bucket stays where tests put it; otherwise each reply reports it full less the cost. */
  fixedThrottle = false;
  readonly #options: ShopifyDoubleOptions;
  readonly #scripted: { operation: string | undefined; reply: Reply }[] = [];
  /** Called with the operation name before each request is answered (to change the shop in between). */
  beforeAnswer: ((operationName: string | undefined) => void) | undefined;
  #forced: Reply | undefined;
  #interceptor: nock.Interceptor | undefined;
  #ids = 900_000;

  constructor(options: ShopifyDoubleOptions) {
    this.#options = options;
    this.origin = `https://${options.shop}.myshopify.com`;
    this.state = options.state ?? emptyShop();
    this.counter = { effects: 0, nextId: () => (this.#ids += 1), now: () => new Date().toISOString() };
  }

  /** Starts intercepting the shop's GraphQL endpoint. */
  start(): this {
    const interceptor = nock(this.origin).persist().post(GRAPHQL_PATH);
    const answer = (body: string, headers: Headers): Reply => this.#answer(body, headers);
    // nock 15 hands the reply function the fetch Request of the call.
    interceptor.reply(async (request: Request) => {
      const [status, replyBody, headers] = answer(await request.text(), request.headers);
      return [status, replyBody as nock.Body, headers ?? {}];
    });
    this.#interceptor = interceptor;
    return this;
  }

  /** Stops intercepting. */
  stop(): void {
    if (this.#interceptor !== undefined) nock.removeInterceptor(this.#interceptor);
    this.#interceptor = undefined;
  }

  /** Answers every request with this HTTP status, body and headers until {@link reset}. */
  respondWith(status: number, headers: Record<string, string> = {}, body?: unknown): void {
    this.#forced = [status, body ?? '', headers];
  }

  /** Back to normal answers. */
  reset(): void {
    this.#forced = undefined;
  }

  /** Answers the next request with a THROTTLED error, as Shopify does when the bucket is empty. */
  throttleNext(requestedQueryCost: number, status: ThrottleStatus, operation?: string): void {
    this.#scripted.push({
      operation,
      reply: [
        200,
        {
          errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }],
          extensions: { cost: { requestedQueryCost, actualQueryCost: null, throttleStatus: status } },
        },
      ],
    });
  }

  /** Answers the next request (of `operation`, when given) with this body (HTTP 200). */
  replyNext(body: unknown, operation?: string): void {
    this.#scripted.push({ operation, reply: [200, body] });
  }

  /** Answers the next request of `operation` with this HTTP status (and body). */
  failNext(operation: string, status: number, body: unknown = '', headers: Record<string, string> = {}): void {
    this.#scripted.push({ operation, reply: [status, body, headers] });
  }

  /** Writes applied so far. */
  effects(): number {
    return this.counter.effects;
  }

  /** Operation names received, in order. */
  operations(): (string | undefined)[] {
    return this.requests.map((request) => request.operationName);
  }

  #answer(raw: string, headers: Headers): Reply {
    const body = JSON.parse(raw) as { query?: string; variables?: Record<string, unknown>; operationName?: string };
    const token = headers.get('x-shopify-access-token') ?? undefined;
    this.requests.push({ operationName: body.operationName, query: body.query ?? '', variables: body.variables ?? {}, accessToken: token });
    if (this.#forced !== undefined) return this.#forced;
    this.beforeAnswer?.(body.operationName);
    if (token !== this.#options.accessToken) return [401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' }];
    const checked = checkDocument(body.query ?? '');
    if (checked.document === undefined || checked.errors.length > 0) {
      this.invalidDocuments.push({ query: body.query ?? '', errors: checked.errors.map((error) => error.message) });
      return [200, { errors: checked.errors.map((error) => ({ message: error.message, locations: error.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } })) }];
    }
    const index = this.#scripted.findIndex((entry) => entry.operation === undefined || entry.operation === body.operationName);
    if (index >= 0) return this.#scripted.splice(index, 1)[0]?.reply ?? [500, ''];
    const operation = getOperationAST(checked.document, body.operationName);
    const root = operation?.operation === OperationTypeNode.MUTATION ? mutationRoot(this.state, this.counter) : queryRoot(this.state);
    const result: ExecutionResult = executeSync({ schema: adminSchema(), document: checked.document, rootValue: root, variableValues: body.variables ?? {}, operationName: body.operationName ?? null });
    if (result.errors !== undefined) this.executionErrors.push(...result.errors.map((error) => `${body.operationName ?? '?'}: ${error.message} at ${error.path?.join('.') ?? ''}`));
    const cost = this.#options.costs?.[body.operationName ?? ''] ?? 10;
    if (!this.fixedThrottle) this.throttle = { ...this.throttle, currentlyAvailable: this.throttle.maximumAvailable - cost };
    return [200, { ...result, extensions: { cost: { requestedQueryCost: cost, actualQueryCost: cost, throttleStatus: { ...this.throttle } } } }];
  }
}

/**
 * Starts a {@link ShopifyDouble}.
 *
 * @example
 * const shop = startShopifyDouble({ shop: 'acme-eu', accessToken: 'shpat_test_0001', state });
 * // … run the connector …
 * assert.deepEqual(shop.invalidDocuments, []);
 * shop.stop();
 */
export function startShopifyDouble(options: ShopifyDoubleOptions): ShopifyDouble {
  return new ShopifyDouble(options).start();
}
