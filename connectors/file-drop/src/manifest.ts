import type { ConnectorManifest } from '@omnihub/connector-sdk';

/** The file-drop connector's manifest, version 1.0.0. */
export const manifest: ConnectorManifest = {
  id: 'file-drop',
  version: '1.0.0',
  name: 'File drop (CSV / JSON lines)',
  description: 'Watches a folder for *.csv and *.jsonl files; each row becomes a record for the instance mapping; files move to processed/ or failed/ with a report.',
  kind: 'inventory',
  vendorApiVersion: 'file-drop-1',
  capabilities: {
    polling: [
      {
        name: 'files',
        vendorPayload: 'file-drop.Row',
        emits: ['inventory.movement.recorded@1'],
        intervalSeconds: 30,
        description: 'One record per row: { file, sha256, row, line, values }, id "<file sha256>:<row>".',
      },
    ],
  },
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['folder'],
    properties: {
      folder: { type: 'string', minLength: 2, pattern: '^(/|[A-Za-z]:[\\\\/])', description: 'Absolute path of the watched folder; processed/ and failed/ are created in it' },
      requiredColumns: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 }, default: [], description: 'Columns (CSV header names or JSON keys) every row must fill' },
      delimiter: { type: 'string', minLength: 1, maxLength: 1, not: { enum: ['"', '\n', '\r'] }, default: ',', description: 'CSV field delimiter' },
      pageSize: { type: 'integer', minimum: 1, maximum: 10000, default: 500, description: 'Rows read per poll; a larger file is read over several polls' },
      settleSeconds: { type: 'integer', minimum: 0, maximum: 3600, default: 5, description: 'A file is taken once unmodified this long, so half-written files wait' },
      partitionKeyColumn: { type: 'string', minLength: 1, description: 'Column whose value orders rows per key (e.g. sku)' },
    },
  },
  allowedHosts: [],
  compatibility: { sdk: '^0.1.0', canonical: { 'inventory.movement.recorded': '>=1 <2' } },
};
