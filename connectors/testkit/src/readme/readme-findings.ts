import type { ConnectorManifest } from '@omnihub/connector-sdk';
import { renderConfigTable, withConfigTable } from './config-table.ts';

/** How a README's config table is brought up to date, for the finding that says it is not. */
export const UPDATE_COMMAND = 'node --conditions=omnihub-source <testkit>/src/readme/update-config-table.ts <package folder> --write';

/**
 * What a connector's README lacks against its manifest: the config table generated from
 * `configSchema` (between the `config-table:start` and `config-table:end` markers), the vendor API
 * version, and every capability by name (in backticks). Empty when the README is complete.
 *
 * @example
 * assert.deepEqual(readmeFindings(readFileSync(new URL('../README.md', import.meta.url), 'utf8'), manifest), []);
 */
export function readmeFindings(readme: string, manifest: ConnectorManifest): string[] {
  const findings: string[] = [];
  try {
    if (withConfigTable(readme, renderConfigTable(manifest.configSchema)) !== readme) findings.push(`the config table differs from the manifest's configSchema: ${UPDATE_COMMAND}`);
  } catch (error: unknown) {
    findings.push(error instanceof Error ? error.message : String(error));
  }
  if (!readme.includes(manifest.vendorApiVersion)) findings.push(`the README does not name the vendor API version "${manifest.vendorApiVersion}"`);
  const { webhooks = [], polling = [], actions = [] } = manifest.capabilities;
  for (const capability of [...webhooks, ...polling, ...actions]) {
    if (!readme.includes(`\`${capability.name}\``)) findings.push(`the README does not name the capability \`${capability.name}\``);
  }
  return findings;
}
