import { csvFields } from './csv-fields.ts';
import type { RawRecord } from './record-reader.ts';

/** The formats the connector reads, by file extension. */
export type FileFormat = 'csv' | 'jsonl';

/** A good row: its number among the file's data rows, where it starts, and its values by column. */
export interface Row {
  row: number;
  line: number;
  values: Record<string, unknown>;
}

/** A row that cannot be imported, with why; `raw` is its text (cut to {@link RAW_CHARS}). */
export interface BadRow {
  row: number;
  line: number;
  reason: string;
  raw: string;
}

/** Characters of a bad row's text kept in the report. */
export const RAW_CHARS = 500;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function rawText(record: RawRecord): string {
  const text = record.bytes.toString('utf8');
  return text.length > RAW_CHARS ? `${text.slice(0, RAW_CHARS)}…` : text;
}

/** The text of a record, or undefined when it is not UTF-8. */
function decode(record: RawRecord): string | undefined {
  try {
    return utf8.decode(record.bytes);
  } catch {
    return undefined;
  }
}

/** How a file's rows are read: its format, CSV columns and delimiter, and the required columns. */
export interface RowSchema {
  format: FileFormat;
  /** CSV header names (empty for JSON lines). */
  columns: string[];
  delimiter: string;
  requiredColumns: string[];
}

function missingRequired(values: Record<string, unknown>, required: readonly string[]): string | undefined {
  const missing = required.filter((column) => {
    const value = values[column];
    return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
  });
  if (missing.length === 0) return undefined;
  return `missing required column${missing.length === 1 ? '' : 's'} ${missing.map((column) => `"${column}"`).join(', ')}`;
}

function valuesOf(text: string, schema: RowSchema): Record<string, unknown> | string {
  if (schema.format === 'jsonl') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error: unknown) {
      return `not valid JSON: ${error instanceof Error ? error.message : String(error)}`;
    }
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : 'not a JSON object';
  }
  const split = csvFields(text, schema.delimiter);
  if ('problem' in split) return split.problem;
  if (split.fields.length !== schema.columns.length) return `has ${split.fields.length} field${split.fields.length === 1 ? '' : 's'}, the header has ${schema.columns.length}`;
  return Object.fromEntries(schema.columns.map((column, index) => [column, split.fields[index] ?? '']));
}

/**
 * Reads one data record as row number `row`: a good row with its values, or a bad row saying
 * why (not UTF-8, not delimitable, unparseable, wrong field count, a required column empty).
 */
export function readRow(record: RawRecord, row: number, schema: RowSchema): { good: Row } | { bad: BadRow } {
  const bad = (reason: string): { bad: BadRow } => ({ bad: { row, line: record.line, reason, raw: rawText(record) } });
  if (record.problem !== undefined) return bad(record.problem);
  const text = decode(record);
  if (text === undefined) return bad('not valid UTF-8');
  const values = valuesOf(text, schema);
  if (typeof values === 'string') return bad(values);
  const missing = missingRequired(values, schema.requiredColumns);
  if (missing !== undefined) return bad(missing);
  return { good: { row, line: record.line, values } };
}

/** True for a blank line (no bytes, or only spaces and tabs), which is no row at all. */
export function isBlank(record: RawRecord): boolean {
  return record.problem === undefined && /^[ \t]*$/.test(record.bytes.toString('latin1'));
}

/**
 * The CSV header's columns, or a problem that fails the whole file (no header, an empty or
 * repeated name, a required column absent).
 */
export function headerColumns(record: RawRecord | undefined, delimiter: string, requiredColumns: readonly string[]): { columns: string[] } | { problem: string } {
  if (record === undefined) return { problem: 'the file has no header line' };
  const text = decode(record);
  if (text === undefined) return { problem: 'the header line is not valid UTF-8' };
  const split = csvFields(text.replace(/^\uFEFF/, ''), delimiter);
  if ('problem' in split) return { problem: `the header line is not valid CSV: ${split.problem}` };
  const columns = split.fields.map((name) => name.trim());
  const empty = columns.findIndex((name) => name === '');
  if (empty !== -1) return { problem: `header column ${empty + 1} has no name` };
  const repeated = columns.find((name, index) => columns.indexOf(name) !== index);
  if (repeated !== undefined) return { problem: `header column "${repeated}" appears twice` };
  const absent = requiredColumns.filter((column) => !columns.includes(column));
  if (absent.length > 0) return { problem: `the header lacks required column${absent.length === 1 ? '' : 's'} ${absent.map((c) => `"${c}"`).join(', ')}` };
  return { columns };
}
