import { RateLimitedFailure, headerValue, type ConnectorContext } from '@omnihub/connector-sdk';
import type { HubSpotConfig } from './config.ts';

/** What HubSpot's last answer said about the budget of an instance. */
interface Budget {
  /** Epoch ms before which no request is sent. */
  blockedUntil: number;
  reason: string;
}

const budgets = new Map<string, Budget>();

/** When the daily budget is spent: HubSpot resets it at midnight of the account's time zone, which the API does not tell; look again after 15 minutes. */
const DAILY_RECHECK_MS = 15 * 60_000;

/**
 * Reads HubSpot's rate-limit headers (`X-HubSpot-RateLimit-Remaining` with
 * `X-HubSpot-RateLimit-Interval-Milliseconds`, and `X-HubSpot-RateLimit-Daily-Remaining`): when a
 * window's budget is spent, the instance sends nothing until the window has passed.
 */
export function noteRateLimit(ctx: ConnectorContext<HubSpotConfig>, headers: Record<string, string>): void {
  const now = ctx.clock.now().getTime();
  const remaining = headerValue(headers, 'x-hubspot-ratelimit-remaining');
  const interval = Number(headerValue(headers, 'x-hubspot-ratelimit-interval-milliseconds') ?? 10_000);
  const daily = headerValue(headers, 'x-hubspot-ratelimit-daily-remaining');
  if (daily !== undefined && Number(daily) <= 0) budgets.set(ctx.instanceId, { blockedUntil: now + DAILY_RECHECK_MS, reason: 'daily' });
  else if (remaining !== undefined && Number(remaining) <= 0) budgets.set(ctx.instanceId, { blockedUntil: now + (Number.isFinite(interval) ? interval : 10_000), reason: 'interval' });
  else budgets.delete(ctx.instanceId);
}

/** Throws a RateLimitedFailure (the hub waits and retries) while the instance's budget is spent. */
export function checkRateLimit(ctx: ConnectorContext<HubSpotConfig>): void {
  const budget = budgets.get(ctx.instanceId);
  if (budget === undefined) return;
  const wait = budget.blockedUntil - ctx.clock.now().getTime();
  if (wait <= 0) {
    budgets.delete(ctx.instanceId);
    return;
  }
  throw new RateLimitedFailure(`HubSpot ${budget.reason} rate limit spent (X-HubSpot-RateLimit headers): waiting ${wait} ms`, wait, { code: 'hubspot.rate-limit-spent' });
}
