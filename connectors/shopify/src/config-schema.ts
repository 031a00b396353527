import type { JsonSchema } from '@omnihub/connector-sdk';

/** JSON Schema of a Shopify instance's config (secret fields marked `x-omnihub-secret`). */
export const CONFIG_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['shop', 'accessToken', 'webhookSecret'],
  properties: {
    shop: {
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
      description: 'The store’s myshopify sub-domain, e.g. `acme-eu` for acme-eu.myshopify.com',
    },
    accessToken: {
      type: 'string',
      minLength: 8,
      'x-omnihub-secret': true,
      description: 'Admin API access token of the custom app (`shpat_…`), sent as X-Shopify-Access-Token',
    },
    webhookSecret: {
      type: 'string',
      minLength: 16,
      'x-omnihub-secret': true,
      description: 'The app’s client secret, which signs webhooks (X-Shopify-Hmac-Sha256)',
    },
    locations: {
      type: 'object',
      description: 'Hub location id → Shopify location id (numeric or `gid://shopify/Location/…`)',
      propertyNames: { minLength: 1, maxLength: 200 },
      additionalProperties: { type: 'string', pattern: '^(gid://shopify/Location/)?[0-9]+$' },
    },
    reconciliationLookbackHours: {
      type: 'integer',
      minimum: 1,
      maximum: 720,
      default: 24,
      description: 'How far back the first reconciliation poll reads',
    },
    reconciliationOverlapSeconds: {
      type: 'integer',
      minimum: 0,
      maximum: 3600,
      default: 120,
      description: 'How far each poll re-reads before its watermark (late search indexing); re-reads are de-duplicated',
    },
    reconciliationPageSize: {
      type: 'integer',
      minimum: 1,
      maximum: 10,
      default: 5,
      description: 'Orders per reconciliation page (5 stays under Shopify’s 1,000-point single-query limit)',
    },
    maxThrottleWaitMs: {
      type: 'integer',
      minimum: 0,
      maximum: 60000,
      default: 10000,
      description: 'Longest in-process wait for the query-cost bucket to refill; a longer one is handed back to the hub as rate-limited',
    },
    lookupCacheSeconds: {
      type: 'integer',
      minimum: 0,
      maximum: 86400,
      default: 900,
      description: 'How long SKU ↔ inventory item lookups are cached',
    },
  },
};
