import path from 'node:path';
import type { ConnectorContext, Poller, PollResult, VendorRecord } from '@omnihub/connector-sdk';
import { resolveConfig, type FileDropConfig, type ResolvedConfig } from './config.ts';
import { decodeCursor, encodeCursor, type FileProgress } from './cursor.ts';
import { readPage } from './file-pages.ts';
import { fileState, formatOf, prepareFolder, readyFiles, sha256Of } from './folder.ts';
import { finishFile } from './finish-file.ts';
import type { Row } from './rows.ts';

/** The vendor payload type of every record: one row of a dropped file. */
export const ROW_PAYLOAD = 'file-drop.Row';

/** What a row record carries: where it came from and its values by column. */
export interface RowPayload {
  file: string;
  sha256: string;
  row: number;
  line: number;
  values: Record<string, unknown>;
}

function recordOf(progress: FileProgress, row: Row, config: ResolvedConfig): VendorRecord {
  const payload: RowPayload = { file: progress.name, sha256: progress.sha256, row: row.row, line: row.line, values: row.values };
  const record: VendorRecord = { id: `${progress.sha256}:${row.row}`, type: ROW_PAYLOAD, occurredAt: new Date(progress.mtimeMs).toISOString(), payload };
  const key = config.partitionKeyColumn === undefined ? undefined : row.values[config.partitionKeyColumn];
  if (typeof key === 'string' && key !== '') record.partitionKey = key;
  else if (typeof key === 'number') record.partitionKey = String(key);
  return record;
}

/** The file in progress, checked against the folder: undefined when it is gone or was replaced. */
async function current(config: ResolvedConfig, progress: FileProgress, ctx: ConnectorContext<FileDropConfig>): Promise<FileProgress | undefined> {
  const file = path.join(config.folder, progress.name);
  const state = await fileState(file);
  if (state === undefined) {
    ctx.logger.warn({ file: progress.name }, 'file in progress left the folder before it was read to the end; its remaining rows are not imported');
    return undefined;
  }
  if (state.size === progress.size && state.mtimeMs === progress.mtimeMs) return progress;
  const sha256 = await sha256Of(file);
  if (sha256 === progress.sha256) return { ...progress, ...state };
  ctx.logger.warn({ file: progress.name }, 'file in progress was replaced by new content; reading the new content from its start');
  return undefined;
}

/** The next ready file as fresh progress, or undefined when none waits. */
async function nextFile(config: ResolvedConfig, ctx: ConnectorContext<FileDropConfig>): Promise<FileProgress | undefined> {
  const [file] = await readyFiles(config.folder, ctx.clock.now(), config.settleSeconds);
  if (file === undefined) return undefined;
  const sha256 = await sha256Of(path.join(config.folder, file.name));
  ctx.logger.info({ file: file.name, sha256, size: file.size }, 'importing file');
  return { name: file.name, sha256, size: file.size, mtimeMs: file.mtimeMs, offset: 0, line: 1, row: 0, done: false };
}

/**
 * The `files` poller. Each poll first moves the file the stored cursor marks as read to the end
 * (the hub accepted its records before storing that cursor), then reads up to `pageSize` rows of
 * the file in progress (or of the oldest ready file) and returns their records with a cursor
 * pointing just after them. `more` asks for the next poll at once while rows or moves remain.
 * A restart resumes from the stored cursor: no row is skipped, and a row handed out again keeps
 * its id (`<file sha256>:<row>`), so the hub takes it in once.
 */
export const filesPoller: Poller<FileDropConfig> = {
  async poll(cursorText, ctx): Promise<PollResult> {
    const config = resolveConfig(ctx.config);
    await prepareFolder(config.folder);
    const stored = decodeCursor(cursorText);
    let progress = stored.file;
    if (progress?.done === true) {
      const report = await finishFile(config, progress, ctx.clock.now());
      if (report !== undefined) {
        const fields = { file: report.file, movedTo: report.movedTo, goodRows: report.goodRows, badRows: report.badRowCount };
        if (report.outcome === 'failed') ctx.logger.warn({ ...fields, ...(report.fileProblem === undefined ? {} : { problem: report.fileProblem }) }, 'file imported with bad rows: see its report');
        else ctx.logger.info(fields, 'file imported');
      }
      progress = undefined;
    }
    if (progress !== undefined) progress = await current(config, progress, ctx);
    progress ??= await nextFile(config, ctx);
    if (progress === undefined) return { records: [], cursor: encodeCursor({ v: 1 }), more: false };
    const format = formatOf(progress.name);
    if (format === undefined) return { records: [], cursor: encodeCursor({ v: 1 }), more: true };
    const page = await readPage({
      file: path.join(config.folder, progress.name),
      format,
      delimiter: config.delimiter,
      requiredColumns: config.requiredColumns,
      from: { offset: progress.offset, line: progress.line, row: progress.row },
      limit: config.pageSize,
      keepGood: true,
    });
    const next: FileProgress = { ...progress, ...page.next, done: page.done };
    const records = page.good.map((row) => recordOf(next, row, config));
    if (page.bad.length > 0) ctx.logger.debug({ file: progress.name, badRows: page.bad.length }, 'bad rows skipped; they are listed in the report');
    // Even after the last page, poll again at once: that poll moves the file away.
    return { records, cursor: encodeCursor({ v: 1, file: next }), more: true };
  },
};
