import { ConfigurationFailure } from '@omnihub/connector-sdk';

/** The file being read and how far: enough to resume exactly after the last row handed out. */
export interface FileProgress {
  /** File name inside the watched folder. */
  name: string;
  /** SHA-256 of the file's content: row ids derive from it, and a replaced file is noticed. */
  sha256: string;
  /** Size and modification time when hashed: while they hold, the hash is not computed again. */
  size: number;
  mtimeMs: number;
  /** Byte offset and line number where the next unread record starts. */
  offset: number;
  line: number;
  /** Data rows handed out so far (good and bad); the next row is `row + 1`. */
  row: number;
  /** Every row has been handed out: once this cursor is stored the file is moved away. */
  done: boolean;
}

/** The poller's cursor: the file in progress, if any. */
export interface FileDropCursor {
  v: 1;
  file?: FileProgress | undefined;
}

/** Encodes a cursor for the cursor store. */
export function encodeCursor(cursor: FileDropCursor): string {
  return JSON.stringify(cursor);
}

function isProgress(value: unknown): value is FileProgress {
  if (value === null || typeof value !== 'object') return false;
  const p = value as Record<string, unknown>;
  return (
    typeof p['name'] === 'string' &&
    typeof p['sha256'] === 'string' &&
    ['size', 'mtimeMs', 'offset', 'line', 'row'].every((key) => typeof p[key] === 'number' && Number.isFinite(p[key])) &&
    typeof p['done'] === 'boolean'
  );
}

/** Decodes a stored cursor; none means nothing is in progress. A cursor it cannot read pauses the instance. */
export function decodeCursor(text: string | undefined): FileDropCursor {
  if (text === undefined || text === '') return { v: 1 };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const cursor = parsed as { v?: unknown; file?: unknown } | undefined;
  if (cursor?.v !== 1 || (cursor.file !== undefined && !isProgress(cursor.file))) {
    throw new ConfigurationFailure('the stored file-drop cursor is not one this version wrote; reset the instance cursor', { code: 'file-drop.cursor-invalid' });
  }
  return { v: 1, file: cursor.file };
}
