import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { csvFields } from '../src/csv-fields.ts';
import { MAX_RECORD_BYTES, readRecords, type RawRecord, type ReadPosition } from '../src/record-reader.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'omnihub-records-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function all(file: string, from: ReadPosition, quoted: boolean): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  for await (const record of readRecords(file, from, quoted)) records.push(record);
  return records;
}

function shape(records: RawRecord[]): [number, number, number, string, string | undefined][] {
  return records.map((r) => [r.start, r.end, r.line, r.bytes.toString('utf8').slice(0, 40), r.problem]);
}

describe('file-drop record reader', () => {
  it('splits a file into the same records whichever record boundary reading starts from', async () => {
    const quotedHuge = `"${'a'.repeat(MAX_RECORD_BYTES - 10)}\n${'b'.repeat(100_000)}\n"`;
    const content = ['h1,h2', 'a,1', `b,${quotedHuge}`, 'c,"x', 'y"', 'd,4', `e,${'z'.repeat(MAX_RECORD_BYTES + 70_000)}`, 'f,6'].join('\n');
    const file = path.join(dir, 'mixed.csv');
    writeFileSync(file, content);
    const whole = await all(file, { offset: 0, line: 1 }, true);
    assert.ok(whole.some((r) => r.problem !== undefined));
    for (const [index, record] of whole.entries()) {
      const rest = await all(file, { offset: record.end, line: record.endLine }, true);
      assert.deepEqual(shape(rest), shape(whole.slice(index + 1)), `from the end of record ${index}`);
    }
    assert.deepEqual(whole.at(-1)?.bytes.toString('utf8'), 'f,6');
  });

  it('gives JSON lines one record per line, with line numbers and offsets', async () => {
    const file = path.join(dir, 'feed.jsonl');
    writeFileSync(file, '{"a":1}\r\n\n{"b":"x\\ny"}\n');
    const records = await all(file, { offset: 0, line: 1 }, false);
    assert.deepEqual(shape(records), [
      [0, 9, 1, '{"a":1}', undefined],
      [9, 10, 2, '', undefined],
      [10, 23, 3, '{"b":"x\\ny"}', undefined],
    ]);
  });

  it('reads back any fields written as RFC 4180 CSV', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 8 }), (fields) => {
        const line = fields.map((field) => `"${field.replaceAll('"', '""')}"`).join(',');
        assert.deepEqual(csvFields(line, ','), { fields });
      }),
    );
    assert.deepEqual(csvFields('a,,"b"""', ','), { fields: ['a', '', 'b"'] });
    assert.deepEqual(csvFields('a;b', ';'), { fields: ['a', 'b'] });
    assert.deepEqual(csvFields('a,b"c', ','), { problem: 'field 2: a quote inside an unquoted field' });
  });
});
