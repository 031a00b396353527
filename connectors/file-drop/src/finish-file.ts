import { access, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResolvedConfig } from './config.ts';
import type { FileProgress } from './cursor.ts';
import { readPage } from './file-pages.ts';
import { FAILED_DIR, fileState, formatOf, PROCESSED_DIR, sha256Of } from './folder.ts';
import type { BadRow, FileFormat } from './rows.ts';

/** Bad rows listed one by one in a report at most; the count covers them all. */
export const MAX_REPORTED_BAD_ROWS = 1000;

/** What `<file>.report.json` holds, next to the moved file. */
export interface FileReport {
  file: string;
  sha256: string;
  format: FileFormat;
  /** `processed` when every row was good, `failed` when any row (or the file itself) was bad. */
  outcome: 'processed' | 'failed';
  /** Where the file now is, relative to the watched folder. */
  movedTo: string;
  /** Data rows in the file, good and bad. */
  rows: number;
  /** Rows handed to the hub (each once: its id is `<sha256>:<row>`). */
  goodRows: number;
  badRowCount: number;
  /** The first {@link MAX_REPORTED_BAD_ROWS} bad rows: number, line, reason and text. */
  badRows: BadRow[];
  /** Why no row could be read at all (e.g. no CSV header). */
  fileProblem?: string;
  finishedAt: string;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

/** A name in `dir` that no earlier file holds: the same name, else one tagged with the content hash. */
async function freeName(dir: string, name: string, sha256: string): Promise<string> {
  if (!(await exists(path.join(dir, name)))) return name;
  const ext = path.extname(name);
  return `${name.slice(0, name.length - ext.length)}.${sha256.slice(0, 12)}${ext}`;
}

/**
 * Moves a completely read file to `processed/` or `failed/` with its report. Called only once the
 * cursor saying so was stored, i.e. after the hub accepted every record of the file. Idempotent:
 * a file already moved (or replaced by another file of the same name) is left alone.
 */
export async function finishFile(config: ResolvedConfig, progress: FileProgress, now: Date): Promise<FileReport | undefined> {
  const source = path.join(config.folder, progress.name);
  const format = formatOf(progress.name);
  const state = await fileState(source);
  if (state === undefined || format === undefined) return undefined;
  if ((state.size !== progress.size || state.mtimeMs !== progress.mtimeMs) && (await sha256Of(source)) !== progress.sha256) return undefined;
  const full = await readPage({ file: source, format, delimiter: config.delimiter, requiredColumns: config.requiredColumns, from: { offset: 0, line: 1, row: 0 }, limit: Number.POSITIVE_INFINITY, keepGood: false });
  const outcome = full.fileProblem !== undefined || full.bad.length > 0 ? 'failed' : 'processed';
  const dir = path.join(config.folder, outcome === 'failed' ? FAILED_DIR : PROCESSED_DIR);
  const name = await freeName(dir, progress.name, progress.sha256);
  const report: FileReport = {
    file: progress.name,
    sha256: progress.sha256,
    format,
    outcome,
    movedTo: path.posix.join(outcome === 'failed' ? FAILED_DIR : PROCESSED_DIR, name),
    rows: full.goodCount + full.bad.length,
    goodRows: full.goodCount,
    badRowCount: full.bad.length,
    badRows: full.bad.slice(0, MAX_REPORTED_BAD_ROWS),
    ...(full.fileProblem === undefined ? {} : { fileProblem: full.fileProblem }),
    finishedAt: now.toISOString(),
  };
  // The report first: should the process stop between the two, the next poll writes both again.
  await writeFile(path.join(dir, `${name}.report.json`), `${JSON.stringify(report, null, 2)}\n`);
  await rename(source, path.join(dir, name));
  return report;
}
