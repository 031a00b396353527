import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import type { WebhookRequest } from '@omnihub/connector-sdk';
import { MappingCatalog } from '../../src/mappings/index.ts';
import { ConnectorRegistry, catalogMappings, createConnectorRuntime, loadDefinition, type ConnectorRuntime, type ConnectorRuntimeOptions, type MappingApplier } from '../../src/connectors/index.ts';
import type { EventBus, SchemaRegistry, Store } from '@omnihub/core';
import { shopConnector, SIGNATURE_HEADER, type ShopMove } from './fixtures/shop-connector.ts';

/** The shop connector's mappings (`fixtures/mappings`), in the hub's mapping catalog. */
export const SHOP_MAPPINGS_DIR = fileURLToPath(new URL('./fixtures/mappings/', import.meta.url));

let catalog: Promise<MappingApplier> | undefined;

/** The shop mappings as the runtime uses them, loaded once per test file. */
export function shopMappings(): Promise<MappingApplier> {
  catalog ??= MappingCatalog.load(SHOP_MAPPINGS_DIR).then(catalogMappings);
  return catalog;
}

/** A registry holding shop 1.0.0 and 2.0.0, loaded from definitions as discovery would. */
export function shopRegistry(schemas: SchemaRegistry): ConnectorRegistry {
  return new ConnectorRegistry([loadDefinition(shopConnector('1.0.0'), { schemas }), loadDefinition(shopConnector('2.0.0'), { schemas })]);
}

/** A pino logger whose lines are kept as text, to check what was (and was not) logged. */
export function capturedLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), text: () => lines.join('') };
}

/** A fixed 32-byte key for tests. */
export const TEST_KEY = Buffer.alloc(32, 7);

/** Opens a runtime over a store and a bus with the shop connector and its mappings. */
export async function shopRuntime(deps: { store: Store; registry: SchemaRegistry; bus: EventBus; logger?: Logger }, options: Partial<ConnectorRuntimeOptions> = {}): Promise<ConnectorRuntime> {
  return createConnectorRuntime({
    store: deps.store,
    registry: deps.registry,
    bus: deps.bus,
    logger: deps.logger ?? pino({ level: 'silent' }),
    mappings: await shopMappings(),
    secretKey: TEST_KEY,
    connectors: shopRegistry(deps.registry),
    // Vendor retries are the SDK client's own business (tested there); keep these tests' waits short.
    http: { retries: 0, circuitBreaker: false, timeoutMs: 5000 },
    retry: { maxAttempts: 3, initialDelayMs: 30, maxDelayMs: 100 },
    reconcileMs: 200,
    leaseTtlMs: 900,
    ...options,
  });
}

/** A webhook request signed (or not) as the shop signs it. */
export function shopWebhook(moves: ShopMove[], secret: string | undefined): WebhookRequest {
  const rawBody = Buffer.from(JSON.stringify({ moves }));
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (secret !== undefined) headers[SIGNATURE_HEADER] = `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
  return { headers, rawBody, url: 'https://hub.example/v1/webhooks/x', query: {} };
}

/** One stock move of the shop. */
export function move(id: string, delta = -1, seq?: string): ShopMove {
  return { id, sku: 'TSH-ORG-NVY-M', location: 'store-berlin-alex', delta, at: '2025-04-14T11:20:05Z', ...(seq === undefined ? {} : { seq }) };
}

/** A request the vendor server received. */
export interface VendorCall {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** How the vendor answers one request: status, JSON body and headers, after an optional delay. */
export interface VendorReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  delayMs?: number;
}

/** A reply, or a function of the call giving one. */
export type VendorScript = VendorReply | ((call: VendorCall) => VendorReply | Promise<VendorReply>);

/** A local node:http server playing the shop: every call recorded, replies programmed per path. */
export interface VendorServer {
  url: string;
  calls: VendorCall[];
  /** Replies for `path`, one per call; the last one repeats. */
  reply(path: string, ...replies: VendorScript[]): void;
  /** Most requests the server was answering at one time. */
  maxInFlight(): number;
  close(): Promise<void>;
}

/** Starts a {@link VendorServer} on 127.0.0.1. */
export async function vendorServer(): Promise<VendorServer> {
  const calls: VendorCall[] = [];
  const scripts = new Map<string, VendorScript[]>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://vendor');
      const call: VendorCall = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      calls.push(call);
      const script = scripts.get(url.pathname) ?? [];
      const next = script.length > 1 ? script.shift() : script[0];
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      void Promise.resolve(next === undefined ? { status: 404, body: { error: 'no such path' } } : typeof next === 'function' ? next(call) : next).then(async (reply) => {
        if (reply.delayMs !== undefined) await sleep(reply.delayMs);
        inFlight -= 1;
        res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
        res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    reply: (path, ...replies) => scripts.set(path, replies),
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A valid shop config pointing at `baseUrl`. */
export function shopConfig(baseUrl: string): Record<string, unknown> {
  return { baseUrl, apiToken: 'tok_live_ABCDEF123456', webhookSecret: 'whsec_0123456789abcdef', auth: { clientId: 'client-1', clientSecret: 'cs_live_SECRET987' } };
}

/**
 * A shop feed of `count` stock moves served by cursor: `/moves?after=N` answers the next `page`
 * moves after index N, the index of the last as `next`, and `more` while moves remain.
 */
export function movesFeed(count: number, page = 2): (call: VendorCall) => VendorReply {
  return (call) => {
    const after = Number(call.query.get('after') ?? '0');
    const last = Math.min(count, after + page);
    const moves = Array.from({ length: last - after }, (_, i) => move(`feed-${after + i + 1}`, 1, String(after + i + 1)));
    return { status: 200, body: { moves, next: String(last), more: last < count } };
  };
}
