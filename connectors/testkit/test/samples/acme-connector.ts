import {
  defineConnector,
  hmacSha256,
  isFresh,
  PermanentFailure,
  verifyHmacSha256,
  type ConnectorDefinition,
  type ConnectorManifest,
  type VerifyResult,
  type WebhookRequest,
} from '@omnihub/connector-sdk';

/** Config of the sample "acme" connector the kit's own tests run against. */
export interface AcmeConfig {
  baseUrl: string;
  apiKey: string;
  webhookSecret: string;
}

/** Flaws the kit must catch, switched on one at a time. */
export interface AcmeFlaws {
  acceptsForgedWebhooks?: boolean;
  ignoresTimestamps?: boolean;
  logsSecret?: boolean;
  rateLimitIsPermanent?: boolean;
  sendsNoIdempotencyKey?: boolean;
}

/** The Acme manifest (a well-formed one). */
export function acmeManifest(): ConnectorManifest {
  return {
    id: 'acme',
    version: '1.2.0',
    name: 'Acme commerce',
    kind: 'ecommerce',
    vendorApiVersion: '2025-01',
    capabilities: {
      webhooks: [{ name: 'orders', vendorPayload: 'acme.Order', emits: ['order.created@1'] }],
      actions: [{ name: 'push-stock', consumes: ['inventory.level.changed@1'], vendorPayload: 'acme.StockLevel' }],
    },
    configSchema: {
      type: 'object',
      additionalProperties: false,
      required: ['baseUrl', 'apiKey', 'webhookSecret'],
      properties: {
        baseUrl: { type: 'string', format: 'uri' },
        apiKey: { type: 'string', minLength: 8, 'x-omnihub-secret': true },
        webhookSecret: { type: 'string', minLength: 16, 'x-omnihub-secret': true },
      },
    },
    allowedHosts: [],
    allowedHostsFromConfig: ['baseUrl'],
    compatibility: { sdk: '^0.1.0', canonical: { 'order.created': '>=1 <2', 'inventory.level.changed': '>=1 <2' } },
  };
}

function verify(request: WebhookRequest, config: AcmeConfig, now: Date, flaws: AcmeFlaws): VerifyResult {
  if (flaws.acceptsForgedWebhooks === true) return { ok: true };
  const timestamp = request.headers['x-acme-timestamp'] ?? '';
  if (flaws.ignoresTimestamps !== true && !isFresh(timestamp, now, 300)) return { ok: false, reason: 'stale or missing timestamp' };
  return verifyHmacSha256({ secret: config.webhookSecret, payload: `${timestamp}.${request.rawBody.toString('utf8')}`, signature: request.headers['x-acme-signature'], encoding: 'hex', prefix: 'sha256=' });
}

/** The Acme signature of `body` at `at`, as the vendor sends it. */
export function acmeSignature(secret: string, body: Buffer, at: Date): Record<string, string> {
  const timestamp = String(Math.floor(at.getTime() / 1000));
  return { 'x-acme-timestamp': timestamp, 'x-acme-signature': `sha256=${hmacSha256(secret, `${timestamp}.${body.toString('utf8')}`)}` };
}

/** The sample connector, with `flaws` switched on. */
export function acmeConnector(flaws: AcmeFlaws = {}): ConnectorDefinition<AcmeConfig> {
  return defineConnector<AcmeConfig>({
    manifest: acmeManifest(),
    webhooks: {
      orders: {
        verify: (request, ctx) => verify(request, ctx.config, ctx.clock.now(), flaws),
        parse: (request) => {
          const order = JSON.parse(request.rawBody.toString('utf8')) as { id: string; updated_at: string };
          return [{ id: `${order.id}:${order.updated_at}`, type: 'acme.Order', occurredAt: order.updated_at, partitionKey: order.id, payload: order }];
        },
      },
    },
    actions: {
      'push-stock': {
        execute: async (input, ctx) => {
          if (flaws.logsSecret === true) ctx.logger.debug({ auth: `Bearer ${ctx.config.apiKey}` }, 'pushing stock');
          else ctx.logger.debug({ key: input.idempotencyKey }, 'pushing stock');
          try {
            const response = await ctx.http.request<{ id?: string }>({
              method: 'POST',
              url: `${ctx.config.baseUrl}/stock`,
              headers: { authorization: `Bearer ${ctx.config.apiKey}`, ...(flaws.sendsNoIdempotencyKey === true ? {} : { 'idempotency-key': input.idempotencyKey }) },
              json: input.payload,
              idempotent: true,
            });
            return { vendorIds: response.data.id === undefined ? [] : [response.data.id] };
          } catch (error: unknown) {
            if (flaws.rateLimitIsPermanent === true && (error as { kind?: string }).kind === 'rate-limited') throw new PermanentFailure('acme refused the stock level', { cause: error });
            throw error;
          }
        },
      },
    },
  });
}
