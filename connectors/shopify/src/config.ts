/**
 * An instance's config. `shop` names the store (`<shop>.myshopify.com`), `accessToken` is the
 * Admin API access token of the custom app, `webhookSecret` the app's client secret that signs
 * webhooks.
 */
export interface ShopifyConfig {
  /** The store's myshopify sub-domain, e.g. `acme-eu` for acme-eu.myshopify.com. */
  shop: string;
  /** Admin API access token (`shpat_…`), sent as X-Shopify-Access-Token (secret). */
  accessToken: string;
  /** The app's client secret: webhooks are signed with it (secret). */
  webhookSecret: string;
  /** Hub location id → Shopify location id (numeric or `gid://shopify/Location/…`). */
  locations?: Record<string, string> | undefined;
  /** How far back the first reconciliation poll reads (default 24 h). */
  reconciliationLookbackHours?: number | undefined;
  /** How far each poll re-reads before its watermark, for late search indexing (default 120 s). */
  reconciliationOverlapSeconds?: number | undefined;
  /** Orders per reconciliation page (default 5, keeps a page under Shopify's 1,000-point single-query limit). */
  reconciliationPageSize?: number | undefined;
  /** Longest in-process wait for the query-cost bucket to refill; longer waits are handed to the hub (default 10 000 ms). */
  maxThrottleWaitMs?: number | undefined;
  /** How long a SKU ↔ inventory item lookup is cached (default 900 s). */
  lookupCacheSeconds?: number | undefined;
}

/** The Admin API version this connector speaks. */
export const API_VERSION = '2025-01';

/** Defaults of the optional settings, each with the reason for its value. */
export const DEFAULTS = {
  /** A day covers a hub outage over a night without reading the whole order history. */
  reconciliationLookbackHours: 24,
  /** Shopify's search index lags writes by seconds; two minutes of overlap catches late-indexed orders (re-reads are de-duplicated). */
  reconciliationOverlapSeconds: 120,
  /** 5 orders of ~160 points each (25 line items, 10 transactions, 10 fulfillment orders) stay near 800 points, under the 1,000-point single-query limit. */
  reconciliationPageSize: 5,
  /** Cancelled orders are read with 5 fields each: 50 of them cost about 52 points. */
  cancellationPageSize: 50,
  /** Ten seconds refills 500 points at the standard plan's 50 points/s; longer waits go back to the hub. */
  maxThrottleWaitMs: 10_000,
  /** SKUs rarely move between variants; 15 minutes keeps lookups cheap and renames visible soon. */
  lookupCacheSeconds: 900,
} as const;

/** The GraphQL endpoint of the configured store. */
export function graphqlEndpoint(config: Pick<ShopifyConfig, 'shop'>): string {
  return `https://${config.shop}.myshopify.com/admin/api/${API_VERSION}/graphql.json`;
}

/** `<shop>.myshopify.com`, the domain Shopify puts in X-Shopify-Shop-Domain. */
export function shopDomain(config: Pick<ShopifyConfig, 'shop'>): string {
  return `${config.shop}.myshopify.com`;
}
