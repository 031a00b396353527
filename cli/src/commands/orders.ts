import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseLocationsFile, parseProfileFile, parseProfileRef } from '@omnihub/core';
import type { components } from '@omnihub/openapi';
import { CliError, EXIT_USAGE } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';
import { Progress, progressSink } from '../progress.ts';

type Schemas = components['schemas'];
type OrderView = Schemas['OrderView'];
type RoutingProfile = Schemas['RoutingProfile'];
type SimulationReport = Schemas['SimulationReport'];
type ExplainedDecision = Schemas['ExplainedDecision'];

/**
 * Orders per simulation request: the most the hub takes in one (halved when the hub finds a
 * request too large). Only orders simulated in one request see each other's use of stock and
 * capacity.
 */
const SIMULATION_BATCH = 1000;
/** Candidates explained in detail by `routing explain` unless `--all`. */
const EXPLAINED_CANDIDATES = 8;

function usage(message: string): CliError {
  return new CliError(message, { exitCode: EXIT_USAGE });
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `id@version`, or a usage error naming the flag. */
function profileRef(flag: string, text: string): { id: string; version: number } {
  const ref = parseProfileRef(text);
  if (ref === undefined) throw usage(`${flag} takes <profile id>@<version>, such as de-standard@4, not "${text}"`);
  return ref;
}

const percent = (share: number): string => `${(share * 100).toFixed(1)}%`;
const score = (value: number): string => (value < 0 ? 'x' : value.toFixed(2));
const path = (...parts: string[]): string => `/${parts.map(encodeURIComponent).join('/')}`;

// ---------------------------------------------------------------- orders

function printOrder(context: CommandContext, view: OrderView): void {
  const { order } = view;
  const units = (lines: readonly { quantity: number }[]) => lines.reduce((sum, line) => sum + line.quantity, 0);
  context.output.out(
    [
      `Order        ${order.id} from ${order.channel} (${view.source})`,
      `Status       ${view.status} (customer sees ${view.customerStatus}), ${order.deliveryMethod}${order.pickupLocationId === undefined ? '' : ` at ${order.pickupLocationId}`}`,
      `Lines        ${order.lines.length}, ${units(order.lines)} units${view.cancelledLineIds.length === 0 ? '' : `; cancelled ${view.cancelledLineIds.join(', ')}`}`,
      `Routing      ${view.routingAttempts} decision${view.routingAttempts === 1 ? '' : 's'}${Object.keys(view.excludedLocations).length === 0 ? '' : `; ruled out ${Object.entries(view.excludedLocations).map(([id, why]) => `${id} (${why})`).join(', ')}`} (omnihub routing explain ${order.id})`,
    ].join('\n'),
  );
  context.output.out('\nLines:');
  context.output.out(table(['LINE', 'SKU', 'QTY', 'TITLE'], order.lines.map((line) => [line.lineId, line.sku, line.quantity, line.title])));
  context.output.out('\nFulfillments:');
  context.output.out(
    view.fulfillments.length === 0
      ? '  (none)'
      : table(
          ['ID', 'LOCATION', 'STATUS', 'METHOD', 'LINES', 'ACCEPT BY'],
          view.fulfillments.map((f) => [f.id, f.locationId, f.rejectionReason === undefined ? f.status : `${f.status} (${f.rejectionReason})`, f.deliveryMethod, f.lines.map((l) => `${l.lineId}×${l.quantity}`).join(' '), f.acceptBy ?? '']),
        ),
  );
  context.output.out('\nHistory:');
  context.output.out(table(['AT', 'EVENT', 'STATUS', 'DETAIL'], view.statusHistory.map((h) => [h.at, h.event, h.status, h.detail ?? ''])));
}

function registerOrderCommands(program: Command, context: () => CommandContext): void {
  const orders = program.command('orders').description('show, route again and cancel orders');
  orders
    .command('show <orderId>')
    .description('show an order: status, lines, fulfillments and history')
    .action(async (orderId: string) => {
      const ctx = context();
      const view = await ctx.client.request<OrderView>('GET', path('v1', 'orders', orderId));
      if (ctx.json) ctx.output.out(json(view));
      else printOrder(ctx, view);
    });
  orders
    .command('route <orderId>')
    .description('route an order on hold or unfillable again, with the active profiles and current stock')
    .action(async (orderId: string) => {
      const ctx = context();
      const view = await ctx.client.request<OrderView>('POST', path('v1', 'orders', orderId, 'route'), undefined, { 'idempotency-key': `orders-route-${randomUUID()}` });
      const last = view.statusHistory.at(-1);
      ctx.output.out(ctx.json ? json(view) : `order ${orderId} is ${view.status}${last?.detail === undefined ? '' : `: ${last.detail}`}`);
    });
  orders
    .command('cancel <orderId>')
    .description('cancel an order: release its stock and withdraw its fulfillment requests')
    .requiredOption('--reason <reason>', 'customer-request, out-of-stock, payment-declined, fraud, unroutable or other')
    .option('--detail <text>', 'free text for the history')
    .action(async (orderId: string, options: { reason: string; detail?: string }) => {
      const ctx = context();
      const body = { reason: options.reason, ...(options.detail === undefined ? {} : { detail: options.detail }) };
      const view = await ctx.client.request<OrderView>('POST', path('v1', 'orders', orderId, 'cancel'), body, { 'idempotency-key': `orders-cancel-${randomUUID()}` });
      ctx.output.out(ctx.json ? json(view) : `order ${orderId} is ${view.status}`);
    });
}

// ---------------------------------------------------------------- locations

function registerLocationCommands(program: Command, context: () => CommandContext): void {
  const locations = program.command('locations').description('list, show and apply locations (stores, warehouses, DCs)');
  locations
    .command('list')
    .description('list locations')
    .option('--type <type>', 'store, warehouse, distribution-center, dark-store or drop-ship')
    .option('--status <status>', 'open, paused or closed')
    .option('--group <group>', 'only this location group')
    .action(async (options: { type?: string; status?: string; group?: string }) => {
      const ctx = context();
      const query = new URLSearchParams(Object.entries(options).filter((entry): entry is [string, string] => typeof entry[1] === 'string')).toString();
      const list = await ctx.client.request<Schemas['LocationList']>('GET', `/v1/locations${query === '' ? '' : `?${query}`}`);
      if (ctx.json) {
        ctx.output.out(json(list));
        return;
      }
      if (list.items.length === 0) {
        ctx.output.out('no locations match');
        return;
      }
      ctx.output.out(
        table(
          ['ID', 'NAME', 'TYPE', 'STATUS', 'CAPABILITIES', 'CAPACITY', 'GROUPS'],
          list.items.map(({ location: l }) => [l.id, l.name, l.type, l.status, l.capabilities.join(','), l.dailyCapacity ?? '-', (l.groups ?? []).join(',')]),
        ),
      );
    });
  locations
    .command('show <locationId>')
    .description('show one location')
    .action(async (locationId: string) => {
      const ctx = context();
      const stored = await ctx.client.request<Schemas['StoredLocation']>('GET', path('v1', 'locations', locationId));
      if (ctx.json) {
        ctx.output.out(json(stored));
        return;
      }
      const l = stored.location;
      ctx.output.out(
        [
          `Location     ${l.id}: ${l.name} (revision ${stored.revision}, ${stored.updatedAt})`,
          `Type         ${l.type}, ${l.status}${l.gln === undefined ? '' : `, GLN ${l.gln}`}`,
          `Capabilities ${l.capabilities.join(', ') || '-'}`,
          `Capacity     ${l.dailyCapacity === undefined ? 'unlimited' : `${l.dailyCapacity} fulfillments a day`}${l.timeZone === undefined ? '' : ` (${l.timeZone})`}`,
          `Geo          ${l.geo === undefined ? '-' : `${l.geo.lat}, ${l.geo.lon}`}`,
          `Groups       ${(l.groups ?? []).join(', ') || '-'}`,
        ].join('\n'),
      );
    });
  locations
    .command('apply <file>')
    .description('apply a locations file (YAML or JSON) kept as code: shows the plan, then applies it')
    .option('--prune', 'close stored locations the file does not list')
    .option('--dry-run', 'show the plan only')
    .action(async (file: string, options: { prune?: boolean; dryRun?: boolean }) => {
      const ctx = context();
      let entries: unknown[];
      try {
        entries = parseLocationsFile(await readText(file), file);
      } catch (error: unknown) {
        if (error instanceof CliError) throw error;
        throw new CliError(error instanceof Error ? error.message : String(error));
      }
      const body = { locations: entries, prune: options.prune === true, dryRun: options.dryRun === true };
      // One key per run: a retried request of this run is answered once; a later run plans afresh.
      const plan = await ctx.client.request<Schemas['LocationPlan']>('POST', '/v1/locations/apply', body, { 'idempotency-key': `locations-apply-${randomUUID()}` });
      if (ctx.json) {
        ctx.output.out(json(plan));
        return;
      }
      const changed = plan.changes.filter((c) => c.action !== 'unchanged');
      if (changed.length > 0) ctx.output.out(table(['ACTION', 'LOCATION', 'FIELDS'], changed.map((c) => [c.action, c.id, (c.fields ?? []).join(', ')])));
      const { create, update, unchanged, close } = plan.summary;
      ctx.output.out(
        plan.dryRun
          ? `Plan: ${create} to create, ${update} to update, ${close} to close, ${unchanged} unchanged (dry run: nothing changed)`
          : `Applied: ${create} created, ${update} updated, ${close} closed, ${unchanged} unchanged`,
      );
    });
}

// ---------------------------------------------------------------- routing profiles

function describeCriteria(profile: RoutingProfile): string {
  return profile.definition.criteria.map((c) => c.type).join(' > ');
}

function registerProfileCommands(routing: Command, context: () => CommandContext): void {
  const profiles = routing.command('profiles').description('routing profiles: versioned, immutable once active');
  profiles
    .command('list')
    .description('list every profile version')
    .action(async () => {
      const ctx = context();
      const list = await ctx.client.request<Schemas['RoutingProfileList']>('GET', '/v1/routing/profiles');
      if (ctx.json) {
        ctx.output.out(json(list));
        return;
      }
      ctx.output.out(
        table(
          ['PROFILE', 'STATUS', 'PRIORITY', 'CRITERIA', 'MAX SHIPMENTS', 'COMMENT'],
          list.items.map((p) => [`${p.id}@${p.version}`, p.status, p.definition.priority, describeCriteria(p), p.definition.split.maxShipments, p.comment ?? '']),
        ),
      );
    });
  profiles
    .command('show <profile>')
    .description('show a profile version (<id>@<version>), or every version of a profile (<id>)')
    .action(async (text: string) => {
      const ctx = context();
      if (!text.includes('@')) {
        const list = await ctx.client.request<Schemas['RoutingProfileList']>('GET', path('v1', 'routing', 'profiles', text));
        if (ctx.json) ctx.output.out(json(list));
        else ctx.output.out(table(['VERSION', 'STATUS', 'CREATED', 'ACTIVATED', 'COMMENT'], list.items.map((p) => [p.version, p.status, p.createdAt, p.activatedAt ?? '', p.comment ?? ''])));
        return;
      }
      const ref = profileRef('profile', text);
      const profile = await ctx.client.request<RoutingProfile>('GET', path('v1', 'routing', 'profiles', ref.id, 'versions', String(ref.version)));
      if (ctx.json) {
        ctx.output.out(json(profile));
        return;
      }
      ctx.output.out(`Profile      ${profile.id}@${profile.version} (${profile.status}), priority ${profile.definition.priority}${profile.comment === undefined ? '' : `: ${profile.comment}`}`);
      ctx.output.out(json(profile.definition));
    });
  profiles
    .command('create <file>')
    .description('create a draft version from a profile file (YAML or JSON with id, comment, definition)')
    .action(async (file: string) => {
      const ctx = context();
      let parsed: ReturnType<typeof parseProfileFile>;
      try {
        parsed = parseProfileFile(await readText(file), file);
      } catch (error: unknown) {
        if (error instanceof CliError) throw error;
        throw new CliError(error instanceof Error ? error.message : String(error));
      }
      const created = await ctx.client.request<RoutingProfile>('POST', '/v1/routing/profiles', parsed);
      ctx.output.out(ctx.json ? json(created) : `created ${created.id}@${created.version} (draft); simulate it, then: omnihub routing profiles activate ${created.id}@${created.version}`);
    });
  for (const [verb, description] of [
    ['activate', 'make a version the active one of its profile (the previous one becomes inactive)'],
    ['deactivate', 'retire the active version of a profile'],
  ] as const) {
    profiles
      .command(`${verb} <profile>`)
      .description(`${description}; <profile> is <id>@<version>`)
      .action(async (text: string) => {
        const ctx = context();
        const ref = profileRef('profile', text);
        const answer = await ctx.client.request<Schemas['ProfileActivation'] | RoutingProfile>('POST', path('v1', 'routing', 'profiles', ref.id, 'versions', String(ref.version), verb));
        if (ctx.json) ctx.output.out(json(answer));
        else if ('activated' in answer) {
          const held = answer.heldOrders;
          const routed = held === undefined || held.routed + held.failed === 0 ? '' : `; ${held.routed} held order${held.routed === 1 ? '' : 's'} routed again${held.failed === 0 ? '' : `, ${held.failed} failed`}`;
          ctx.output.out(`${text} is active${answer.deactivated === undefined ? '' : `; ${answer.deactivated.id}@${answer.deactivated.version} is now inactive`}${routed}${held === undefined || held.remaining === 0 ? '' : `; ${held.remaining} still on hold`}`);
        }
        else ctx.output.out(`${text} is inactive`);
      });
  }
}

// ---------------------------------------------------------------- routing explain

function explainDecision(ctx: CommandContext, explained: ExplainedDecision, all: boolean): void {
  const { decision, explanation } = explained;
  const search = explanation.search;
  ctx.output.out(
    `Decision ${decision.attempt ?? 1}: ${decision.profile.id}@${decision.profile.version} at ${decision.decidedAt}; ${search.strategy}, ${decision.splitCount} location${decision.splitCount === 1 ? '' : 's'}` +
      ` (${search.combinationsExamined} combination${search.combinationsExamined === 1 ? '' : 's'} examined${search.budgetExhausted ? ', search budget exhausted' : ''})`,
  );
  const criteria = [...new Set(decision.candidates.flatMap((c) => c.scores.map((s) => s.criterion)))];
  const assigned = new Map<string, string[]>();
  for (const a of decision.assignments) assigned.set(a.locationId, [...(assigned.get(a.locationId) ?? []), `${a.lineId}×${a.quantity}`]);
  const rows = decision.candidates.map((c, index) => {
    const got = assigned.get(c.locationId);
    const passed = explanation.notChosen?.[c.locationId];
    const result = got !== undefined ? `won: ${got.join(' ')}` : c.excluded ? `excluded: ${(c.exclusionReasons ?? []).join(', ')}` : passed !== undefined ? `not chosen: ${passed}` : 'eligible, not needed';
    const byCriterion = new Map(c.scores.map((s) => [s.criterion, s.score]));
    return [index + 1, c.locationId, c.excluded ? '-' : c.totalScore.toFixed(4), ...criteria.map((name) => (byCriterion.has(name) ? score(byCriterion.get(name) ?? 0) : '')), result];
  });
  ctx.output.out(table(['RANK', 'LOCATION', 'TOTAL', ...criteria.map((c) => c.toUpperCase()), 'RESULT'], rows));
  const detailed = all ? decision.candidates : decision.candidates.filter((c) => assigned.has(c.locationId) || !c.excluded || c.scores.length > 0).slice(0, EXPLAINED_CANDIDATES);
  if (detailed.length > 0) {
    ctx.output.out('\nWhy:');
    for (const c of detailed) {
      ctx.output.out(`  ${c.locationId}`);
      for (const s of c.scores) ctx.output.out(`    ${s.criterion.padEnd(16)} ${score(s.score).padStart(4)}  ${s.detail ?? ''}`);
      if (c.excluded) ctx.output.out(`    excluded: ${(c.exclusionReasons ?? []).join(', ')}`);
    }
  }
  if (decision.unassigned.length > 0) {
    ctx.output.out('\nNot assigned:');
    ctx.output.out(table(['LINE', 'SKU', 'QTY', 'REASON', 'DETAIL'], decision.unassigned.map((u) => [u.lineId, u.sku, u.quantity, u.reason, u.detail ?? ''])));
  }
  if (explanation.pickupAlternatives !== undefined && explanation.pickupAlternatives.length > 0) {
    ctx.output.out(`\nPickup alternatives: ${explanation.pickupAlternatives.map((a) => (a.distanceKm === undefined ? a.locationId : `${a.locationId} (${a.distanceKm.toFixed(1)} km)`)).join(', ')}`);
  }
}

// ---------------------------------------------------------------- routing simulate

/** The orders of a JSON-lines file: each line an order, `order.created` data (`{ order }`) or such a CloudEvent. */
async function readOrders(file: string): Promise<unknown[]> {
  const orders: unknown[] = [];
  for (const [index, raw] of (await readText(file)).split('\n').entries()) {
    const line = raw.trim();
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error: unknown) {
      throw new CliError(`${file}:${index + 1} is not JSON: ${error instanceof Error ? error.message : String(error)}`);
    }
    const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    const data = record['type'] === 'order.created' && record['data'] !== null && typeof record['data'] === 'object' ? (record['data'] as Record<string, unknown>) : record;
    orders.push('order' in data && !('lines' in data) ? data['order'] : data);
  }
  if (orders.length === 0) throw new CliError(`${file} holds no orders (one JSON order per line)`);
  return orders;
}

/** Adds up reports of the same profile from several requests, recomputing the ratios. */
export function mergeReports(reports: readonly SimulationReport[]): SimulationReport {
  const sum = (pick: (r: SimulationReport) => number) => reports.reduce((total, r) => total + pick(r), 0);
  const ratio = (part: number, whole: number) => (whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000);
  const routed = sum((r) => r.fullyAssigned + r.partiallyAssigned);
  const measured = sum((r) => r.measuredShipments);
  const distance = sum((r) => r.totalDistanceKm);
  const priced = reports.filter((r) => r.estimatedShippingCost !== undefined);
  return {
    profile: reports[0]?.profile ?? '',
    orders: sum((r) => r.orders),
    fullyAssigned: sum((r) => r.fullyAssigned),
    partiallyAssigned: sum((r) => r.partiallyAssigned),
    unfillable: sum((r) => r.unfillable),
    unrouted: sum((r) => r.unrouted),
    splitRate: ratio(sum((r) => r.splitOrders), routed),
    averageShipments: ratio(sum((r) => r.shipments), routed),
    averageDistanceKm: measured === 0 ? null : Math.round((distance / measured) * 10_000) / 10_000,
    shareFromStores: ratio(sum((r) => r.storeUnits), sum((r) => r.assignedUnits)),
    capacityBreaches: sum((r) => r.capacityBreaches),
    unassignedUnits: sum((r) => r.unassignedUnits),
    splitOrders: sum((r) => r.splitOrders),
    shipments: sum((r) => r.shipments),
    measuredShipments: measured,
    totalDistanceKm: Math.round(distance * 10_000) / 10_000,
    assignedUnits: sum((r) => r.assignedUnits),
    storeUnits: sum((r) => r.storeUnits),
    ...(priced.length === 0 ? {} : { estimatedShippingCost: priced.reduce((total, r) => total + Number(r.estimatedShippingCost), 0).toFixed(2) }),
  };
}

/** Tells on stderr that batches are simulated apart, each from the current stock and capacity. */
function warnBatches(ctx: CommandContext, orders: number, batch: number): void {
  ctx.output.err(
    `note: ${orders} orders go in batches of up to ${batch}; each batch is simulated from the current stock and capacity, ` +
      'without what earlier batches took, so the figures can differ from one simulation of every order together',
  );
}

/**
 * Sends the orders in as few requests as the hub allows and adds the reports up: a file within
 * the hub's limit goes in one request and gets exactly the hub's answer. Bigger files (or a
 * request the hub finds too large, which is split in two) go in batches, each simulated from the
 * current stock and capacity; stderr says so.
 */
async function simulateInBatches(ctx: CommandContext, orders: readonly unknown[], profiles: string[]): Promise<SimulationReport[][]> {
  const perProfile: SimulationReport[][] = profiles.length === 0 ? [[]] : profiles.map(() => []);
  const progress = new Progress(orders.length, 'simulating', progressSink(ctx.output));
  let batch = SIMULATION_BATCH;
  let done = 0;
  let warned = orders.length > batch;
  if (warned) warnBatches(ctx, orders.length, batch);
  progress.update(0);
  try {
    while (done < orders.length) {
      const slice = orders.slice(done, done + batch);
      let result: Schemas['SimulationResult'];
      try {
        result = await ctx.client.request<Schemas['SimulationResult']>('POST', '/v1/routing/simulate', { ...(profiles.length === 0 ? {} : { profiles }), orders: slice });
      } catch (error: unknown) {
        if (error instanceof CliError && /\[413 payload-too-large\]/.test(error.message) && batch > 1) {
          batch = Math.max(1, Math.floor(batch / 2));
          if (!warned) warnBatches(ctx, orders.length, batch);
          warned = true;
          continue;
        }
        if (error instanceof CliError && error.details.length > 0) {
          // Paths point into this batch; show them as positions in the file.
          const shifted = error.details.map((line) => line.replace(/^\/orders\/(\d+)/, (_m, n: string) => `order ${done + Number(n) + 1}`));
          throw new CliError(error.message, { details: shifted });
        }
        throw error;
      }
      result.reports.forEach((report, index) => perProfile[index]?.push(report));
      done += slice.length;
      progress.update(done);
    }
  } finally {
    progress.finish();
  }
  return perProfile;
}

function printReports(ctx: CommandContext, reports: readonly SimulationReport[]): void {
  const row = (label: string, value: (r: SimulationReport) => string | number) => [label, ...reports.map(value)];
  ctx.output.out(
    table(
      ['METRIC', ...reports.map((r) => r.profile)],
      [
        row('orders', (r) => r.orders),
        row('fully assigned', (r) => r.fullyAssigned),
        row('partially assigned', (r) => r.partiallyAssigned),
        row('unfillable', (r) => r.unfillable),
        row('split rate', (r) => percent(r.splitRate)),
        row('shipments per order', (r) => r.averageShipments.toFixed(2)),
        row('average distance (km)', (r) => (r.averageDistanceKm === null ? '-' : r.averageDistanceKm.toFixed(1))),
        row('shipped from stores', (r) => percent(r.shareFromStores)),
        row('capacity breaches', (r) => r.capacityBreaches),
        row('unassigned units', (r) => r.unassignedUnits),
        ...(reports.some((r) => r.unrouted > 0) ? [row('no profile applied', (r) => r.unrouted)] : []),
        ...(reports.some((r) => r.estimatedShippingCost !== undefined) ? [row('shipping cost', (r) => r.estimatedShippingCost ?? '-')] : []),
      ],
    ),
  );
}

function registerRoutingCommands(program: Command, context: () => CommandContext): void {
  const routing = program.command('routing').description('routing profiles, decisions explained, and simulation');
  registerProfileCommands(routing, context);
  routing
    .command('explain <orderId>')
    .description("show why each candidate location won or lost each of the order's routing decisions")
    .option('--all', 'explain every candidate in detail, not only the first few')
    .action(async (orderId: string, options: { all?: boolean }) => {
      const ctx = context();
      const view = await ctx.client.request<OrderView>('GET', path('v1', 'orders', orderId));
      if (ctx.json) {
        ctx.output.out(json(view.decisions));
        return;
      }
      if (view.decisions.length === 0) {
        ctx.output.out(`order ${orderId} has no routing decision (${view.status}: ${view.statusHistory.at(-1)?.detail ?? ''})`);
        return;
      }
      view.decisions.forEach((decision, index) => {
        if (index > 0) ctx.output.out('');
        explainDecision(ctx, decision, options.all === true);
      });
    });
  routing
    .command('simulate')
    .description('replay orders (a JSON-lines file) against a profile version, or two side by side; nothing is reserved')
    .requiredOption('--orders <file>', 'JSON lines: one order (or order.created data or event) per line')
    .option('--profile <id@version>', 'the profile version to simulate (default: the active profiles, as each order selects them)')
    .option('--compare <id@version>', 'a second profile version, reported beside the first')
    .action(async (options: { orders: string; profile?: string; compare?: string }) => {
      const ctx = context();
      if (options.compare !== undefined && options.profile === undefined) throw usage('--compare needs --profile: the version to compare it with');
      const profiles = [options.profile, options.compare].filter((text): text is string => text !== undefined);
      profiles.forEach((text, index) => profileRef(index === 0 ? '--profile' : '--compare', text));
      const orders = await readOrders(options.orders);
      const reports = (await simulateInBatches(ctx, orders, profiles)).map(mergeReports);
      if (ctx.json) ctx.output.out(json({ reports }));
      else printReports(ctx, reports);
    });
}

/** `omnihub orders show|route|cancel`, `omnihub locations list|show|apply`, `omnihub routing profiles|explain|simulate`. */
export function registerOrders(program: Command, context: () => CommandContext): void {
  registerOrderCommands(program, context);
  registerLocationCommands(program, context);
  registerRoutingCommands(program, context);
}
