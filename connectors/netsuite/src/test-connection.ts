import type { ConnectorContext } from '@omnihub/connector-sdk';
import type { NetSuiteConfig } from './config.ts';
import { runSuiteQl } from './suiteql/run-suiteql.ts';

/**
 * A live check: one SuiteQL row (`SELECT id FROM subsidiary`), which proves the host, the
 * credentials and the REST web services permission at once.
 */
export async function testConnection(ctx: ConnectorContext<NetSuiteConfig>): Promise<void> {
  await runSuiteQl(ctx, 'SELECT id FROM subsidiary', 0, 1);
}
