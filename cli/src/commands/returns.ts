import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { HubError, parsePolicyYaml } from '@omnihub/core';
import type { components } from '@omnihub/openapi';
import { CliError, EXIT_USAGE } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';

type Schemas = components['schemas'];
type ReturnDetail = Schemas['ReturnDetail'];
type ReturnPage = Schemas['ReturnPage'];
type CustomerContext = Schemas['CustomerContext'];

const STATUSES = ['requested', 'authorized', 'rejected', 'label-issued', 'in-transit', 'received', 'inspected', 'refunded', 'manual-refund', 'closed'];
const DISPOSITIONS = ['RESTOCKED', 'NOT_RESTOCKED', 'PROCESSING_REQUIRED', 'MISSING'];
/** Page size when collecting every match (the API's maximum). */
const MAX_PAGE = 200;

function usage(message: string): CliError {
  return new CliError(message, { exitCode: EXIT_USAGE });
}

const path = (...parts: string[]): string => `/${parts.map(encodeURIComponent).join('/')}`;

/** A fresh Idempotency-Key for one command run: a retried request is answered from the first reply. */
const idempotency = (what: string): Record<string, string> => ({ 'idempotency-key': `cli-${what}-${randomUUID()}` });

const money = (m: { amount: string; currency: string } | undefined): string => (m === undefined ? '-' : `${m.amount} ${m.currency}`);

/** `lineId:quantity:DISPOSITION[:restockLocation]`, checked. */
function receiptLine(text: string): Schemas['ReceiptLine'] {
  const [lineId = '', quantity = '', disposition = '', restockLocationId] = text.split(':');
  const units = Number(quantity);
  if (lineId === '' || !Number.isInteger(units) || units < 1 || !DISPOSITIONS.includes(disposition)) {
    throw usage(`--line takes <lineId>:<quantity>:<disposition>[:<restock location>], the disposition one of ${DISPOSITIONS.join(', ')}; not "${text}"`);
  }
  return { lineId, quantity: units, disposition: disposition as Schemas['Disposition'], ...(restockLocationId === undefined || restockLocationId === '' ? {} : { restockLocationId }) };
}

function printReturn(context: CommandContext, r: ReturnDetail): void {
  const { output } = context;
  const decision = r.decision === undefined ? '-' : `${r.decision.policyId} v${r.decision.policyVersion}: ${r.decision.outcome}${r.decision.reason === undefined ? '' : ` (${r.decision.reason})`}`;
  output.out(
    [
      `Return       ${r.id} (${r.status}), ${r.method} return of order ${r.orderId}${r.customerId === undefined ? '' : ` for ${r.customerId}`}`,
      `Started      via ${r.origin.channel}${r.origin.actorId === undefined ? '' : ` by ${r.origin.actorId}`}${r.origin.locationId === undefined ? '' : ` at ${r.origin.locationId}`} (${r.origin.source}${r.origin.managedBy === 'source' ? ', processed at the source' : ''})`,
      `Policy       ${decision}`,
      `Rules        ${r.decision?.rulesApplied.join(', ') ?? '-'}`,
      ...(r.override === undefined ? [] : [`Override     by ${r.override.by} at ${r.override.at}: ${r.override.reason}`]),
      `Deadlines    eligible until ${r.eligibleUntil ?? '-'}, receive by ${r.receiveBy ?? '-'}`,
      ...(r.label === undefined ? [] : [`Label        ${r.label.carrier} ${r.label.trackingNumber ?? ''}${r.label.voidedAt === undefined ? '' : ` (voided ${r.label.voidedAt})`}`.trimEnd()]),
      ...(r.refund === undefined
        ? []
        : [
            `Refund       ${money(r.refund.amount)} ${r.refund.status}${r.refund.instanceId === undefined ? '' : ` through ${r.refund.instanceId}`}, attempt ${r.refund.attempt}${r.refund.fees.length === 0 ? '' : `; fees ${r.refund.fees.map((f) => `${f.kind} ${money(f.amount)}`).join(', ')}`}${r.refund.reason === undefined ? '' : ` (${r.refund.reason})`}`,
          ]),
    ].join('\n'),
  );
  output.out('\nLines:');
  output.out(
    table(
      ['LINE', 'SKU', 'QTY', 'REASON', 'AUTHORIZED', 'DISPOSITIONS'],
      r.lines.map((l) => [l.lineId, l.sku, l.quantity, l.reason, l.authorized ? 'yes' : 'no', l.dispositions.map((d) => `${d.quantity} ${d.disposition}${d.restockLocationId === undefined ? '' : `@${d.restockLocationId}`}`).join(', ')]),
    ),
  );
  if (r.receipts.length > 0) {
    output.out('\nReceipts:');
    output.out(table(['RECEIPT', 'LOCATION', 'AT', 'VOID'], r.receipts.map((x) => [x.receiptId, x.locationId, x.receivedAt, x.voidedAt === undefined ? '' : `${x.voidedAt}: ${x.voidReason ?? ''}`])));
  }
  if (r.alerts.length > 0) {
    output.out('\nAlerts:');
    output.out(table(['AT', 'KIND', 'RESOLVED', 'MESSAGE'], r.alerts.map((a) => [a.createdAt, a.kind, a.resolvedAt === undefined ? 'open' : `by ${a.resolvedBy ?? '?'}`, a.message])));
  }
  output.out('\nHistory:');
  output.out(table(['AT', 'STEP', 'OUTCOME', 'STATUS', 'ACTOR'], r.history.map((h) => [h.at, h.step, h.outcome, h.toStatus === undefined ? '' : `${h.fromStatus ?? ''} → ${h.toStatus}`, h.actor ?? ''])));
}

/** Prints a return as JSON or as text. */
function show(context: CommandContext, r: ReturnDetail): void {
  if (context.json) context.output.out(json(r));
  else printReturn(context, r);
}

async function fetchReturns(context: CommandContext, filter: Record<string, string>, limit: number | undefined, all: boolean): Promise<ReturnPage> {
  const items: ReturnPage['items'] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ ...filter, limit: String(limit ?? (all ? MAX_PAGE : 50)), ...(cursor === undefined ? {} : { cursor }) });
    const page = await context.client.request<ReturnPage>('GET', `/v1/returns?${query.toString()}`);
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!all) return page;
  } while (cursor !== undefined);
  return { items };
}

function registerListAndShow(returns: Command, context: () => CommandContext): void {
  returns
    .command('list')
    .description('list returns, newest first')
    .option('--status <status>', `only returns in this status (${STATUSES.join(', ')})`)
    .option('--order <orderId>', 'only returns of this order')
    .option('--customer <customerId>', 'only returns of this customer')
    .option('--limit <n>', 'returns per page, 1 to 200 (default 50)')
    .option('--all', 'follow every page to the end')
    .action(async (options: { status?: string; order?: string; customer?: string; limit?: string; all?: boolean }) => {
      const ctx = context();
      if (options.status !== undefined && !STATUSES.includes(options.status)) throw usage(`--status takes one of ${STATUSES.join(', ')}`);
      const limit = options.limit === undefined ? undefined : Number(options.limit);
      if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)) throw usage('--limit takes a whole number from 1 to 200');
      const filter: Record<string, string> = {
        ...(options.status === undefined ? {} : { status: options.status }),
        ...(options.order === undefined ? {} : { orderId: options.order }),
        ...(options.customer === undefined ? {} : { customerId: options.customer }),
      };
      const page = await fetchReturns(ctx, filter, limit, options.all === true);
      if (ctx.json) {
        ctx.output.out(json(page));
        return;
      }
      if (page.items.length === 0) {
        ctx.output.out('no returns match');
        return;
      }
      ctx.output.out(
        table(
          ['ID', 'CREATED', 'STATUS', 'METHOD', 'ORDER', 'CUSTOMER', 'CHANNEL', 'REFUND'],
          page.items.map((r) => [r.id, r.createdAt, r.status, r.method, r.orderId, r.customerId ?? '', r.origin.channel, r.refund === undefined ? '' : `${money(r.refund.amount)} ${r.refund.status}`]),
        ),
      );
      if (page.nextCursor !== undefined) ctx.output.err('more returns match: pass --all, or a larger --limit');
    });

  returns
    .command('show <returnId>')
    .description('show a return: decision and rules, lines and dispositions, refund, receipts, alerts and history')
    .action(async (returnId: string) => {
      const ctx = context();
      show(ctx, await ctx.client.request<ReturnDetail>('GET', path('v1', 'returns', returnId)));
    });
}

function registerDecisions(returns: Command, context: () => CommandContext): void {
  for (const [verb, description] of [
    ['approve', 'authorize a return the policy rejected (agent override, audited)'],
    ['reject', 'refuse a return before goods came back (audited; a label is voided)'],
  ] as const) {
    returns
      .command(`${verb} <returnId>`)
      .description(description)
      .requiredOption('--reason <text>', 'why, for the audit log')
      .option('--actor <agentId>', 'the agent deciding (default: the API key name)')
      .action(async (returnId: string, options: { reason: string; actor?: string }) => {
        const ctx = context();
        if (options.reason.trim() === '') throw usage('--reason needs a text for the audit log');
        const body = { reason: options.reason, ...(options.actor === undefined ? {} : { actorId: options.actor }) };
        show(ctx, await ctx.client.request<ReturnDetail>('POST', path('v1', 'returns', returnId, verb), body, idempotency(verb)));
      });
  }

  returns
    .command('label <returnId>')
    .description('record the return label of a mail return')
    .requiredOption('--carrier <name>', 'carrier, e.g. DHL')
    .option('--tracking <number>', 'tracking number')
    .option('--url <labelUrl>', 'where the customer gets the label')
    .action(async (returnId: string, options: { carrier: string; tracking?: string; url?: string }) => {
      const ctx = context();
      const body = { carrier: options.carrier, ...(options.tracking === undefined ? {} : { trackingNumber: options.tracking }), ...(options.url === undefined ? {} : { labelUrl: options.url }) };
      show(ctx, await ctx.client.request<ReturnDetail>('POST', path('v1', 'returns', returnId, 'label'), body, idempotency('label')));
    });
}

function registerReceipts(returns: Command, context: () => CommandContext): void {
  returns
    .command('receive <returnId>')
    .description('record goods handed in: restocks, and once everything is accounted for, requests the refund')
    .requiredOption('--location <locationId>', 'store or warehouse that received the goods')
    .requiredOption('--line <spec...>', `units handed in, each <lineId>:<quantity>:<disposition>[:<restock location>], disposition one of ${DISPOSITIONS.join(', ')}`)
    .option('--receipt <receiptId>', 'id of the receipt (a repeat changes nothing)')
    .option('--complete', 'nothing more will come: units still outstanding are MISSING')
    .action(async (returnId: string, options: { location: string; line: string[]; receipt?: string; complete?: boolean }) => {
      const ctx = context();
      const body = {
        locationId: options.location,
        lines: options.line.map(receiptLine),
        ...(options.receipt === undefined ? {} : { receiptId: options.receipt }),
        ...(options.complete === true ? { complete: true } : {}),
      };
      show(ctx, await ctx.client.request<ReturnDetail>('POST', path('v1', 'returns', returnId, 'receipt'), body, idempotency('receive')));
    });

  returns
    .command('void-receipt <returnId> <receiptId>')
    .description('void a receipt recorded by mistake: its restock is reversed (ops, audited)')
    .requiredOption('--reason <text>', 'why, for the audit log')
    .action(async (returnId: string, receiptId: string, options: { reason: string }) => {
      const ctx = context();
      show(ctx, await ctx.client.request<ReturnDetail>('POST', path('v1', 'returns', returnId, 'receipts', receiptId, 'void'), { reason: options.reason }, idempotency('void')));
    });

  returns
    .command('refund <returnId>')
    .description('settle a return waiting for a manual refund: --retry through the payment system, or --reference of a refund made by hand (ops)')
    .option('--retry', 'send the refund to the payment system again')
    .option('--reference <ref>', "the payment system's reference of a refund made by hand")
    .option('--note <text>', 'note for the audit log')
    .action(async (returnId: string, options: { retry?: boolean; reference?: string; note?: string }) => {
      const ctx = context();
      if ((options.retry === true) === (options.reference !== undefined)) throw usage('give --retry or --reference <ref>, one of them');
      const body = options.retry === true ? { mode: 'retry' } : { mode: 'manual', reference: options.reference, ...(options.note === undefined ? {} : { note: options.note }) };
      show(ctx, await ctx.client.request<ReturnDetail>('POST', path('v1', 'returns', returnId, 'refund'), body, idempotency('refund')));
    });
}

function registerPolicies(returns: Command, context: () => CommandContext): void {
  const policy = returns.command('policy').description('return policies, kept as YAML in git');
  policy
    .command('apply <file>')
    .description('check a policy file (YAML or JSON) and store it as the next version of its policy')
    .action(async (file: string) => {
      const ctx = context();
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error: unknown) {
        throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      let document: ReturnType<typeof parsePolicyYaml>;
      try {
        document = parsePolicyYaml(text);
      } catch (error: unknown) {
        if (error instanceof HubError) throw new CliError(`${file}: ${error.message}`, { details: error.errors.map((e) => `${e.path === '' ? '(root)' : e.path}: ${e.message}`) });
        throw error;
      }
      const stored = await ctx.client.request<Schemas['StoredReturnPolicy']>('POST', '/v1/return-policies', document, idempotency('policy'));
      if (ctx.json) ctx.output.out(json(stored));
      else ctx.output.out(`policy ${stored.document.id} is at version ${stored.version} (active)`);
    });
  policy
    .command('list')
    .description('list the active return policies')
    .action(async () => {
      const ctx = context();
      const list = await ctx.client.request<Schemas['ReturnPolicyList']>('GET', '/v1/return-policies');
      if (ctx.json) ctx.output.out(json(list));
      else if (list.items.length === 0) ctx.output.out('no active return policy: returns cannot be decided (omnihub returns policy apply <file>)');
      else ctx.output.out(table(['ID', 'VERSION', 'NAME', 'WINDOW', 'METHODS', 'APPLIES TO'], list.items.map((p) => [p.document.id, p.version, p.document.name, p.document.returnPolicyCategory === 'finite-window' ? `${p.document.merchantReturnDays ?? '?'} days` : p.document.returnPolicyCategory, p.document.returnMethods.join(','), [...(p.document.appliesTo?.countries ?? []), ...(p.document.appliesTo?.channels ?? [])].join(',') || 'all'])));
    });
  policy
    .command('show <policyId>')
    .description("show a policy's versions")
    .action(async (policyId: string) => {
      const ctx = context();
      const list = await ctx.client.request<Schemas['ReturnPolicyList']>('GET', path('v1', 'return-policies', policyId));
      if (ctx.json) ctx.output.out(json(list));
      else ctx.output.out(table(['VERSION', 'ACTIVE', 'CREATED', 'BY'], list.items.map((p) => [p.version, p.active ? 'yes' : '', p.createdAt, p.createdBy ?? ''])));
    });
}

function printContext(context: CommandContext, c: CustomerContext): void {
  const { output } = context;
  const name = [c.customer.firstName, c.customer.lastName].filter((part) => part !== undefined).join(' ');
  const consent = Object.entries(c.customer.consent ?? {}).map(([channel, state]) => `${channel} ${state.granted ? 'yes' : 'no'}`).join(', ');
  output.out(
    [
      `Customer     ${c.customer.id}${name === '' ? '' : ` ${name}`}`,
      `Contact      ${[c.customer.email, c.customer.phone].filter((part) => part !== undefined).join(', ') || '-'}`,
      `Identities   ${c.identities.map((i) => `${i.system}:${i.id}`).join(', ') || '-'}`,
      `Value        ${money(c.lifetimeValue)} over ${c.orderCount} order${c.orderCount === 1 ? '' : 's'}`,
      `Consent      ${consent || '-'}`,
    ].join('\n'),
  );
  output.out('\nRecent orders:');
  output.out(
    c.recentOrders.length === 0
      ? '  (none)'
      : table(['ORDER', 'PLACED', 'STATUS', 'TOTAL', 'LINES'], c.recentOrders.map((o) => [o.orderId, o.placedAt, o.status, money(o.total), o.lines.map((l) => `${l.quantity}×${l.sku} ${l.status}${l.locationId === undefined ? '' : `@${l.locationId}`}`).join('; ')])),
  );
  output.out('\nOpen returns:');
  output.out(c.openReturns.length === 0 ? '  (none)' : table(['RETURN', 'ORDER', 'STATUS', 'RETURN BY'], c.openReturns.map((r) => [r.returnId, r.orderId, r.status, r.eligibleUntil ?? ''])));
  output.out('\nRecent interactions:');
  output.out(c.recentInteractions.length === 0 ? '  (none)' : table(['ID', 'CHANNEL', 'STARTED', 'SUMMARY'], c.recentInteractions.map((i) => [i.id, i.channel, i.startedAt, i.summary ?? ''])));
}

function registerCustomers(program: Command, context: () => CommandContext): void {
  const customers = program.command('customers').description('the customer context agents see');
  customers
    .command('show <customerId>')
    .description("show a customer's context: orders with line status and location, open returns, interactions, value, consent")
    .action(async (customerId: string) => {
      const ctx = context();
      const c = await ctx.client.request<CustomerContext>('GET', path('v1', 'customers', customerId, 'context'));
      if (ctx.json) ctx.output.out(json(c));
      else printContext(ctx, c);
    });
  customers
    .command('lookup')
    .description('find a customer by phone (E.164) or email and show their context')
    .option('--phone <e164>', 'phone number, e.g. +4930123456')
    .option('--email <address>', 'email address')
    .action(async (options: { phone?: string; email?: string }) => {
      const ctx = context();
      if ((options.phone === undefined) === (options.email === undefined)) throw usage('give --phone or --email, one of them');
      const query = new URLSearchParams(options.phone === undefined ? { email: options.email ?? '' } : { phone: options.phone });
      const c = await ctx.client.request<CustomerContext>('GET', `/v1/customers/context?${query.toString()}`);
      if (ctx.json) ctx.output.out(json(c));
      else printContext(ctx, c);
    });
}

/** `omnihub returns ...` (list, show, approve, reject, label, receive, void-receipt, refund, policy) and `omnihub customers show|lookup`. */
export function registerReturns(program: Command, context: () => CommandContext): void {
  const returns = program.command('returns').description('returns: decisions, receipts, refunds and policies');
  registerListAndShow(returns, context);
  registerDecisions(returns, context);
  registerReceipts(returns, context);
  registerPolicies(returns, context);
  registerCustomers(program, context);
}
