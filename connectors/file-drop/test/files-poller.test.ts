import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { Poller, VendorRecord } from '@omnihub/connector-sdk';
import { createTestContext, fixedClock, memoryCursorStore, type TestContext } from '@omnihub/connector-sdk/testing';
import connector, { type FileDropConfig, type FileReport, type RowPayload } from '../src/index.ts';

function filesPoller(): Poller<FileDropConfig> {
  const found = connector.pollers?.['files'];
  assert.ok(found);
  return found;
}
const poller = filesPoller();
const root = mkdtempSync(path.join(tmpdir(), 'omnihub-file-drop-'));
let folders = 0;

function inbox(): string {
  folders += 1;
  const folder = path.join(root, `inbox-${folders}`);
  rmSync(folder, { recursive: true, force: true });
  writeFileSync(path.join(root, '.keep'), '');
  return folder;
}

function drop(folder: string, name: string, content: string | Buffer, ageSeconds = 60): string {
  const file = path.join(folder, name);
  writeFileSync(file, content);
  const when = new Date(Date.now() - ageSeconds * 1000);
  utimesSync(file, when, when);
  return file;
}

function context(folder: string, config: Partial<FileDropConfig> = {}, cursors = memoryCursorStore()): TestContext<FileDropConfig> {
  return createTestContext<FileDropConfig>({ manifest: connector.manifest, config: { folder, settleSeconds: 0, ...config }, cursors, clock: fixedClock() });
}

/** Polls as the runtime does: records taken in once by id, the cursor stored after each page. Returns the number of polls. */
async function drain(ctx: TestContext<FileDropConfig>, accepted: Map<string, VendorRecord>, maxPolls = 100): Promise<number> {
  for (let polls = 1; polls <= maxPolls; polls += 1) {
    const result = await poller.poll(await ctx.cursors.get('files'), ctx);
    for (const record of result.records) if (!accepted.has(record.id)) accepted.set(record.id, record);
    if (result.cursor !== undefined) await ctx.cursors.set('files', result.cursor);
    if (result.more !== true) return polls;
  }
  throw new Error(`the poller still had more after ${maxPolls} polls`);
}

function payloads(accepted: Map<string, VendorRecord>): RowPayload[] {
  return [...accepted.values()].map((record) => record.payload as RowPayload);
}

function report(folder: string, where: 'processed' | 'failed', name: string): FileReport {
  return JSON.parse(readFileSync(path.join(folder, where, `${name}.report.json`), 'utf8')) as FileReport;
}

async function mkdir(folder: string): Promise<string> {
  const { mkdir: make } = await import('node:fs/promises');
  await make(folder, { recursive: true });
  return folder;
}

after(() => rmSync(root, { recursive: true, force: true }));

describe('file-drop connector: files poller', () => {
  it('lands each good row of a CSV once and reports the bad ones; the file moves to failed/ with its report', async () => {
    const folder = await mkdir(inbox());
    const csv = [
      'sku,location,quantity',
      'SKU-1,berlin-1,5',
      'SKU-2,berlin-1,',
      '"SKU-3, large","berlin-1",7',
      'SKU-4,berlin-1',
      '',
      '"SKU-""5""",berlin-1,"1',
      '2"',
      'SKU-6,"berlin-1"x,3',
      'SKU-7,berlin-1,9',
    ].join('\r\n');
    drop(folder, 'stock.csv', csv);
    const ctx = context(folder, { requiredColumns: ['sku', 'quantity'], partitionKeyColumn: 'sku' });
    const accepted = new Map<string, VendorRecord>();
    await drain(ctx, accepted);

    const rows = payloads(accepted);
    assert.deepEqual(rows.map((r) => r.values), [
      { sku: 'SKU-1', location: 'berlin-1', quantity: '5' },
      { sku: 'SKU-3, large', location: 'berlin-1', quantity: '7' },
      { sku: 'SKU-"5"', location: 'berlin-1', quantity: '1\r\n2' },
      { sku: 'SKU-7', location: 'berlin-1', quantity: '9' },
    ]);
    const sha = rows[0]?.sha256 ?? '';
    assert.match(sha, /^[0-9a-f]{64}$/);
    assert.deepEqual([...accepted.keys()], [`${sha}:1`, `${sha}:3`, `${sha}:5`, `${sha}:7`]);
    assert.deepEqual(rows.map((r) => r.line), [2, 4, 7, 10]);
    assert.equal(accepted.get(`${sha}:3`)?.partitionKey, 'SKU-3, large');
    assert.equal(accepted.get(`${sha}:1`)?.type, 'file-drop.Row');

    assert.equal(existsSync(path.join(folder, 'stock.csv')), false);
    assert.ok(existsSync(path.join(folder, 'failed', 'stock.csv')));
    const r = report(folder, 'failed', 'stock.csv');
    assert.equal(r.outcome, 'failed');
    assert.equal(r.movedTo, 'failed/stock.csv');
    assert.equal(r.rows, 7);
    assert.equal(r.goodRows, 4);
    assert.deepEqual(r.badRows.map((b) => [b.row, b.line, b.reason]), [
      [2, 3, 'missing required column "quantity"'],
      [4, 5, 'has 2 fields, the header has 3'],
      [6, 9, 'field 2: text after the closing quote'],
    ]);
    assert.equal(r.badRows[0]?.raw, 'SKU-2,berlin-1,');
    assert.match(ctx.logs.text(), /file imported with bad rows: see its report/);
  });

  it('moves a clean file to processed/ with a report, only on the poll after its last page', async () => {
    const folder = await mkdir(inbox());
    drop(folder, 'clean.jsonl', '{"sku":"A","quantity":1}\n{"sku":"B","quantity":2}\n');
    const ctx = context(folder);
    const first = await poller.poll(undefined, ctx);
    assert.equal(first.records.length, 2);
    assert.equal(first.more, true);
    assert.ok(existsSync(path.join(folder, 'clean.jsonl')), 'not moved before the hub stored the cursor');
    const again = await poller.poll(undefined, ctx);
    assert.deepEqual(again.records.map((r) => r.id), first.records.map((r) => r.id), 'without a stored cursor the same rows come again');
    const second = await poller.poll(first.cursor, ctx);
    assert.deepEqual(second.records, []);
    assert.equal(second.more, false);
    assert.ok(existsSync(path.join(folder, 'processed', 'clean.jsonl')));
    assert.deepEqual(report(folder, 'processed', 'clean.jsonl'), { ...report(folder, 'processed', 'clean.jsonl'), outcome: 'processed', rows: 2, goodRows: 2, badRowCount: 0, badRows: [] });
    assert.deepEqual(readdirSync(folder).sort(), ['failed', 'processed']);
  });

  it('pages a large file with more: true and resumes exactly after a restart, never skipping or repeating a row', async () => {
    const folder = await mkdir(inbox());
    const lines = ['sku,quantity', ...Array.from({ length: 95 }, (_, i) => `SKU-${i + 1},${i}`)];
    drop(folder, 'big.csv', `${lines.join('\n')}\n`);
    const cursors = memoryCursorStore();
    const ctx = context(folder, { pageSize: 10 }, cursors);
    const accepted = new Map<string, VendorRecord>();
    const sizes: number[] = [];
    // Three pages accepted, then a fourth read whose cursor is never stored (the process dies).
    for (let page = 0; page < 3; page += 1) {
      const result = await poller.poll(await cursors.get('files'), ctx);
      assert.equal(result.more, true);
      sizes.push(result.records.length);
      for (const record of result.records) accepted.set(record.id, record);
      await cursors.set('files', result.cursor ?? '');
    }
    const lost = await poller.poll(await cursors.get('files'), ctx);
    assert.equal(lost.records.length, 10);
    // A new process with the stored cursor.
    const restarted = context(folder, { pageSize: 10 }, cursors);
    const replayed = await poller.poll(await cursors.get('files'), restarted);
    assert.deepEqual(replayed.records.map((r) => r.id), lost.records.map((r) => r.id), 'the unacknowledged page comes again with the same ids');
    for (const record of replayed.records) accepted.set(record.id, record);
    await cursors.set('files', replayed.cursor ?? '');
    const polls = await drain(restarted, accepted);
    assert.deepEqual(sizes, [10, 10, 10]);
    assert.equal(polls, 7, 'six more pages (the last one of 5 rows), then the move');
    assert.deepEqual(payloads(accepted).map((p) => p.row), Array.from({ length: 95 }, (_, i) => i + 1));
    assert.deepEqual(payloads(accepted).map((p) => p.values['sku']), Array.from({ length: 95 }, (_, i) => `SKU-${i + 1}`));
    assert.ok(existsSync(path.join(folder, 'processed', 'big.csv')));
  });

  it('gives a re-dropped file the same row ids, so the hub takes its rows in once', async () => {
    const folder = await mkdir(inbox());
    const content = 'sku,quantity\nA,1\nB,2\n';
    drop(folder, 'monday.csv', content, 120);
    const ctx = context(folder);
    const accepted = new Map<string, VendorRecord>();
    await drain(ctx, accepted);
    drop(folder, 'monday-again.csv', content);
    drop(folder, 'monday.csv', content);
    const seen: string[] = [];
    for (let polls = 0; polls < 20; polls += 1) {
      const result = await poller.poll(await ctx.cursors.get('files'), ctx);
      seen.push(...result.records.map((r) => r.id));
      await ctx.cursors.set('files', result.cursor ?? '');
      if (result.more !== true) break;
    }
    assert.equal(accepted.size, 2);
    assert.deepEqual(new Set(seen), new Set(accepted.keys()), 'the copies carry the ids already taken in');
    assert.deepEqual(readdirSync(path.join(folder, 'processed')).filter((f) => !f.endsWith('.json')).sort(), ['monday-again.csv', 'monday.csv', `monday.${(payloads(accepted)[0]?.sha256 ?? '').slice(0, 12)}.csv`].sort());
  });

  it('reports JSON-lines rows that are not JSON, not objects, or lack a required key', async () => {
    const folder = await mkdir(inbox());
    drop(folder, 'feed.jsonl', '\uFEFF{"sku":"A","quantity":3}\n{"sku":"B"\n[1,2]\n{"sku":"","quantity":1}\n\n{"sku":"C","quantity":0}');
    const ctx = context(folder, { requiredColumns: ['sku', 'quantity'] });
    const accepted = new Map<string, VendorRecord>();
    await drain(ctx, accepted);
    assert.deepEqual(payloads(accepted).map((p) => [p.row, p.values]), [[1, { sku: 'A', quantity: 3 }], [5, { sku: 'C', quantity: 0 }]]);
    const r = report(folder, 'failed', 'feed.jsonl');
    assert.deepEqual(r.badRows.map((b) => [b.row, b.line]), [[2, 2], [3, 3], [4, 4]]);
    assert.match(r.badRows[0]?.reason ?? '', /^not valid JSON: /);
    assert.equal(r.badRows[1]?.reason, 'not a JSON object');
    assert.equal(r.badRows[2]?.reason, 'missing required column "sku"');
  });

  it('fails a CSV whose header lacks a required column, importing nothing', async () => {
    const folder = await mkdir(inbox());
    drop(folder, 'odd.csv', 'item,qty\nA,1\n');
    const accepted = new Map<string, VendorRecord>();
    await drain(context(folder, { requiredColumns: ['sku'] }), accepted);
    assert.equal(accepted.size, 0);
    const r = report(folder, 'failed', 'odd.csv');
    assert.equal(r.fileProblem, 'the header lacks required column "sku"');
    assert.equal(r.goodRows, 0);
  });

  it('reports a never-closed quote and a record over 1 MiB as bad rows, and reads on after them', async () => {
    const folder = await mkdir(inbox());
    const huge = `BIG,${'x'.repeat(1_200_000)}`;
    drop(folder, 'broken.csv', `sku,note\nA,ok\n${huge}\nB,"fine"\nC,"open\n`);
    const accepted = new Map<string, VendorRecord>();
    await drain(context(folder), accepted);
    assert.deepEqual(payloads(accepted).map((p) => p.values['sku']), ['A', 'B']);
    const r = report(folder, 'failed', 'broken.csv');
    assert.deepEqual(r.badRows.map((b) => [b.row, b.line, b.reason]), [
      [2, 3, 'record is longer than 1048576 bytes (a quote that never closes?)'],
      [4, 5, 'a quoted field is never closed'],
    ]);
    assert.ok((r.badRows[0]?.raw.length ?? 0) < 1000, 'only the start of an oversized row is kept');
  });

  it('waits for a file to settle before taking it, and ignores other files', async () => {
    const folder = await mkdir(inbox());
    drop(folder, 'fresh.csv', 'sku\nA\n', 0);
    drop(folder, 'notes.txt', 'not a feed', 600);
    drop(folder, '.hidden.csv', 'sku\nB\n', 600);
    const clock = fixedClock();
    const ctx = createTestContext<FileDropConfig>({ manifest: connector.manifest, config: { folder, settleSeconds: 30 }, clock });
    const early = await poller.poll(undefined, ctx);
    assert.deepEqual(early.records, []);
    assert.equal(early.more, false);
    clock.advance(31_000);
    const later = await poller.poll(undefined, ctx);
    assert.equal(later.records.length, 1);
  });

  it('starts over when the file in progress is replaced by new content', async () => {
    const folder = await mkdir(inbox());
    drop(folder, 'level.csv', 'sku\nA\nB\nC\n');
    const ctx = context(folder, { pageSize: 1 });
    const first = await poller.poll(undefined, ctx);
    drop(folder, 'level.csv', 'sku\nX\nY\n', 30);
    const second = await poller.poll(first.cursor, ctx);
    const payload = second.records[0]?.payload as RowPayload;
    assert.equal(payload.row, 1);
    assert.deepEqual(payload.values, { sku: 'X' });
    assert.notEqual(payload.sha256, (first.records[0]?.payload as RowPayload).sha256);
    assert.match(ctx.logs.text(), /replaced by new content/);
  });

  it('pauses the instance on a missing folder or a cursor it did not write', async () => {
    const missing = path.join(root, 'no-such-folder');
    await assert.rejects(poller.poll(undefined, context(missing)), (error: unknown) => {
      assert.equal((error as { kind?: string }).kind, 'configuration');
      assert.match((error as Error).message, /the watched folder .*no-such-folder cannot be used \(ENOENT\)/);
      return true;
    });
    const folder = await mkdir(inbox());
    await assert.rejects(poller.poll('{"offset":3}', context(folder)), /not one this version wrote/);
    await connector.testConnection?.(context(folder));
    await assert.rejects(connector.testConnection?.(context(missing)) ?? Promise.resolve(), /cannot be used/);
  });
});
