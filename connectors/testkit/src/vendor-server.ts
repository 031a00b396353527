import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { VendorDouble } from './conformance-config.ts';

/** A request the vendor server received. */
export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/orders?dry=1`. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: Buffer;
}

/** An answer of the vendor server. */
export interface VendorResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** Settings of {@link startVendorServer}. */
export interface VendorServerOptions {
  /**
   * What makes two writes the same vendor effect. Default: the `idempotency-key` header; a write
   * without one is always a new effect. Return undefined for a request that is no effect.
   */
  effectKey?: ((request: RecordedRequest) => string | undefined) | undefined;
  /** The answer to a new effect or a read (default 201 for writes, 200 for reads, `{ id }` as JSON). */
  respond?: ((request: RecordedRequest, effectNumber: number | undefined) => VendorResponse) | undefined;
}

/** The vendor server: a {@link VendorDouble} that also shows what it received. */
export interface VendorServer extends VendorDouble {
  /** Every request received, oldest first. */
  requests(): RecordedRequest[];
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Idempotency key of a write; a write without one gets a key of its own (a new effect every time). */
function keyedByIdempotencyHeader(): (request: RecordedRequest) => string | undefined {
  let unkeyed = 0;
  return (request) => {
    if (!WRITES.has(request.method)) return undefined;
    unkeyed += 1;
    return request.headers['idempotency-key'] ?? `unkeyed-write-${unkeyed}`;
  };
}

function defaultRespond(request: RecordedRequest, effectNumber: number | undefined): VendorResponse {
  return effectNumber === undefined ? { status: 200, body: { ok: true } } : { status: request.method === 'POST' ? 201 : 200, body: { id: `effect-${effectNumber}` } };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, answer: VendorResponse, extraHeaders: Record<string, string> = {}): void {
  const { body } = answer;
  const isText = typeof body === 'string' || Buffer.isBuffer(body);
  const payload = body === undefined ? '' : isText ? body : JSON.stringify(body);
  const contentType = body === undefined || isText ? {} : { 'content-type': 'application/json' };
  response.writeHead(answer.status, { ...contentType, ...answer.headers, ...extraHeaders });
  response.end(payload);
}

/**
 * Starts a vendor double on 127.0.0.1 (a free port) that behaves like a vendor honouring
 * idempotency keys: the first write with a key is an effect, a replay of that key answers the
 * first reply again (with `idempotent-replayed: true`) and is no new effect. `respondWith` makes it
 * fail every request until `reset`.
 *
 * @example
 * const vendor = await startVendorServer();
 * await fetch(`${vendor.url}/orders`, { method: 'POST', headers: { 'idempotency-key': 'k1' } });
 * vendor.effects(); // 1
 * await vendor.stop();
 */
export async function startVendorServer(options: VendorServerOptions = {}): Promise<VendorServer> {
  const effectKey = options.effectKey ?? keyedByIdempotencyHeader();
  const respond = options.respond ?? defaultRespond;
  const received: RecordedRequest[] = [];
  const applied = new Map<string, VendorResponse>();
  let forced: VendorResponse | undefined;

  const server = createServer((request, response) => {
    readBody(request).then(
      (body) => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(request.headers)) {
          if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
        }
        const recorded: RecordedRequest = { method: request.method ?? 'GET', path: request.url ?? '/', headers, body };
        received.push(recorded);
        if (forced !== undefined) {
          send(response, forced);
          return;
        }
        const key = effectKey(recorded);
        if (key === undefined) {
          send(response, respond(recorded, undefined));
          return;
        }
        const earlier = applied.get(key);
        if (earlier !== undefined) {
          send(response, earlier, { 'idempotent-replayed': 'true' });
          return;
        }
        const answer = respond(recorded, applied.size + 1);
        // Only a successful write is an effect; a refused one may be sent again.
        if (answer.status < 300) applied.set(key, answer);
        send(response, answer);
      },
      () => response.destroy(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    effects: () => applied.size,
    requests: () => [...received],
    respondWith: (status, headers = {}, body?: unknown) => {
      forced = { status, headers, body };
    },
    reset: () => {
      forced = undefined;
    },
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
