import { createHash, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { components } from '@omnihub/openapi';
import { CliError, EXIT_USAGE } from '../cli-error.ts';
import type { CommandContext } from '../context.ts';
import { json, table } from '../output.ts';
import { Progress, progressSink } from '../progress.ts';

type Schemas = components['schemas'];

/** Movements per request: well inside the API's 1,000 and the default 1 MiB body limit. */
const DEFAULT_BATCH = 500;
/** Rejected rows listed on screen; `--json` has them all. */
const LISTED_REJECTS = 50;

function usage(message: string): CliError {
  return new CliError(message, { exitCode: EXIT_USAGE });
}

/** Columns a CSV import may have (a header row names them, in any order). */
const CSV_COLUMNS = [
  'movementId',
  'sku',
  'locationId',
  'mode',
  'bucket',
  'quantity',
  'reason',
  'sourceSystem',
  'sourceInstanceId',
  'sourceEventTime',
  'sourceSequence',
  'occurredAt',
  'orderId',
  'lineId',
  'returnId',
  'documentId',
] as const;
const REFERENCE_COLUMNS = new Set(['orderId', 'lineId', 'returnId', 'documentId']);

/** One movement read from a file, with the line it starts on. */
interface FileRow {
  line: number;
  movement: Record<string, unknown>;
}

/** A row that could not be read, reported without being sent. */
interface LocalReject {
  line: number;
  reason: string;
}

/** Splits CSV text (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) into records with their first line. */
export function parseCsv(text: string): { line: number; cells: string[] }[] {
  const records: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let touched = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') {
        quoted = false;
      } else {
        if (c === '\n') line += 1;
        cell += c;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
      touched = true;
    } else if (c === ',') {
      cells.push(cell);
      cell = '';
      touched = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      if (touched || cell !== '') {
        cells.push(cell);
        records.push({ line: start, cells });
      }
      cells = [];
      cell = '';
      touched = false;
      line += 1;
      start = line;
    } else {
      cell += c;
      touched = true;
    }
  }
  if (quoted) throw new CliError(`the CSV has an unclosed quote in the record starting on line ${start}`);
  if (touched || cell !== '') {
    cells.push(cell);
    records.push({ line: start, cells });
  }
  return records;
}

/** A CSV cell as JSON: whole numbers for quantity and numeric sequences, text otherwise. */
function cellValue(column: string, value: string): unknown {
  if (column === 'quantity' && /^-?\d+$/.test(value.trim())) return Number(value.trim());
  if (column === 'sourceSequence' && /^\d{1,15}$/.test(value.trim())) return Number(value.trim());
  return value;
}

function rowsFromCsv(text: string): { rows: FileRow[]; rejects: LocalReject[] } {
  const [header, ...records] = parseCsv(text);
  if (header === undefined) return { rows: [], rejects: [] };
  const columns = header.cells.map((c) => c.trim());
  const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length > 0) throw usage(`unknown CSV column${unknown.length === 1 ? '' : 's'} ${unknown.join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}`);
  const rows: FileRow[] = [];
  const rejects: LocalReject[] = [];
  for (const record of records) {
    if (record.cells.length !== columns.length) {
      rejects.push({ line: record.line, reason: `${record.cells.length} cells where the header has ${columns.length}` });
      continue;
    }
    const movement: Record<string, unknown> = {};
    const reference: Record<string, string> = {};
    columns.forEach((column, i) => {
      // Spreadsheets pad cells and end lines with \r: an identifier with a stray space would be another SKU.
      const value = (record.cells[i] ?? '').trim();
      if (value === '') return;
      if (REFERENCE_COLUMNS.has(column)) reference[column] = value;
      else movement[column] = cellValue(column, value);
    });
    if (Object.keys(reference).length > 0) movement['reference'] = reference;
    rows.push({ line: record.line, movement });
  }
  return { rows, rejects };
}

function rowsFromJsonLines(text: string): { rows: FileRow[]; rejects: LocalReject[] } {
  const rows: FileRow[] = [];
  const rejects: LocalReject[] = [];
  text.split(/\r?\n/).forEach((content, i) => {
    if (content.trim() === '') return;
    try {
      const value: unknown = JSON.parse(content);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) rejects.push({ line: i + 1, reason: 'not a JSON object' });
      else rows.push({ line: i + 1, movement: value as Record<string, unknown> });
    } catch (error: unknown) {
      rejects.push({ line: i + 1, reason: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
    }
  });
  return { rows, rejects };
}

/** A JSON text of `value` with object keys in sorted order, so a row's id does not depend on its field order. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );
}

/**
 * Gives each row without a `movementId` one derived from its content (as read, before defaults)
 * and how many identical rows came before it in the file. Importing a file again, grown by new
 * lines, re-saved with other line endings or with its rows in another order, records only the
 * rows not recorded before; two identical rows in one file stay two movements.
 */
function assignMovementIds(rows: readonly FileRow[]): void {
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (row.movement['movementId'] !== undefined) continue;
    const hash = createHash('sha256').update(sortedJson(row.movement)).digest('hex').slice(0, 24);
    const occurrence = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, occurrence);
    row.movement['movementId'] = `import-${hash}-${occurrence}`;
  }
}

/** Whether a file holds JSON lines (by its extension, else by its first character) rather than CSV. */
function isJsonLines(file: string, text: string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.csv') return false;
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return true;
  return text.trimStart().startsWith('{');
}

interface ImportOptions {
  source?: string;
  batchSize?: string;
}

/** `omnihub stock import` */
function registerImport(stock: Command, context: () => CommandContext): void {
  stock
    .command('import <file>')
    .description('record stock movements from a CSV file (header row of field names) or JSON lines (one stock-movement per line)')
    .option('--source <system>', 'sourceSystem of rows that have none (default file-import)')
    .option('--batch-size <n>', `movements per request, 1 to 1000 (default ${DEFAULT_BATCH})`)
    .action(async (file: string, options: ImportOptions) => {
      const ctx = context();
      const { client, output, json: asJson } = ctx;
      const batchSize = options.batchSize === undefined ? DEFAULT_BATCH : Number(options.batchSize);
      if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 1000) throw usage('--batch-size takes a whole number from 1 to 1000');
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error: unknown) {
        throw new CliError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const { rows, rejects } = isJsonLines(file, text) ? rowsFromJsonLines(text) : rowsFromCsv(text);
      assignMovementIds(rows);
      for (const row of rows) row.movement['sourceSystem'] ??= options.source ?? 'file-import';
      const rejected: { line: number; movementId?: string | undefined; reason: string }[] = rejects.map((r) => ({ line: r.line, reason: r.reason }));
      const totals = { applied: 0, duplicates: 0, rejected: rejects.length, published: 0 };
      const progress = new Progress(rows.length + rejects.length, 'importing', progressSink(output));
      progress.update(rejects.length);
      // Sent again after a lost reply within this run, a chunk gets the first answer; another run gets fresh answers.
      const run = randomUUID();
      try {
        for (let start = 0; start < rows.length; start += batchSize) {
          const chunk = rows.slice(start, start + batchSize);
          const result = await client.request<Schemas['MovementBatchResult']>(
            'POST',
            '/v1/inventory/movements',
            { movements: chunk.map((r) => r.movement) },
            { 'idempotency-key': `stock-import-${run}-${start / batchSize}` },
          );
          totals.applied += result.applied;
          totals.duplicates += result.duplicates;
          totals.rejected += result.rejected;
          totals.published += result.published;
          for (const item of result.results) {
            if (item.status !== 'rejected') continue;
            const errors = (item.errors ?? []).map((e) => `${e.path === '' ? '(row)' : e.path} ${e.message}`).join('; ');
            rejected.push({ line: chunk[item.index]?.line ?? 0, movementId: item.movementId, reason: `${item.code ?? 'rejected'}: ${errors}` });
          }
          progress.update(rejects.length + Math.min(rows.length, start + chunk.length));
        }
      } finally {
        progress.finish();
      }
      rejected.sort((a, b) => a.line - b.line);
      if (asJson) {
        output.out(json({ file, rows: rows.length + rejects.length, ...totals, rejectedRows: rejected }));
      } else {
        output.out(table(['RESULT', 'ROWS'], [['applied', totals.applied], ['duplicate', totals.duplicates], ['rejected', totals.rejected]]));
        if (rejected.length > 0) {
          output.out('');
          output.out(table(['LINE', 'MOVEMENT', 'REASON'], rejected.slice(0, LISTED_REJECTS).map((r) => [r.line, r.movementId ?? '', r.reason])));
          if (rejected.length > LISTED_REJECTS) output.err(`${rejected.length - LISTED_REJECTS} more rejected rows: pass --json to see them all`);
        }
      }
      if (totals.rejected > 0) throw new CliError(`${totals.rejected} of ${rows.length + rejects.length} rows were rejected; the others were recorded`);
    });
}

/** `omnihub stock show` */
function registerShow(stock: Command, context: () => CommandContext): void {
  stock
    .command('show <sku>')
    .description("show a SKU's stock per location and its availability per sales channel")
    .action(async (sku: string) => {
      const { client, output, json: asJson } = context();
      const view = await client.request<Schemas['Inventory']>('GET', `/v1/inventory/${encodeURIComponent(sku)}`);
      if (asJson) {
        output.out(json(view));
        return;
      }
      if (view.locations.length === 0 && view.channels.length === 0) {
        output.out(`no stock recorded for ${sku}`);
        return;
      }
      output.out(`SKU ${view.sku}${view.backorderUnits > 0 ? ` (backorder allowed to -${view.backorderUnits})` : ''}\n`);
      output.out(
        table(
          ['LOCATION', 'ON HAND', 'COMMITTED', 'RESERVED', 'SAFETY', 'DAMAGED', 'INCOMING', 'AVAILABLE', 'AS OF'],
          view.locations.map((l) => [l.locationId, l.onHand, l.committed, l.reserved, l.safetyStock, l.damaged, l.incoming, l.available, l.asOf ?? '-']),
        ),
      );
      if (view.channels.length > 0) {
        output.out('');
        output.out(
          table(
            ['CHANNEL', 'KIND', 'POOLED', 'AVAILABLE', 'PUBLISHED', 'VERSION', 'PUBLISHED AT'],
            view.channels.map((c) => [c.channelId, c.kind, c.pooled, c.available, c.published?.available ?? '-', c.published?.version ?? '-', c.published?.publishedAt ?? '-']),
          ),
        );
      }
    });
}

/** `omnihub stock reconcile` */
function registerReconcile(stock: Command, context: () => CommandContext): void {
  stock
    .command('reconcile')
    .description('compare what sales channels show with what the hub published; fix drift only with --apply (needs an ops key)')
    .option('--channel <id>', 'only this channel')
    .option('--apply', 'republish the drifted SKUs so the channel connectors push the current value')
    .action(async (options: { channel?: string; apply?: boolean }) => {
      const { client, output, json: asJson } = context();
      const apply = options.apply === true;
      const report = await client.request<Schemas['ReconcileReport']>('POST', '/v1/inventory-reconciliations', {
        ...(options.channel === undefined ? {} : { channelId: options.channel }),
        apply,
      });
      if (asJson) {
        output.out(json(report));
        return;
      }
      if (report.runs.length === 0) {
        output.out('no sales channels to check');
        return;
      }
      output.out(
        table(
          ['CHANNEL', 'STATUS', 'CHECKED', 'IN FLIGHT', 'DRIFTED', 'FIXED', 'DETAIL'],
          report.runs.map((r) => [r.channelId, r.status, r.checked, r.inFlight, r.drifted, r.fixed, r.detail ?? '']),
        ),
      );
      const drift = report.runs.flatMap((r) => r.drift.map((d) => [r.channelId, d.sku, d.published, d.shown ?? 'not listed', d.version]));
      if (drift.length > 0) {
        output.out('');
        output.out(table(['CHANNEL', 'SKU', 'PUBLISHED', 'SHOWN', 'VERSION'], drift));
        if (!apply) output.out('\nNothing was changed: run again with --apply to republish these SKUs.');
      }
      const failed = report.runs.filter((r) => r.status === 'failed');
      if (failed.length > 0) throw new CliError(`${failed.length} channel${failed.length === 1 ? '' : 's'} could not be read`);
    });
}

interface ChannelOptions {
  name?: string;
  kind?: string;
  location?: string[];
  bufferUnits?: string;
  bufferPercent?: string;
}

/** `omnihub stock channels list|set|remove` */
function registerChannels(stock: Command, context: () => CommandContext): void {
  const channels = stock.command('channels').description('sales channels and the locations feeding them');
  channels
    .command('list')
    .description('list sales channels')
    .action(async () => {
      const { client, output, json: asJson } = context();
      const list = await client.request<Schemas['SalesChannelList']>('GET', '/v1/sales-channels');
      if (asJson) {
        output.out(json(list));
        return;
      }
      if (list.items.length === 0) {
        output.out('no sales channels');
        return;
      }
      const buffer = (b: Schemas['SalesChannel']['buffer']): string => (b === null ? '-' : 'units' in b ? `${b.units} units` : `${b.percent} %`);
      output.out(table(['ID', 'NAME', 'KIND', 'LOCATIONS', 'BUFFER'], list.items.map((c) => [c.id, c.name, c.kind, c.locationIds.join(','), buffer(c.buffer)])));
    });
  channels
    .command('set <id>')
    .description('create or replace a sales channel (needs an admin key)')
    .requiredOption('--name <name>', 'display name')
    .requiredOption('--kind <kind>', 'web, marketplace or store-pickup')
    .requiredOption('--location <id...>', 'location(s) feeding the channel')
    .option('--buffer-units <n>', 'units held back from the channel')
    .option('--buffer-percent <p>', 'percent held back from the channel')
    .action(async (id: string, options: ChannelOptions) => {
      const { client, output, json: asJson } = context();
      if (options.bufferUnits !== undefined && options.bufferPercent !== undefined) throw usage('give --buffer-units or --buffer-percent, not both');
      const buffer =
        options.bufferUnits !== undefined ? { units: Number(options.bufferUnits) } : options.bufferPercent !== undefined ? { percent: Number(options.bufferPercent) } : undefined;
      const channel = await client.request<Schemas['SalesChannel']>('PUT', `/v1/sales-channels/${encodeURIComponent(id)}`, {
        name: options.name,
        kind: options.kind,
        locationIds: options.location,
        ...(buffer === undefined ? {} : { buffer }),
      });
      output.out(asJson ? json(channel) : `sales channel ${channel.id} saved; its availability is being recomputed`);
    });
  channels
    .command('remove <id>')
    .description('delete a sales channel (needs an admin key)')
    .action(async (id: string) => {
      const { client, output } = context();
      await client.request<unknown>('DELETE', `/v1/sales-channels/${encodeURIComponent(id)}`);
      output.out(`sales channel ${id} removed`);
    });
}

/** `omnihub stock sources list|set|remove` */
function registerSources(stock: Command, context: () => CommandContext): void {
  const sources = stock.command('sources').description("what each stock source's quantities mean");
  sources
    .command('list')
    .description('list source declarations (a source without one is physical)')
    .action(async () => {
      const { client, output, json: asJson } = context();
      const list = await client.request<Schemas['StockSourceList']>('GET', '/v1/stock-sources');
      if (asJson) output.out(json(list));
      else if (list.items.length === 0) output.out('no declarations: every source is physical');
      else output.out(table(['SOURCE', 'SEMANTICS', 'DESCRIPTION'], list.items.map((s) => [s.id, s.semantics, s.description ?? ''])));
    });
  sources
    .command('set <id>')
    .description('declare a source (connector instance id or source system) physical or net-of-open-orders (needs an admin key)')
    .requiredOption('--semantics <semantics>', 'physical or net-of-open-orders')
    .option('--description <text>', 'a note for people')
    .action(async (id: string, options: { semantics: string; description?: string }) => {
      const { client, output, json: asJson } = context();
      if (options.semantics !== 'physical' && options.semantics !== 'net-of-open-orders') throw usage('--semantics takes physical or net-of-open-orders');
      const source = await client.request<Schemas['StockSource']>('PUT', `/v1/stock-sources/${encodeURIComponent(id)}`, {
        semantics: options.semantics,
        ...(options.description === undefined ? {} : { description: options.description }),
      });
      output.out(asJson ? json(source) : `stock source ${source.id} declared ${source.semantics}`);
    });
  sources
    .command('remove <id>')
    .description('remove a declaration (needs an admin key)')
    .action(async (id: string) => {
      const { client, output } = context();
      await client.request<unknown>('DELETE', `/v1/stock-sources/${encodeURIComponent(id)}`);
      output.out(`stock source ${id} is physical again`);
    });
}

/** `omnihub stock backorder` */
function registerBackorder(stock: Command, context: () => CommandContext): void {
  stock
    .command('backorder <sku> <units>')
    .description('let reservations take a SKU down to -units at a location; 0 for never below zero (needs an admin key)')
    .action(async (sku: string, unitsText: string) => {
      const { client, output, json: asJson } = context();
      const units = Number(unitsText);
      if (!Number.isInteger(units) || units < 0) throw usage('units must be a whole number, 0 or more');
      const policy = await client.request<Schemas['BackorderPolicy']>('PUT', `/v1/inventory/${encodeURIComponent(sku)}/backorder`, { units });
      output.out(asJson ? json(policy) : `${policy.sku}: reservations may go down to -${policy.units}`);
    });
}

/** `omnihub stock show|import|reconcile|channels|sources|backorder`. */
export function registerStock(program: Command, context: () => CommandContext): void {
  const stock = program.command('stock').description('stock levels, movements, sales channels and drift checks');
  registerShow(stock, context);
  registerImport(stock, context);
  registerReconcile(stock, context);
  registerChannels(stock, context);
  registerSources(stock, context);
  registerBackorder(stock, context);
}
