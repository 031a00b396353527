import assert from 'node:assert/strict';
import { createTestContext, type TestContext } from '@omnihub/connector-sdk/testing';
import type { ShopifyConfig } from '../../src/config.ts';
import { manifest } from '../../src/manifest.ts';
import { seededShop } from './seed.ts';
import { startShopifyDouble, type ShopifyDouble, type ShopifyDoubleOptions } from './shopify-double.ts';

/** The config of the tests' instance (shop `acme-eu`, Berlin mapped). */
export const TEST_CONFIG: ShopifyConfig = {
  shop: 'acme-eu',
  accessToken: 'shpat_test_token_0001',
  webhookSecret: 'test-client-secret-0123456789',
  locations: { 'berlin-1': '1001' },
};

const started: ShopifyDouble[] = [];

/**
 * Stops every fake shop {@link shopifyTest} started (call it after each test). With `check`, first
 * asserts that each shop received only documents valid against the Admin API schema (`documents`)
 * and, with `executed`, that none of them failed to execute.
 */
export function stopShops(check: 'documents' | 'executed' | 'nothing' = 'nothing'): void {
  const shops = started.splice(0);
  for (const shop of shops) shop.stop();
  for (const shop of shops) {
    if (check !== 'nothing') assert.deepEqual(shop.invalidDocuments, []);
    if (check === 'executed') assert.deepEqual(shop.executionErrors, []);
  }
}

/** A test context for the Shopify connector and a fake shop behind it (stopped by {@link stopShops}). */
export function shopifyTest(options: { config?: Partial<ShopifyConfig>; double?: Partial<ShopifyDoubleOptions> } = {}): { ctx: TestContext<ShopifyConfig>; shop: ShopifyDouble } {
  const config = { ...TEST_CONFIG, ...options.config };
  const shop = startShopifyDouble({ shop: config.shop, accessToken: config.accessToken, state: seededShop(), ...options.double });
  started.push(shop);
  const ctx = createTestContext<ShopifyConfig>({ manifest, config });
  return { ctx, shop };
}
