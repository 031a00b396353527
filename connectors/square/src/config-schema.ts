import type { JsonSchema } from '@omnihub/connector-sdk';

/** JSON Schema of a Square instance's config (secret fields marked `x-omnihub-secret`). */
export const CONFIG_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accessToken', 'webhookSignatureKey'],
  properties: {
    accessToken: { type: 'string', minLength: 8, 'x-omnihub-secret': true, description: 'Access token of the seller, sent as `Authorization: Bearer …`' },
    webhookSignatureKey: { type: 'string', minLength: 16, 'x-omnihub-secret': true, description: 'Signature key of the webhook subscriptions (x-square-hmacsha256-signature)' },
    environment: { type: 'string', enum: ['production', 'sandbox'], default: 'production', description: 'connect.squareup.com or connect.squareupsandbox.com' },
    webhookUrlBase: {
      type: 'string',
      pattern: '^https?://[^/?#]+$',
      description: 'The hub’s public base URL as Square calls it, when a proxy changes scheme or host: Square signs the notification URL',
    },
    locations: {
      type: 'object',
      description: 'Hub location id → Square location id',
      propertyNames: { minLength: 1, maxLength: 200 },
      additionalProperties: { type: 'string', pattern: '^[A-Za-z0-9]{1,50}$' },
    },
    applicationId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$', description: 'This integration’s Square application id: its own inventory changes are not polled back' },
    pollLookbackHours: { type: 'integer', minimum: 1, maximum: 720, default: 24, description: 'How far back the first inventory change poll reads' },
    pollOverlapSeconds: { type: 'integer', minimum: 0, maximum: 3600, default: 60, description: 'How far each poll re-reads before its watermark; re-reads are de-duplicated' },
    pollPageSize: { type: 'integer', minimum: 1, maximum: 1000, default: 100, description: 'Inventory changes per page' },
    lookupCacheSeconds: { type: 'integer', minimum: 0, maximum: 86400, default: 900, description: 'How long SKU ↔ catalog object id lookups are cached' },
  },
};
