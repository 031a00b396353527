import { HubError, type FieldError } from '../errors/hub-error.ts';
import type { OrderV1 } from '../generated/schema-types.ts';
import { dailyLoad } from '../routing/daily-load.ts';
import type { RoutingOutcome } from '../routing/engine-types.ts';
import { requireProfile } from '../routing/profile-store.ts';
import type { ProfileRef } from '../routing/profile-types.ts';
import { simulateRouting, type SimulatedProfile, type SimulationReport } from '../routing/simulate.ts';
import type { SqlExecutor } from '../store/store.ts';
import type { OrderFlowDeps } from './dispatch.ts';
import { orderRuleErrors } from './order-rules.ts';
import { getOrder } from './order-store.ts';

/** What to simulate: orders given inline and/or stored ones by id, against up to two profile versions. */
export interface SimulationInput {
  /** Profile versions to compare (any status, drafts included); none: the active profiles as each order selects them. */
  profiles: readonly ProfileRef[];
  orders?: readonly unknown[] | undefined;
  orderIds?: readonly string[] | undefined;
  /** Return every decision beside the reports. */
  includeDecisions?: boolean | undefined;
}

/** One report per profile, with the decisions when asked for. */
export interface SimulationOutput {
  reports: SimulationReport[];
  decisions?: { profile: string; outcomes: RoutingOutcome[] }[] | undefined;
}

/** Most orders one simulation takes (the CLI sends bigger files in several requests). */
export const MAX_SIMULATED_ORDERS = 1000;

/**
 * Simulates routing (a dry run: nothing reserved, requested or stored) for a batch of orders
 * against the current stock and today's load, once per profile version, each run from the same
 * starting point; see {@link simulateRouting}. Inline orders must be canonical orders (v1); every
 * order must meet the order rules (see {@link orderRuleErrors}).
 */
export async function simulateOrders(db: SqlExecutor, deps: OrderFlowDeps, input: SimulationInput): Promise<SimulationOutput> {
  const errors: FieldError[] = [];
  const orders: OrderV1[] = [];
  (input.orders ?? []).forEach((order, index) => {
    const result = deps.registry.validate({ name: 'order', version: 1 }, order);
    if (!result.valid) errors.push(...result.errors.map((e) => ({ ...e, path: `/orders/${index}${e.path}` })));
    else {
      const broken = orderRuleErrors(order as OrderV1, `/orders/${index}`);
      if (broken.length === 0) orders.push(order as OrderV1);
      else errors.push(...broken);
    }
  });
  for (const [index, id] of (input.orderIds ?? []).entries()) {
    const stored = await getOrder(db, id);
    if (stored === undefined) {
      errors.push({ path: `/orderIds/${index}`, message: `no order ${id}`, keyword: 'exists' });
      continue;
    }
    const broken = orderRuleErrors(stored.order);
    if (broken.length > 0) errors.push({ path: `/orderIds/${index}`, message: `order ${id} breaks the order rules: ${broken.map((e) => `${e.path} ${e.message}`).join('; ')}`, keyword: 'orderRules' });
    else orders.push(stored.order);
  }
  if (errors.length > 0) throw new HubError('validation-failed', { detail: 'some orders cannot be simulated', errors });
  if (orders.length === 0) throw new HubError('validation-failed', { detail: 'give orders or orderIds to simulate', errors: [{ path: '/orders', message: 'no orders to simulate', keyword: 'minItems' }] });
  if (orders.length > MAX_SIMULATED_ORDERS) {
    throw new HubError('validation-failed', { detail: `at most ${MAX_SIMULATED_ORDERS} orders per simulation`, errors: [{ path: '/orders', message: `must have at most ${MAX_SIMULATED_ORDERS} orders`, keyword: 'maxItems' }] });
  }
  const runs: SimulatedProfile[] =
    input.profiles.length === 0
      ? [{ kind: 'active', profiles: await deps.catalog.profiles(db) }]
      : await Promise.all(input.profiles.map(async (ref) => ({ kind: 'version' as const, profile: await requireProfile(db, ref.id, ref.version) })));
  const now = deps.clock?.() ?? new Date();
  const locations = await deps.catalog.locations(db);
  const skus = [...new Set(orders.flatMap((order) => order.lines.map((line) => line.sku)))];
  const world = {
    locations,
    stock: await deps.stock.available(db, skus, locations.map((location) => location.id)),
    load: await dailyLoad(db, locations, now),
    decidedAt: now.toISOString(),
  };
  const results = runs.map((run) => simulateRouting(orders, run, world));
  return {
    reports: results.map((result) => result.report),
    ...(input.includeDecisions === true ? { decisions: results.map((result) => ({ profile: result.report.profile, outcomes: result.outcomes })) } : {}),
  };
}
