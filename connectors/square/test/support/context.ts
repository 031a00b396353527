import { createTestContext, type TestContext } from '@omnihub/connector-sdk/testing';
import type { SquareConfig } from '../../src/config.ts';
import { manifest } from '../../src/manifest.ts';
import { startSquareDouble, type SquareDouble } from './square-double.ts';
import { BERLIN } from './square-state.ts';

/** The config of the tests' instance (Berlin mapped). */
export const TEST_CONFIG: SquareConfig = {
  accessToken: 'EAAAl-test-access-token-0001',
  webhookSignatureKey: 'test-signature-key-0123456789',
  locations: { 'berlin-1': BERLIN },
};

const started: SquareDouble[] = [];

/** Stops every fake seller {@link squareTest} started (call it after each test). */
export function stopSellers(): void {
  for (const seller of started.splice(0)) seller.stop();
}

/** A test context for the Square connector and a fake seller behind it (stopped by {@link stopSellers}). */
export function squareTest(options: { config?: Partial<SquareConfig> } = {}): { ctx: TestContext<SquareConfig>; square: SquareDouble } {
  const config = { ...TEST_CONFIG, ...options.config };
  const square = startSquareDouble({ accessToken: TEST_CONFIG.accessToken, ...(config.environment === 'sandbox' ? { origin: 'https://connect.squareupsandbox.com' } : {}) });
  started.push(square);
  return { ctx: createTestContext<SquareConfig>({ manifest, config }), square };
}
