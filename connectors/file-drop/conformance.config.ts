import path from 'node:path';
import { defineConformance } from '@omnihub/connector-testkit';
import type { FileDropConfig } from './src/index.ts';

const NO_WEBHOOKS = 'file-drop takes files from a watched folder; it has no webhooks to sign';

/** How `omnihub connectors test` exercises the file-drop connector. */
export default defineConformance<FileDropConfig>({
  config: ({ workDir }) => ({ folder: path.join(workDir, 'inbox'), requiredColumns: ['sku', 'quantity'], pageSize: 100 }),
  invalidConfigs: [
    { config: { folder: 'relative/inbox' }, why: 'folder is not an absolute path' },
    { config: { folder: '/srv/inbox', pageSize: 0 }, why: 'pageSize below 1' },
    { config: { folder: '/srv/inbox', delimiter: '"' }, why: 'a quote cannot delimit fields' },
    { config: { folder: '/srv/inbox', requiredColumns: 'sku' }, why: 'requiredColumns is not a list' },
    { config: { folder: '/srv/inbox', pattern: '*.txt' }, why: 'an unknown field' },
  ],
  waivers: {
    'webhook-signature': NO_WEBHOOKS,
    'webhook-freshness': NO_WEBHOOKS,
    'action-idempotency': 'file-drop only reads files; it has no outbound action',
    'http-classification': 'file-drop makes no HTTP calls: it reads the local file system',
  },
});
