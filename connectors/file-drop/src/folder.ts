import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationFailure } from '@omnihub/connector-sdk';
import type { FileFormat } from './rows.ts';

/** Sub-folder of the watched folder where fully imported files go. */
export const PROCESSED_DIR = 'processed';
/** Sub-folder where files with bad rows (or unreadable ones) go, with their report. */
export const FAILED_DIR = 'failed';

/** A file waiting in the watched folder. */
export interface DroppedFile {
  name: string;
  format: FileFormat;
  size: number;
  mtimeMs: number;
}

/** The format of a file by its extension, or undefined for files the connector does not take. */
export function formatOf(name: string): FileFormat | undefined {
  if (name.startsWith('.')) return undefined;
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.jsonl')) return 'jsonl';
  return undefined;
}

/** Checks the watched folder exists and creates `processed/` and `failed/` in it. */
export async function prepareFolder(folder: string): Promise<void> {
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw new ConfigurationFailure(`the watched folder ${folder} is not a folder`, { code: 'file-drop.folder-invalid' });
    await mkdir(path.join(folder, PROCESSED_DIR), { recursive: true });
    await mkdir(path.join(folder, FAILED_DIR), { recursive: true });
  } catch (error: unknown) {
    if (error instanceof ConfigurationFailure) throw error;
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown';
    throw new ConfigurationFailure(`the watched folder ${folder} cannot be used (${code})`, { code: 'file-drop.folder-invalid', cause: error });
  }
}

/**
 * Files ready to import, oldest first (then by name): `*.csv` and `*.jsonl` regular files not
 * modified for `settleSeconds`, so a file still being written waits for the next poll.
 */
export async function readyFiles(folder: string, now: Date, settleSeconds: number): Promise<DroppedFile[]> {
  const ready: DroppedFile[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const format = formatOf(entry.name);
    if (format === undefined || !entry.isFile()) continue;
    const info = await stat(path.join(folder, entry.name)).catch(() => undefined);
    if (info === undefined || now.getTime() - info.mtimeMs < settleSeconds * 1000) continue;
    ready.push({ name: entry.name, format, size: info.size, mtimeMs: info.mtimeMs });
  }
  return ready.sort((a, b) => a.mtimeMs - b.mtimeMs || a.name.localeCompare(b.name));
}

/** SHA-256 (hex) of a file's content, streamed. */
export function sha256Of(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** Size and modification time of a file, or undefined when it is gone. */
export async function fileState(file: string): Promise<{ size: number; mtimeMs: number } | undefined> {
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() === true ? { size: info.size, mtimeMs: info.mtimeMs } : undefined;
}
