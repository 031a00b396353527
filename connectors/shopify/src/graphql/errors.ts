import { AuthenticationFailure, PermanentFailure, RateLimitedFailure, TransientFailure, type HandlerFailure } from '@omnihub/connector-sdk';
import type { UserError } from './operation.ts';
import { refillMs, type QueryCost } from './throttle.ts';

/** A top-level GraphQL error as Shopify sends it. */
export interface GraphqlError {
  message: string;
  path?: (string | number)[] | undefined;
  extensions?: { code?: string | undefined } & Record<string, unknown>;
}

function describe(errors: readonly GraphqlError[]): string {
  return errors
    .slice(0, 5)
    .map((error) => `${error.message}${error.path === undefined ? '' : ` (at ${error.path.join('.')})`}${error.extensions?.code === undefined ? '' : ` [${error.extensions.code}]`}`)
    .join('; ');
}

/**
 * The failure for a reply with top-level `errors`: THROTTLED is rate-limited (retry once the bucket
 * has refilled the requested points at the restore rate), ACCESS_DENIED an authentication failure
 * (a scope is missing), INTERNAL_SERVER_ERROR transient, anything else (a query the schema
 * refuses, a cost over the single-query limit) permanent.
 */
export function graphqlErrorsFailure(operation: string, errors: readonly GraphqlError[], cost: QueryCost | undefined): HandlerFailure {
  const codes = new Set(errors.map((error) => error.extensions?.code));
  const text = `Shopify refused ${operation}: ${describe(errors)}`;
  if (codes.has('THROTTLED')) {
    const wait = refillMs(cost);
    return new RateLimitedFailure(`Shopify throttled ${operation}: the query-cost bucket needs ${wait} ms to refill`, wait, { code: 'shopify.throttled' });
  }
  if (codes.has('ACCESS_DENIED')) return new AuthenticationFailure(`${text} (the app lacks an access scope)`, { code: 'shopify.access-denied' });
  if (codes.has('INTERNAL_SERVER_ERROR')) return new TransientFailure(text, { code: 'shopify.internal-error' });
  if (codes.has('MAX_COST_EXCEEDED')) return new PermanentFailure(text, { code: 'shopify.max-cost-exceeded' });
  return new PermanentFailure(text, { code: 'shopify.graphql-error' });
}

/**
 * A mutation's `userErrors`: Shopify refused the input (a validation error, a state that does not
 * allow it). Retrying cannot help; the failure names each field path and code.
 */
export class ShopifyUserErrorFailure extends PermanentFailure {
  readonly mutation: string;
  readonly userErrors: readonly UserError[];

  constructor(mutation: string, userErrors: readonly UserError[]) {
    const listed = userErrors.map((error) => `${error.field?.join('.') ?? '(no field)'}: ${error.message}${error.code ? ` (${error.code})` : ''}`).join('; ');
    const first = userErrors.find((error) => typeof error.code === 'string' && error.code !== '')?.code;
    super(`Shopify ${mutation} refused the input: ${listed}`, { code: first === undefined || first === null ? 'shopify.user-error' : `shopify.user-error.${first.toLowerCase()}` });
    this.mutation = mutation;
    this.userErrors = userErrors;
  }
}

/**
 * Throws a {@link ShopifyUserErrorFailure} when `userErrors` is not empty.
 *
 * @example
 * assertNoUserErrors('refundCreate', reply.refundCreate?.userErrors);
 */
export function assertNoUserErrors(mutation: string, userErrors: readonly UserError[] | null | undefined): void {
  if (userErrors !== undefined && userErrors !== null && userErrors.length > 0) throw new ShopifyUserErrorFailure(mutation, userErrors);
}
