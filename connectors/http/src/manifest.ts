import type { ConnectorManifest } from '@omnihub/connector-sdk';

/** Canonical events the `request` action can send: whatever a mapping turns into an HTTP call. */
export const CONSUMED_EVENTS = [
  'order.created@1',
  'order.cancelled@1',
  'order.routed@2',
  'inventory.level.changed@1',
  'fulfillment.requested@1',
  'fulfillment.shipped@1',
  'return.requested@1',
  'refund.issued@1',
  'customer.upserted@1',
  'notification.requested@1',
] as const;

/** Canonical events the `events` webhook can bring in, through the instance's mapping. */
export const EMITTED_EVENTS = [
  'order.created@1',
  'order.cancelled@1',
  'inventory.movement.recorded@1',
  'fulfillment.accepted@1',
  'fulfillment.rejected@1',
  'fulfillment.shipped@1',
  'return.requested@1',
  'customer.upserted@1',
] as const;

/** Each canonical type's admitted versions: the major this connector names for it. */
const canonical = Object.fromEntries(
  [...new Set([...CONSUMED_EVENTS, ...EMITTED_EVENTS])].map((ref) => {
    const version = Number(ref.slice(ref.indexOf('@') + 1));
    return [ref.slice(0, ref.indexOf('@')), `>=${version} <${version + 1}`];
  }),
);

/** The generic HTTP connector's manifest, version 1.0.0. */
export const manifest: ConnectorManifest = {
  id: 'http',
  version: '1.0.0',
  name: 'Generic HTTP',
  description: 'Outbound REST calls whose method, path and body come from a mapping; inbound JSON webhooks signed with HMAC-SHA256.',
  kind: 'generic',
  vendorApiVersion: 'omnihub-http-1',
  capabilities: {
    webhooks: [
      {
        name: 'events',
        vendorPayload: 'http.Event',
        emits: [...EMITTED_EVENTS],
        description: 'JSON events (one object, an array, or { "events": [...] }) signed with x-omnihub-signature: sha256=<hex> over "<x-omnihub-timestamp>.<raw body>".',
      },
    ],
    actions: [
      {
        name: 'request',
        consumes: [...CONSUMED_EVENTS],
        vendorPayload: 'http.Request',
        description: 'Sends { method, path, headers?, query?, body? } (produced by the instance mapping) to baseUrl with an Idempotency-Key header.',
      },
    ],
  },
  configSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['baseUrl'],
    properties: {
      baseUrl: { type: 'string', format: 'uri', pattern: '^https?://', description: 'Where requests go, http(s)://host[:port][/prefix], e.g. https://erp.example.com/api; its host is the only one called' },
      authorization: { type: 'string', minLength: 1, 'x-omnihub-secret': true, description: 'Sent as the Authorization header, e.g. "Bearer …"' },
      headers: {
        type: 'object',
        description: 'Static headers on every request (not for credentials)',
        propertyNames: { pattern: '^[A-Za-z0-9-]+$' },
        additionalProperties: { type: 'string' },
      },
      webhookSecret: { type: 'string', minLength: 16, 'x-omnihub-secret': true, description: 'Shared secret of inbound HMAC-SHA256 signatures; without it every webhook is refused' },
      signatureToleranceSeconds: { type: 'integer', minimum: 1, maximum: 3600, default: 300, description: 'How far the signed timestamp may lie from now' },
      events: { type: 'array', uniqueItems: true, minItems: 1, items: { enum: [...CONSUMED_EVENTS] }, description: 'The type@versions the request action sends (default: all it consumes); others are left alone' },
      timeoutMs: { type: 'integer', minimum: 100, maximum: 60000, default: 10000, description: 'Per-request timeout' },
      healthPath: { type: 'string', pattern: '^/', description: 'What the connection check reads (default /; 404 and 405 count as reachable)' },
    },
  },
  allowedHosts: [],
  allowedHostsFromConfig: ['baseUrl'],
  compatibility: { sdk: '^0.1.0', canonical },
};
