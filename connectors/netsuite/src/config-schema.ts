import type { JsonSchema } from '@omnihub/connector-sdk';

const secret = (description: string): JsonSchema => ({ type: 'string', minLength: 8, 'x-omnihub-secret': true, description });

/** JSON Schema of a NetSuite instance's config (secret fields marked `x-omnihub-secret`). */
export const CONFIG_SCHEMA: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['accountId', 'auth'],
  properties: {
    accountId: { type: 'string', pattern: '^[0-9A-Za-z]+([_-][0-9A-Za-z]+)?$', description: 'Account id, e.g. 1234567 or 1234567_SB1 (the TBA realm)' },
    baseUrl: {
      type: 'string',
      format: 'uri',
      pattern: '^https?://[^/]+/?$',
      description: 'Origin of the REST services; default https://<account>.suitetalk.api.netsuite.com',
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      required: ['method'],
      description: 'tba (OAuth 1.0a, HMAC-SHA256) or client-credentials (OAuth 2.0, JWT assertion)',
      properties: {
        method: { enum: ['tba', 'client-credentials'], description: 'Authentication method' },
        consumerKey: secret('tba: consumer key of the integration record'),
        consumerSecret: secret('tba: consumer secret of the integration record'),
        tokenId: secret('tba: token id of the access token'),
        tokenSecret: secret('tba: token secret of the access token'),
        clientId: { type: 'string', minLength: 1, description: 'client-credentials: client id of the integration record' },
        certificateId: { type: 'string', minLength: 1, description: 'client-credentials: certificate id of the M2M mapping' },
        privateKey: { type: 'string', pattern: '-----BEGIN [A-Z ]*PRIVATE KEY-----', 'x-omnihub-secret': true, description: 'client-credentials: PEM private key of that certificate' },
        algorithm: { enum: ['PS256', 'ES256'], default: 'PS256', description: 'client-credentials: JWT signature algorithm' },
        scopes: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['rest_webservices', 'restlets', 'suite_analytics'] }, description: 'client-credentials: scopes (default rest_webservices)' },
      },
      allOf: [
        {
          if: { properties: { method: { const: 'tba' } } },
          then: {
            required: ['consumerKey', 'consumerSecret', 'tokenId', 'tokenSecret'],
            not: { anyOf: [{ required: ['clientId'] }, { required: ['certificateId'] }, { required: ['privateKey'] }] },
          },
        },
        {
          if: { properties: { method: { const: 'client-credentials' } } },
          then: {
            required: ['clientId', 'certificateId', 'privateKey'],
            not: { anyOf: [{ required: ['consumerKey'] }, { required: ['consumerSecret'] }, { required: ['tokenId'] }, { required: ['tokenSecret'] }] },
          },
        },
      ],
    },
    timeZone: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$', default: 'UTC', description: 'Time zone of the integration user (SuiteQL dates are in it)' },
    inventoryPageSize: { type: 'integer', minimum: 1, maximum: 1000, default: 1000, description: 'Rows per SuiteQL page' },
    inventoryOverlapSeconds: { type: 'integer', minimum: 0, maximum: 3600, default: 120, description: 'How far each inventory poll re-reads before its watermark' },
    inventoryStartAt: { type: 'string', format: 'date-time', description: 'Where the first inventory poll starts (default 24 h back)' },
    asyncPollAttempts: { type: 'integer', minimum: 1, maximum: 60, default: 10, description: 'Job polls of an asynchronous write before the hub retries it' },
    asyncPollIntervalMs: { type: 'integer', minimum: 0, maximum: 30000, default: 1000, description: 'Pause between job polls' },
  },
};
