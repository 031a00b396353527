import { createTestContext, type TestContext } from '@omnihub/connector-sdk/testing';
import connector, { type NetSuiteConfig } from '../../src/index.ts';

/** The account every test talks to (a sandbox id: realm 1234567_SB1, host 1234567-sb1). */
export const ORIGIN = 'https://1234567-sb1.suitetalk.api.netsuite.com';

/** TBA credentials of the tests (made-up values of the documented shape). */
export const TBA = {
  method: 'tba',
  consumerKey: 'ck-4e1f0c2b9a8d7e6f5a4b3c2d1e0f9a8b',
  consumerSecret: 'cs-8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d',
  tokenId: 'tk-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d',
  tokenSecret: 'ts-6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a',
} as const;

/** A test context for a NetSuite instance with TBA, job polls without pauses. */
export function netsuiteContext(overrides: Partial<NetSuiteConfig> = {}): TestContext<NetSuiteConfig> {
  return createTestContext<NetSuiteConfig>({
    manifest: connector.manifest,
    config: { accountId: '1234567_SB1', auth: { ...TBA }, asyncPollIntervalMs: 0, ...overrides },
    instanceId: `netsuite-test-${Math.random().toString(36).slice(2, 8)}`,
  });
}
