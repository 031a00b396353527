import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { channelReaders, createApiKey } from '@omnihub/core';
import { pgliteFactory } from '@omnihub/core/testing';
import { startTestHub, type TestHub } from '../../openapi/test/support.ts';
import { parseCsv } from '../src/commands/stock.ts';
import { runCli } from '../src/program.ts';
import { omnihub, type CliRun } from './run-cli.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'omnihub-stock-'));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('omnihub stock', () => {
  let t: TestHub;
  let keys: { admin: string; write: string; read: string; ops: string };
  /** Runs the CLI in this process (fast), capturing what it prints. */
  const as = async (key: keyof typeof keys, args: string[]): Promise<CliRun> => {
    const stdout: string[] = [];
    const stderr: string[] = [];
    const code = await runCli(args, { out: (text) => stdout.push(text), err: (text) => stderr.push(text) }, { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: keys[key] });
    return { code, stdout: stdout.join('\n'), stderr: stderr.join('\n') };
  };

  before(async () => {
    t = await startTestHub(pgliteFactory);
    keys = { ...t.keys, ops: (await createApiKey(t.hub.store, 'ops-cli-stock', ['ops'])).key };
  });
  after(async () => {
    await t.close();
  });

  it('configures sales channels and source semantics', async () => {
    const set = await as('admin', ['stock', 'channels', 'set', 'web-cli', '--name', 'Web CLI', '--kind', 'web', '--location', 'store-cli', 'dc-cli', '--buffer-units', '1']);
    assert.equal(set.code, 0, set.stderr);
    const pickup = await as('admin', ['stock', 'channels', 'set', 'pickup-cli', '--name', 'Pickup', '--kind', 'store-pickup', '--location', 'store-cli', 'dc-cli']);
    assert.equal(pickup.code, 1);
    assert.match(pickup.stderr, /\/locationIds: a store pickup channel sells one store's stock/);
    const list = await as('read', ['stock', 'channels', 'list']);
    assert.equal(list.code, 0, list.stderr);
    assert.match(list.stdout, /web-cli\s+Web CLI\s+web\s+dc-cli,store-cli\s+1 units/);
    const source = await as('admin', ['stock', 'sources', 'set', 'netsuite-cli', '--semantics', 'net-of-open-orders']);
    assert.equal(source.code, 0, source.stderr);
    assert.match((await as('read', ['stock', 'sources', 'list'])).stdout, /netsuite-cli\s+net-of-open-orders/);
    assert.equal((await as('admin', ['stock', 'sources', 'set', 'x', '--semantics', 'maybe'])).code, 2);
  });

  it('imports a CSV with a progress bar, keeps the good rows, names the bad lines and exits 1', async () => {
    const file = write(
      'movements.csv',
      [
        'sku,locationId,mode,quantity,reason,occurredAt,documentId',
        'CLI-TEE-M,store-cli,absolute,12,count,2025-04-14T06:00:00Z,COUNT-1',
        '"CLI-TEE-M",dc-cli,delta,5,receipt,2025-04-14T07:00:00Z,"PO, 77"',
        'CLI-TEE-M,store-cli,absolute,-3,count,2025-04-14T08:00:00Z,',
        'CLI-TEE-M,store-cli,delta,-1,sale,2025-04-14T09:00:00Z',
        'CLI-TEE-M,store-cli,delta,-2,sale,2025-04-14T10:00:00Z,',
      ].join('\n'),
    );
    // The real bin once: its exit code and output streams.
    const run = await omnihub(['stock', 'import', file, '--batch-size', '2'], { OMNIHUB_URL: t.hub.url, OMNIHUB_API_KEY: keys.write });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /importing \[#+\.*\] 3\/5/);
    assert.match(run.stderr, /importing \[#+\] 5\/5/);
    assert.match(run.stdout, /applied\s+3/);
    assert.match(run.stdout, /rejected\s+2/);
    assert.match(run.stdout, /^4\s+import-\w+-1\s+validation-failed: \/quantity an absolute quantity \(a count\) cannot be negative$/m);
    assert.match(run.stdout, /^5\s+6 cells where the header has 7$/m);
    assert.match(run.stderr, /2 of 5 rows were rejected; the others were recorded/);

    const again = await as('write', ['stock', 'import', file, '--json']);
    const report = JSON.parse(again.stdout) as { applied: number; duplicates: number; rejected: number };
    assert.deepEqual([report.applied, report.duplicates, report.rejected], [0, 3, 2], 'importing the same file again changes nothing');
  });

  it('records only the new rows of a file imported again after it grew or was re-saved', async () => {
    const lines = [
      'sku,locationId,mode,quantity,reason,occurredAt',
      'CLI-SOCK,store-cli,delta,5,receipt,2025-04-14T06:00:00Z',
      'CLI-SOCK,store-cli,delta,-2,sale,2025-04-14T07:00:00Z',
      'CLI-SOCK,store-cli,delta,-2,sale,2025-04-14T07:00:00Z',
    ];
    const onHand = async (): Promise<number | undefined> =>
      (JSON.parse((await as('read', ['stock', 'show', 'CLI-SOCK', '--json'])).stdout) as { locations: { onHand: number }[] }).locations[0]?.onHand;
    const first = await as('write', ['stock', 'import', write('daily.csv', lines.join('\n')), '--json']);
    assert.equal((JSON.parse(first.stdout) as { applied: number }).applied, 3, 'two identical rows are two movements');
    assert.equal(await onHand(), 1);

    const same = JSON.parse((await as('write', ['stock', 'import', path.join(dir, 'daily.csv'), '--json'])).stdout) as { applied: number; duplicates: number };
    assert.deepEqual([same.applied, same.duplicates], [0, 3], 'a second run reports what it found, not the answer of the first');

    // Grown by a line, saved with CRLF line endings, padded cells and its rows in another order.
    const grown = [lines[0], ' CLI-SOCK ,store-cli,delta,-1,sale,2025-04-14T08:00:00Z', lines[3], lines[1], lines[2]].join('\r\n');
    const again = JSON.parse((await as('write', ['stock', 'import', write('daily.csv', grown), '--json'])).stdout) as { applied: number; duplicates: number };
    assert.deepEqual([again.applied, again.duplicates], [1, 3]);
    assert.equal(await onHand(), 0);
  });

  it('imports JSON lines and shows the SKU per location and channel', async () => {
    const file = write(
      'movements.jsonl',
      [
        JSON.stringify({ movementId: 'cli-jl-1', sku: 'CLI-CAP', locationId: 'store-cli', mode: 'absolute', quantity: 4, reason: 'count', sourceSystem: 'square', occurredAt: '2025-04-14T06:00:00Z' }),
        '',
        JSON.stringify({ movementId: 'cli-jl-2', sku: 'CLI-CAP', locationId: 'dc-cli', mode: 'delta', quantity: 9, reason: 'receipt', occurredAt: '2025-04-14T06:00:00Z' }),
      ].join('\n'),
    );
    const run = await as('write', ['stock', 'import', file, '--source', 'wms']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /applied\s+2/);
    const show = await as('read', ['stock', 'show', 'CLI-CAP']);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /^dc-cli\s+9\s+0\s+0\s+0\s+0\s+0\s+9\s/m);
    assert.match(show.stdout, /^store-cli\s+4\s+0\s+0\s+0\s+0\s+0\s+4\s/m);
    assert.match(show.stdout, /^web-cli\s+web\s+13\s+12\s+12\s+1\s/m);
    const asJson = JSON.parse((await as('read', ['stock', 'show', 'CLI-CAP', '--json'])).stdout) as { locations: unknown[]; channels: { published: { available: number } }[] };
    assert.equal(asJson.locations.length, 2);
    assert.equal(asJson.channels[0]?.published.available, 12);
    assert.match((await as('read', ['stock', 'show', 'NEVER-SEEN'])).stdout, /no stock recorded for NEVER-SEEN/);
  });

  it('reports drift and fixes it only with --apply', async () => {
    const none = await as('ops', ['stock', 'reconcile', '--channel', 'web-cli']);
    assert.equal(none.code, 0, none.stderr);
    assert.match(none.stdout, /web-cli\s+no-reader/);
    const unregister = channelReaders.register('web-cli', { read: (_channel, skus) => Promise.resolve(new Map(skus.filter((s) => s !== 'CLI-CAP').map((s) => [s, 0]))) });
    try {
      const report = await as('ops', ['stock', 'reconcile', '--channel', 'web-cli']);
      assert.equal(report.code, 0, report.stderr);
      assert.match(report.stdout, /^web-cli\s+CLI-CAP\s+12\s+not listed\s+1$/m);
      assert.match(report.stdout, /run again with --apply/);
      const fixed = await as('ops', ['stock', 'reconcile', '--channel', 'web-cli', '--apply', '--json']);
      const runs = (JSON.parse(fixed.stdout) as { runs: { fixed: number }[] }).runs;
      assert.ok((runs[0]?.fixed ?? 0) >= 1);
    } finally {
      unregister();
    }
    const denied = await as('read', ['stock', 'reconcile']);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /403 forbidden/);
  });

  it('sets a backorder policy and refuses bad command lines', async () => {
    const run = await as('admin', ['stock', 'backorder', 'CLI-CAP', '3']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /CLI-CAP: reservations may go down to -3/);
    assert.equal((await as('admin', ['stock', 'backorder', 'CLI-CAP', '-1'])).code, 2);
    const file = write('bad-columns.csv', 'sku,location,quantity\nX,Y,1\n');
    const bad = await as('write', ['stock', 'import', file]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown CSV column location; the columns are movementId, sku, locationId/);
    assert.equal((await as('write', ['stock', 'import', file, '--batch-size', '0'])).code, 2);
    const missing = await as('write', ['stock', 'import', path.join(dir, 'nope.csv')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /cannot read .*nope\.csv/);
  });

  it('parses quoted CSV cells with commas, doubled quotes and line breaks', () => {
    assert.deepEqual(parseCsv('a,b\r\n"x, y","say ""hi""\nthere"\n\n1,2'), [
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['x, y', 'say "hi"\nthere'] },
      { line: 5, cells: ['1', '2'] },
    ]);
  });
});
