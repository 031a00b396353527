/**
 * A vendor API stand-in on 127.0.0.1 for the outage scenario: `POST /orders` answers 500 during
 * the first half of an outage window and 429 with `Retry-After` (the seconds left) during the
 * second half; outside the window it applies the order after a short service time and answers 201.
 * Like the vendors the connectors talk to, it honours `Idempotency-Key`: a key it already applied
 * is answered 200 with `idempotent-replayed: true` and applies nothing. Each applied order is a
 * row in `fault_effects` under its order id, so an order applied twice (under two keys: a key
 * that changed between deliveries) shows up as a duplicate.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Store } from '@omnihub/core';

/** Vendor latency of a successful call: a realistic API, and it lets the outage start mid-stream. */
const SERVICE_MS = 10;

/** What the stand-in answered. */
export interface StandInCounts {
  serverErrors: number;
  rateLimited: number;
  applied: number;
  /** Requests with a key applied before, answered as replays (the hub resent a call that had succeeded). */
  replays: number;
  /** Every Idempotency-Key applied. */
  keys: Set<string>;
  /** ms after the end of the outage of the first applied request, once it ended. */
  firstAfterOutageMs: number | undefined;
}

/** The running stand-in. */
export interface VendorStandIn {
  url: string;
  counts: StandInCounts;
  /** Starts an outage of `ms` now. */
  startOutage(ms: number): void;
  /** When the outage ends (performance.now() time), or undefined before it started. */
  readonly outageEndsAt: number | undefined;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (text += chunk));
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}

/** Starts the stand-in; its effects go to `store`'s `fault_effects`. */
export async function startVendorStandIn(store: Store): Promise<VendorStandIn> {
  let outage: { from: number; to: number } | undefined;
  const counts: StandInCounts = { serverErrors: 0, rateLimited: 0, applied: 0, replays: 0, keys: new Set(), firstAfterOutageMs: undefined };
  const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (req.method !== 'POST' || req.url !== '/orders') {
      answer(res, 404, { error: 'not found' });
      return;
    }
    const now = performance.now();
    if (outage !== undefined && now >= outage.from && now < outage.to) {
      const half = outage.from + (outage.to - outage.from) / 2;
      if (now < half) {
        counts.serverErrors += 1;
        answer(res, 500, { error: 'internal server error' });
      } else {
        counts.rateLimited += 1;
        answer(res, 429, { error: 'rate limited' }, { 'retry-after': String(Math.max(1, Math.ceil((outage.to - now) / 1000))) });
      }
      return;
    }
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string') {
      answer(res, 400, { error: 'Idempotency-Key required' });
      return;
    }
    if (counts.keys.has(key)) {
      counts.replays += 1;
      answer(res, 200, { id: key }, { 'idempotent-replayed': 'true' });
      return;
    }
    counts.keys.add(key);
    await sleep(SERVICE_MS);
    const { orderId } = JSON.parse(body) as { orderId: string };
    await store.query('insert into fault_effects (event_id, worker) values ($1, $2)', [orderId, key]);
    counts.applied += 1;
    if (outage !== undefined && counts.firstAfterOutageMs === undefined && now >= outage.to) counts.firstAfterOutageMs = now - outage.to;
    answer(res, 201, { id: orderId });
  };
  const server = await new Promise<Server>((resolve) => {
    const listening = createServer((req, res) => {
      handle(req, res).catch((error: unknown) => answer(res, 503, { error: String(error) }));
    }).listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts,
    startOutage: (ms) => {
      const from = performance.now();
      outage = { from, to: from + ms };
    },
    get outageEndsAt() {
      return outage?.to;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
