import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Command } from 'commander';
import type { ApiClient } from '../api-client.ts';
import { CliError, EXIT_USAGE } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';
import { Progress, progressSink } from '../progress.ts';
import type { components } from '@omnihub/openapi';

type Schemas = components['schemas'];
type DeadLetterSummary = Schemas['DeadLetterSummary'];
type DeadLetterPage = Schemas['DeadLetterPage'];
type DeadLetter = Schemas['DeadLetter'];
type ReplayReport = Schemas['ReplayReport'];
type ReplayItem = Schemas['ReplayItem'];

/** Ids per replay request: small enough for a steady progress bar and short requests. */
const CHUNK_SIZE = 50;
/** Longest a paced replay request should take; the API client gives up after 30 s. */
const MAX_REQUEST_SECONDS = 20;
/** Page size when collecting every match (the API's maximum). */
const MAX_PAGE = 200;
/** Characters of the error message shown in the listing. */
const MESSAGE_WIDTH = 60;

interface FilterOptions {
  eventType?: string;
  subscriber?: string;
  errorCode?: string;
  source?: string;
  status?: string;
  from?: string;
  to?: string;
  q?: string;
}

function usage(message: string): CliError {
  return new CliError(message, { exitCode: EXIT_USAGE });
}

function withFilterOptions(command: Command): Command {
  return command
    .option('--event-type <type>', 'only this event type, e.g. order.created')
    .option('--subscriber <name>', 'only this subscriber (a flow or a connector instance)')
    .option('--error-code <code>', 'only this error code, e.g. vendor.sku-unknown')
    .option('--source <uri>', "only events from this CloudEvents source")
    .option('--status <status>', 'open or replayed')
    .option('--from <time>', 'created at or after this time (ISO 8601)')
    .option('--to <time>', 'created before this time (ISO 8601)')
    .option('--q <text>', 'free text in the error message, the ids and the event');
}

function isoTime(flag: string, text: string): string {
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw usage(`${flag} takes an ISO 8601 time such as 2025-11-23T10:00:00Z, not "${text}"`);
  return new Date(time).toISOString();
}

/** The filters given on the command line, checked; empty when none was given. */
function filterOf(options: FilterOptions): Record<string, string> {
  if (options.status !== undefined && options.status !== 'open' && options.status !== 'replayed') throw usage('--status takes open or replayed');
  const filter: Record<string, string> = {};
  for (const key of ['eventType', 'subscriber', 'errorCode', 'source', 'status', 'q'] as const) {
    const value = options[key];
    if (value !== undefined) filter[key] = value;
  }
  if (options.from !== undefined) filter['from'] = isoTime('--from', options.from);
  if (options.to !== undefined) filter['to'] = isoTime('--to', options.to);
  return filter;
}

function integerOption(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) throw usage(`${flag} takes a whole number from ${min} to ${max}`);
  return value;
}

function rateOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0.1 || value > 1000) throw usage('--rate takes replays per second, from 0.1 to 1000');
  return value;
}

/** One page of the listing. */
function fetchPage(client: ApiClient, filter: Record<string, string>, limit: number | undefined, cursor: string | undefined): Promise<DeadLetterPage> {
  const query = new URLSearchParams(filter);
  if (limit !== undefined) query.set('limit', String(limit));
  if (cursor !== undefined) query.set('cursor', cursor);
  const text = query.toString();
  return client.request<DeadLetterPage>('GET', `/v1/dead-letters${text === '' ? '' : `?${text}`}`);
}

/** Every dead letter matching `filter`, following cursors to the last page. */
async function fetchAll(client: ApiClient, filter: Record<string, string>, pageSize: number): Promise<DeadLetterSummary[]> {
  const items: DeadLetterSummary[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(client, filter, pageSize, cursor);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return items;
}

function shortTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** Asks a yes/no question on the terminal; without one, refuses (scripts pass --yes). */
async function confirm(question: string): Promise<void> {
  if (!process.stdin.isTTY) throw usage('there is no terminal to confirm on: pass --yes to go ahead without asking');
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(`${question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new CliError('cancelled: nothing was changed');
  } finally {
    prompt.close();
  }
}

async function readPatch(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let patch: unknown;
  try {
    patch = JSON.parse(text);
  } catch (error: unknown) {
    throw new CliError(`${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!Array.isArray(patch)) throw new CliError(`${file} must hold a JSON Patch: an array of operations such as {"op": "replace", "path": "/order/currency", "value": "EUR"}`);
  return patch as unknown[];
}

/** Whether a dead letter was replayed, or would be in a dry run. */
function isDone(item: ReplayItem): boolean {
  return item.status === 'replayed' || item.status === 'would-replay';
}

function describeItem(item: ReplayItem): string {
  const errors = (item.errors ?? []).map((error) => `${error.path} ${error.message}`);
  return [item.detail ?? '', ...errors].filter((part) => part !== '').join('; ');
}

/** `omnihub dlq list` */
function registerList(dlq: Command, context: () => CommandContext): void {
  withFilterOptions(dlq.command('list').description('list dead letters, newest first'))
    .option('--limit <n>', 'dead letters per page, 1 to 200 (default 50)')
    .option('--all', 'follow every page to the end')
    .action(async (options: FilterOptions & { limit?: string; all?: boolean }) => {
      const { client, output, json: asJson } = context();
      const filter = filterOf(options);
      const limit = integerOption('--limit', options.limit, 1, MAX_PAGE);
      const page: DeadLetterPage = options.all === true ? { items: await fetchAll(client, filter, limit ?? MAX_PAGE) } : await fetchPage(client, filter, limit, undefined);
      if (asJson) {
        output.out(json(page));
        return;
      }
      if (page.items.length === 0) {
        output.out('no dead letters match');
        return;
      }
      output.out(
        table(
          ['ID', 'CREATED', 'SUBSCRIBER', 'TYPE', 'CODE', 'ATTEMPTS', 'STATUS', 'MESSAGE'],
          page.items.map((l) => [l.id, shortTime(l.createdAt), l.subscriber, l.eventType, l.errorCode, l.attempts, l.status, oneLine(l.errorMessage, MESSAGE_WIDTH)]),
        ),
      );
      if (page.nextCursor !== undefined) output.err(`more dead letters match: pass --all, or a larger --limit`);
    });
}

/** `omnihub dlq show` */
function registerShow(dlq: Command, context: () => CommandContext): void {
  dlq
    .command('show <id>')
    .description('show one dead letter: error, attempts, audit trail and the event')
    .action(async (id: string) => {
      const { client, output, json: asJson } = context();
      const letter = await client.request<DeadLetter>('GET', `/v1/dead-letters/${encodeURIComponent(id)}`);
      if (asJson) {
        output.out(json(letter));
        return;
      }
      const none = (value: string | null): string => value ?? '-';
      output.out(
        [
          `Dead letter  ${letter.id} (${letter.status}, replayed ${letter.replayCount} time${letter.replayCount === 1 ? '' : 's'})`,
          `Subscriber   ${letter.subscriber}`,
          `Event        ${letter.eventType} ${letter.eventId} from ${none(letter.source)}`,
          `Correlation  ${letter.correlationId === null ? '-' : `${letter.correlationId} (omnihub trace ${letter.correlationId})`}`,
          `Created      ${letter.createdAt}, updated ${letter.updatedAt}`,
          `Versions     connector ${none(letter.connectorVersion)}, mapping ${none(letter.mappingVersion)}`,
          `Error        ${letter.errorKind} ${letter.errorCode}: ${letter.errorMessage}`,
        ].join('\n'),
      );
      if (letter.errorStack !== null) output.out(`\nStack:\n${letter.errorStack.split('\n').map((line) => `  ${line.trimEnd()}`).join('\n')}`);
      output.out('\nAttempts:');
      output.out(
        table(
          ['ATTEMPT', 'AT', 'KIND', 'CODE', 'MESSAGE'],
          letter.attemptHistory.map((h) => [h.kind === 'replay' ? (h.replay === undefined ? 'replay' : `replay ${h.replay}`) : h.attempt, h.at, h.kind, h.code, oneLine(h.message, 80)]),
        ),
      );
      output.out('\nAudit:');
      output.out(letter.audit.length === 0 ? '  (none)' : table(['AT', 'ACTOR', 'ACTION', 'REASON'], letter.audit.map((a) => [a.at, a.actor, a.action, a.reason])));
      if (letter.envelope !== null) {
        output.out(`\nData (${letter.envelope.dataschema ?? 'no dataschema'}); JSON Patch paths start here:`);
        output.out(json(letter.envelope.data));
      } else if (letter.rawMessage !== null) {
        output.out('\nRaw message (it could not be decoded, so it cannot be replayed):');
        output.out(letter.rawMessage);
      }
    });
}

interface ReplayOptions extends FilterOptions {
  id?: string[];
  reason: string;
  patch?: string;
  dryRun?: boolean;
  rate?: string;
  yes?: boolean;
}

/** Sends `ids` to the replay endpoint in chunks, drawing progress, and merges the reports. */
async function replayInChunks(
  context: CommandContext,
  ids: readonly string[],
  request: { patch?: unknown[]; dryRun: boolean; ratePerSecond?: number; reason: string },
): Promise<ReplayReport> {
  const rate = request.ratePerSecond;
  // The hub paces replays within a request: keep each paced request well inside the client's timeout.
  const chunkSize = rate === undefined ? CHUNK_SIZE : Math.max(1, Math.min(CHUNK_SIZE, Math.floor(rate * MAX_REQUEST_SECONDS)));
  const run = randomUUID();
  const merged: ReplayReport = { dryRun: request.dryRun, matched: 0, replayed: 0, failed: 0, items: [] };
  const progress = new Progress(ids.length, request.dryRun ? 'checking' : 'replaying', progressSink(context.output));
  progress.update(0);
  try {
    for (let start = 0; start < ids.length; start += chunkSize) {
      // The pacing restarts with each request: wait one interval so the rate holds across chunks.
      if (start > 0 && rate !== undefined) await sleep(1000 / rate);
      const chunk = ids.slice(start, start + chunkSize);
      const report = await context.client.request<ReplayReport>(
        'POST',
        '/v1/dead-letters/replay',
        { ids: chunk, reason: request.reason, dryRun: request.dryRun, ...(request.patch === undefined ? {} : { patch: request.patch }), ...(rate === undefined ? {} : { ratePerSecond: rate }) },
        // Should the same chunk be sent twice (a retry), the hub answers from the first reply.
        { 'idempotency-key': `dlq-replay-${run}-${start / chunkSize}` },
      );
      merged.matched += report.matched;
      merged.replayed += report.replayed;
      merged.failed += report.failed;
      merged.items.push(...report.items);
      progress.update(Math.min(ids.length, start + chunk.length));
    }
  } finally {
    progress.finish();
  }
  return merged;
}

/** `omnihub dlq replay` */
function registerReplay(dlq: Command, context: () => CommandContext): void {
  withFilterOptions(
    dlq
      .command('replay')
      .description('replay dead letters to their subscriber, by id or by filter, optionally patching their data')
      .option('--id <id...>', 'dead letter id(s) to replay (instead of filters)'),
  )
    .requiredOption('--reason <text>', 'why, for the audit log')
    .option('--patch <file>', "JSON Patch (RFC 6902) file applied to each event's data, which is then validated again")
    .option('--dry-run', 'check and report what would be replayed, change nothing')
    .option('--rate <n>', 'at most n replays per second (default 100)')
    .option('--yes', 'replay without asking for confirmation')
    .action(async (options: ReplayOptions) => {
      const ctx = context();
      const { client, output, json: asJson } = ctx;
      const filter = filterOf(options);
      const byFilter = Object.keys(filter).length > 0;
      const givenIds = options.id ?? [];
      if (givenIds.length > 0 && byFilter) throw usage('give --id or filters, not both');
      if (givenIds.length === 0 && !byFilter) throw usage('say what to replay: --id <id...>, or at least one filter such as --subscriber or --error-code');
      if (options.reason.trim() === '') throw usage('--reason needs a text for the audit log');
      const ratePerSecond = rateOption(options.rate);
      const dryRun = options.dryRun === true;
      const patch = options.patch === undefined ? undefined : await readPatch(options.patch);

      let ids: string[];
      if (byFilter) {
        // The listing is newest first; replay oldest first, like the hub does for a filter.
        ids = (await fetchAll(client, filter, MAX_PAGE)).map((letter) => letter.id).reverse();
        output.err(`${ids.length} dead letter${ids.length === 1 ? '' : 's'} match`);
        if (ids.length === 0) {
          output.out(asJson ? json({ dryRun, matched: 0, replayed: 0, failed: 0, items: [] }) : 'nothing to replay');
          return;
        }
        if (options.yes !== true && !dryRun) {
          await confirm(`Replay ${ids.length} dead letter${ids.length === 1 ? '' : 's'} to their subscribers${patch === undefined ? '' : ` with the patch from ${options.patch ?? ''}`}?`);
        }
      } else {
        ids = [...new Set(givenIds)];
      }

      const report = await replayInChunks(ctx, ids, { reason: options.reason, dryRun, ...(patch === undefined ? {} : { patch }), ...(ratePerSecond === undefined ? {} : { ratePerSecond }) });
      // The hub reports unknown ids as `not-found` items; one that answers without them is covered too.
      const reported = new Set(report.items.map((item) => item.id));
      const absent = ids.filter((id) => !reported.has(id));
      const missing = [...report.items.filter((item) => item.status === 'not-found').map((item) => item.id), ...absent];

      if (asJson) {
        output.out(json(missing.length === 0 ? report : { ...report, notFound: missing }));
      } else {
        const counts = new Map<string, number>();
        for (const item of report.items) counts.set(item.status, (counts.get(item.status) ?? 0) + 1);
        if (absent.length > 0) counts.set('not-found', (counts.get('not-found') ?? 0) + absent.length);
        output.out(table(['STATUS', 'COUNT'], [...counts.entries()]));
        const problems = report.items.filter((item) => !isDone(item));
        if (problems.length > 0 || absent.length > 0) {
          output.out('');
          output.out(
            table(
              ['ID', 'SUBSCRIBER', 'STATUS', 'DETAIL'],
              [...problems.map((item) => [item.id, item.subscriber ?? '', item.status, describeItem(item)]), ...absent.map((id) => [id, '', 'not-found', 'no such dead letter'])],
            ),
          );
        }
        const done = dryRun ? `would replay ${counts.get('would-replay') ?? 0}` : `replayed ${report.replayed}`;
        output.out(`\n${dryRun ? 'Dry run: ' : ''}${done} of ${ids.length} dead letter${ids.length === 1 ? '' : 's'}`);
      }
      const failed = report.items.filter((item) => !isDone(item)).length + absent.length;
      if (failed > 0) throw new CliError(`${failed} of ${ids.length} dead letter${ids.length === 1 ? '' : 's'} could not be ${dryRun ? 'replayed as they are' : 'replayed'}`);
    });
}

/** `omnihub dlq purge` */
function registerPurge(dlq: Command, context: () => CommandContext): void {
  dlq
    .command('purge <id...>')
    .description('delete dead letters for good (audited), without replaying them')
    .option('--reason <text>', 'why, for the audit log')
    .option('--yes', 'purge without asking for confirmation')
    .action(async (ids: string[], options: { reason?: string; yes?: boolean }) => {
      const { client, output, json: asJson } = context();
      const unique = [...new Set(ids)];
      if (options.yes !== true) await confirm(`Purge ${unique.length} dead letter${unique.length === 1 ? '' : 's'} for good?`);
      const query = options.reason === undefined ? '' : `?${new URLSearchParams({ reason: options.reason }).toString()}`;
      const purged: string[] = [];
      const failed: { id: string; error: string }[] = [];
      for (const id of unique) {
        try {
          await client.request<unknown>('DELETE', `/v1/dead-letters/${encodeURIComponent(id)}${query}`);
          purged.push(id);
          if (!asJson) output.out(`purged ${id}`);
        } catch (error: unknown) {
          if (!(error instanceof CliError)) throw error;
          failed.push({ id, error: error.message });
          if (!asJson) output.err(`not purged ${id}: ${error.message}`);
        }
      }
      if (asJson) output.out(json({ purged, failed }));
      if (failed.length > 0) throw new CliError(`${failed.length} of ${unique.length} dead letter${unique.length === 1 ? '' : 's'} could not be purged`);
    });
}

/** `omnihub dlq list|show|replay|purge`: inspect, fix and replay what subscribers gave up on. */
export function registerDlq(program: Command, context: () => CommandContext): void {
  const dlq = program.command('dlq').description('inspect, replay and purge dead letters (needs an ops key)');
  registerList(dlq, context);
  registerShow(dlq, context);
  registerReplay(dlq, context);
  registerPurge(dlq, context);
}
