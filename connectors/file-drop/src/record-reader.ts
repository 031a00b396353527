import { open } from 'node:fs/promises';

/** One raw record of a file: the bytes of one CSV record (quoted newlines included) or one JSON line. */
export interface RawRecord {
  /** Byte offset of the record's first byte. */
  start: number;
  /** Byte offset just after the record and its line break: where the next record starts. */
  end: number;
  /** 1-based line number of the record's first line. */
  line: number;
  /** Line number where the next record starts. */
  endLine: number;
  /** The record's bytes without the line break. */
  bytes: Buffer;
  /** Set when the record could not be delimited (a quote never closed, a record too long). */
  problem?: string;
}

/** Where reading starts: a record boundary and its line number. */
export interface ReadPosition {
  offset: number;
  line: number;
}

/** Longest record accepted: a longer one is a bad row (most often a quote that never closes). */
export const MAX_RECORD_BYTES = 1024 * 1024;

/** Bytes read per file read. */
const CHUNK_BYTES = 64 * 1024;

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const CR = 0x0d;

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let index = bytes.indexOf(NEWLINE); index !== -1; index = bytes.indexOf(NEWLINE, index + 1)) count += 1;
  return count;
}

function withoutCr(bytes: Buffer): Buffer {
  return bytes.length > 0 && bytes[bytes.length - 1] === CR ? bytes.subarray(0, -1) : bytes;
}

/** Bytes of an oversized record kept for the report. */
const HEAD_BYTES = 200;

function tooLong(): string {
  return `record is longer than ${MAX_RECORD_BYTES} bytes (a quote that never closes?)`;
}

/**
 * Reads records from `path` starting at `from`. With `quoted` (CSV), a line break inside double
 * quotes belongs to the record; without it (JSON lines) every line break ends one. A record
 * longer than {@link MAX_RECORD_BYTES} is given with a `problem` (and only its first bytes), and
 * reading resumes after the first line break following its start, so one broken row can neither
 * swallow the rest of the file nor fill memory, and a file splits into the same rows whatever
 * offset reading starts from. Blank lines are given too (empty `bytes`); the caller skips them.
 */
export async function* readRecords(path: string, from: ReadPosition, quoted: boolean): AsyncGenerator<RawRecord> {
  const handle = await open(path, 'r');
  try {
    let pending = Buffer.alloc(0);
    let start = from.offset;
    let line = from.line;
    let position = from.offset;
    let scanned = 0;
    let inQuotes = false;
    /** The head of an oversized record whose line break has not been read yet. */
    let oversized: Buffer | undefined;
    for (;;) {
      if (oversized !== undefined) {
        const cut = pending.indexOf(NEWLINE);
        if (cut === -1) pending = Buffer.alloc(0);
        else {
          const end = position - pending.length + cut + 1;
          yield { start, end, line, endLine: line + 1, bytes: oversized, problem: tooLong() };
          line += 1;
          pending = pending.subarray(cut + 1);
          start = end;
          oversized = undefined;
        }
      }
      // Delimit every complete record in what has been read so far.
      while (oversized === undefined && scanned < pending.length) {
        const byte = pending[scanned];
        if (quoted && byte === QUOTE) inQuotes = !inQuotes;
        else if (byte === NEWLINE && !inQuotes) {
          if (scanned > MAX_RECORD_BYTES) break;
          const bytes = pending.subarray(0, scanned);
          const end = start + scanned + 1;
          const endLine = line + countNewlines(bytes) + 1;
          yield { start, end, line, endLine, bytes: withoutCr(bytes) };
          line = endLine;
          pending = pending.subarray(scanned + 1);
          start = end;
          scanned = 0;
          continue;
        }
        scanned += 1;
      }
      if (oversized === undefined && (pending.length > MAX_RECORD_BYTES || scanned > MAX_RECORD_BYTES)) {
        // Too long, wherever its end lies: it ends at the first line break after its start,
        // quotes or not, so the same file always splits into the same rows.
        oversized = Buffer.from(pending.subarray(0, HEAD_BYTES));
        scanned = 0;
        inQuotes = false;
        continue;
      }
      const chunk = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, position);
      if (bytesRead === 0) {
        if (oversized !== undefined) yield { start, end: position, line, endLine: line + 1, bytes: oversized, problem: tooLong() };
        else if (pending.length > 0) {
          const endLine = line + countNewlines(pending) + 1;
          yield { start, end: position, line, endLine, bytes: withoutCr(pending), ...(inQuotes ? { problem: 'a quoted field is never closed' } : {}) };
        }
        break;
      }
      position += bytesRead;
      pending = pending.length === 0 ? chunk.subarray(0, bytesRead) : Buffer.concat([pending, chunk.subarray(0, bytesRead)]);
    }
  } finally {
    await handle.close();
  }
}
