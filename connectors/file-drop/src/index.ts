/**
 * @omnihub/connector-file-drop 1.0.0: CSV and JSON-lines files from a watched folder.
 */
import { defineConnector } from '@omnihub/connector-sdk';
import type { FileDropConfig } from './config.ts';
import { filesPoller } from './files-poller.ts';
import { prepareFolder } from './folder.ts';
import { manifest } from './manifest.ts';

export type { FileDropConfig } from './config.ts';
export type { RowPayload } from './files-poller.ts';
export type { FileReport } from './finish-file.ts';

/** The file-drop connector. */
const connector = defineConnector<FileDropConfig>({
  manifest,
  pollers: { files: filesPoller },
  /** The connection check: the watched folder exists and processed/ and failed/ can be made in it. */
  testConnection: (ctx) => prepareFolder(ctx.config.folder),
});

export default connector;
