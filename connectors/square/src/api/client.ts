import { PermanentFailure, TransientFailure, type ConnectorContext, type HttpMethod } from '@omnihub/connector-sdk';
import { API_VERSION, apiOrigin, type SquareConfig } from '../config.ts';
import type { SquareError } from './types.ts';

/** One Square API call. */
export interface SquareCall {
  method: HttpMethod;
  /** Path below the API origin, e.g. `/v2/inventory/changes/batch-create`. */
  path: string;
  body?: unknown;
  /** Safe to resend after a timeout or 5xx: reads, and writes carrying an idempotency_key. */
  idempotent: boolean;
  /** Error statuses whose `errors` the caller inspects itself (they come back as a {@link SquareRefusal}). */
  acceptStatuses?: number[] | undefined;
}

/** A refusal the caller asked to see instead of a thrown failure (see {@link SquareCall.acceptStatuses}). */
export class SquareRefusal {
  readonly status: number;
  readonly errors: readonly SquareError[];

  constructor(status: number, errors: readonly SquareError[]) {
    this.status = status;
    this.errors = errors;
  }
}

/** Square's errors in one line each: `CODE (category) at field: detail`. */
export function describeSquareErrors(errors: readonly SquareError[]): string {
  return errors.map((error) => `${error.code} (${error.category})${error.field === undefined ? '' : ` at ${error.field}`}${error.detail === undefined ? '' : `: ${error.detail}`}`).join('; ');
}

/**
 * Calls the Square API with the token and the pinned Square-Version, and returns the JSON body.
 * HTTP failures come classified by the SDK's client (429 rate-limited with Retry-After, 5xx
 * transient, 401/403 authentication, other 4xx permanent with Square's `errors` quoted); a 2xx
 * body that still carries `errors` is a permanent failure naming each code and field.
 *
 * @example
 * const { order } = await squareRequest<{ order: SquareOrder }>(ctx, { method: 'GET', path: `/v2/orders/${id}`, idempotent: true });
 */
export async function squareRequest<T>(ctx: ConnectorContext<SquareConfig>, call: SquareCall): Promise<T>;
export async function squareRequest<T>(ctx: ConnectorContext<SquareConfig>, call: SquareCall & { acceptStatuses: number[] }): Promise<T | SquareRefusal>;
export async function squareRequest<T>(ctx: ConnectorContext<SquareConfig>, call: SquareCall): Promise<T | SquareRefusal> {
  const response = await ctx.http.request<T & { errors?: SquareError[] }>({
    method: call.method,
    url: `${apiOrigin(ctx.config)}${call.path}`,
    headers: { authorization: `Bearer ${ctx.config.accessToken}`, 'square-version': API_VERSION, accept: 'application/json' },
    ...(call.body === undefined ? {} : { json: call.body }),
    idempotent: call.idempotent,
    ...(call.acceptStatuses === undefined ? {} : { acceptStatuses: call.acceptStatuses }),
  });
  const data = response.data;
  if (response.status >= 400 && call.acceptStatuses?.includes(response.status) === true) {
    return new SquareRefusal(response.status, data !== null && typeof data === 'object' && Array.isArray(data.errors) ? data.errors : []);
  }
  if (data === null || typeof data !== 'object') throw new TransientFailure(`Square answered ${call.method} ${call.path} with HTTP ${response.status} and a body that is not JSON`, { code: 'square.invalid-reply' });
  if (Array.isArray(data.errors) && data.errors.length > 0) {
    throw new PermanentFailure(`Square refused ${call.method} ${call.path}: ${describeSquareErrors(data.errors)}`, { code: `square.${(data.errors[0]?.code ?? 'error').toLowerCase()}` });
  }
  return data;
}
