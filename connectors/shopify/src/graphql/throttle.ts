import { setTimeout as delay } from 'node:timers/promises';
import { perHttpClient, type Clock, type HttpClient } from '@omnihub/connector-sdk';
import type { GraphqlOperation } from './operation.ts';

/** `extensions.cost` of a Shopify GraphQL reply. */
export interface QueryCost {
  requestedQueryCost: number;
  actualQueryCost?: number | null | undefined;
  throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };
}

/**
 * Shopify's leaky bucket of query-cost points for one app and shop, as last reported: what was
 * available at a time, and how fast it refills. It also remembers the requested cost of each
 * operation, so the next call of that operation knows what it will need.
 */
export class CostBucket {
  #status: QueryCost['throttleStatus'] | undefined;
  #reportedAt = 0;
  readonly #requested = new Map<string, number>();

  /** Points available at `nowMs`, projected from the last report (undefined before any report). */
  available(nowMs: number): number | undefined {
    const status = this.#status;
    if (status === undefined) return undefined;
    const refilled = status.currentlyAvailable + (status.restoreRate * Math.max(0, nowMs - this.#reportedAt)) / 1000;
    return Math.min(status.maximumAvailable, refilled);
  }

  /** The cost `operation` is expected to request: its last requested cost, else its estimate. */
  expectedCost(operation: GraphqlOperation<unknown, unknown>): number {
    return this.#requested.get(operation.name) ?? operation.estimatedCost;
  }

  /** How long to wait before `operation` fits in the bucket (0 when it fits or nothing is known yet). */
  waitMs(operation: GraphqlOperation<unknown, unknown>, nowMs: number): number {
    const available = this.available(nowMs);
    const status = this.#status;
    if (available === undefined || status === undefined || status.restoreRate <= 0) return 0;
    const needed = Math.min(this.expectedCost(operation), status.maximumAvailable);
    return available >= needed ? 0 : Math.ceil(((needed - available) / status.restoreRate) * 1000);
  }

  /** Takes in the cost block of a reply. */
  record(operation: GraphqlOperation<unknown, unknown>, cost: QueryCost | undefined, nowMs: number): void {
    if (!isQueryCost(cost)) return;
    this.#status = { ...cost.throttleStatus };
    this.#reportedAt = nowMs;
    this.#requested.set(operation.name, cost.requestedQueryCost);
  }
}

/** True when `value` has the shape of `extensions.cost`. */
export function isQueryCost(value: unknown): value is QueryCost {
  if (value === null || typeof value !== 'object') return false;
  const cost = value as Partial<QueryCost>;
  const status = cost.throttleStatus;
  return (
    typeof cost.requestedQueryCost === 'number' &&
    status !== null &&
    typeof status === 'object' &&
    typeof status.currentlyAvailable === 'number' &&
    typeof status.maximumAvailable === 'number' &&
    typeof status.restoreRate === 'number'
  );
}

/**
 * Milliseconds until `requested` points are available again, from a THROTTLED reply's cost block
 * (at least one second, so a retry never comes back at once).
 */
export function refillMs(cost: QueryCost | undefined): number {
  if (!isQueryCost(cost) || cost.throttleStatus.restoreRate <= 0) return 1000;
  const missing = Math.max(0, cost.requestedQueryCost - cost.throttleStatus.currentlyAvailable);
  return Math.max(1000, Math.ceil((missing / cost.throttleStatus.restoreRate) * 1000));
}

// One bucket per HTTP client: the runtime keeps one client per instance (one app on one shop),
// and a test context gets a fresh client, so buckets never leak between instances or tests.
/** The cost bucket of the instance that owns `http`. */
export const bucketOf: (http: HttpClient) => CostBucket = perHttpClient(() => new CostBucket());

/**
 * Waits `ms`: on the clock's own `sleep` when it has one (the SDK's test clock, whose sleep moves
 * virtual time), otherwise on a timer.
 */
export async function pause(clock: Clock, ms: number): Promise<void> {
  const sleep = (clock as { sleep?: unknown }).sleep;
  if (typeof sleep === 'function') await (sleep as (ms: number) => Promise<void>).call(clock, ms);
  else await delay(ms);
}
