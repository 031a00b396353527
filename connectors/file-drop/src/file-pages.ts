import { readRecords, type RawRecord, type ReadPosition } from './record-reader.ts';
import { headerColumns, isBlank, readRow, type BadRow, type FileFormat, type Row, type RowSchema } from './rows.ts';

/** Where the next data row starts and how many rows came before it. */
export interface RowPosition extends ReadPosition {
  row: number;
}

/** What to read and how. */
export interface PageRequest {
  file: string;
  format: FileFormat;
  delimiter: string;
  requiredColumns: string[];
  from: RowPosition;
  /** Rows (good or bad) to read at most. */
  limit: number;
  /** Keep the good rows (a report only counts them). */
  keepGood: boolean;
}

/** One page of a file. */
export interface Page {
  good: Row[];
  goodCount: number;
  bad: BadRow[];
  /** Where the page stopped. */
  next: RowPosition;
  /** No row is left after this page. */
  done: boolean;
  /** Set when the whole file cannot be read (no usable CSV header). */
  fileProblem?: string;
}

/** The row schema of a file, and where its data rows start (after the CSV header). */
async function schemaOf(request: PageRequest): Promise<{ schema: RowSchema; dataStart: ReadPosition } | { problem: string }> {
  const base = { format: request.format, delimiter: request.delimiter, requiredColumns: request.requiredColumns };
  if (request.format === 'jsonl') return { schema: { ...base, columns: [] }, dataStart: { offset: 0, line: 1 } };
  let header: RawRecord | undefined;
  for await (const record of readRecords(request.file, { offset: 0, line: 1 }, true)) {
    if (isBlank(record)) continue;
    header = record;
    break;
  }
  const columns = headerColumns(header, request.delimiter, request.requiredColumns);
  if ('problem' in columns) return columns;
  return { schema: { ...base, columns: columns.columns }, dataStart: { offset: header?.end ?? 0, line: header?.endLine ?? 1 } };
}

/**
 * Reads up to `limit` data rows of a file from a row position (offset 0 means the start, before
 * any CSV header), splitting them into good and bad rows. `done` is set when no row is left, so
 * the caller knows the file is complete without another read.
 */
export async function readPage(request: PageRequest): Promise<Page> {
  const found = await schemaOf(request);
  if ('problem' in found) return { good: [], goodCount: 0, bad: [], next: request.from, done: true, fileProblem: found.problem };
  const { schema, dataStart } = found;
  let next: RowPosition = request.from.offset === 0 ? { ...dataStart, row: 0 } : request.from;
  const page: Page = { good: [], goodCount: 0, bad: [], next, done: true };
  let taken = 0;
  for await (const record of readRecords(request.file, next, request.format === 'csv')) {
    if (isBlank(record)) {
      if (taken < request.limit) next = { offset: record.end, line: record.endLine, row: next.row };
      continue;
    }
    if (taken >= request.limit) {
      page.done = false;
      break;
    }
    taken += 1;
    const row = next.row + 1;
    const outcome = readRow(record, row, schema);
    if ('good' in outcome) {
      page.goodCount += 1;
      if (request.keepGood) page.good.push(outcome.good);
    } else page.bad.push(outcome.bad);
    next = { offset: record.end, line: record.endLine, row };
  }
  page.next = next;
  return page;
}
