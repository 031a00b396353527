import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { Coalescer, HubError, type SqlExecutor } from '@omnihub/core';
import { requestState } from '../http/request-state.ts';
import { parseJsonOrText } from '../http/parse-json.ts';

/** How long a stored reply answers retries of the same key (matches the contract's text). */
export const IDEMPOTENCY_TTL_HOURS = 24;

interface StoredReply {
  request_hash: string;
  status: number | null;
  response_headers: Record<string, string> | null;
  response_body: unknown;
}

/** Stable JSON: object keys sorted, so the same body hashes the same whatever its key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const REPLAYED_HEADERS = ['content-type', 'location'];

/** A key to claim before its request runs. */
interface Claim {
  apiKeyId: string;
  key: string;
  method: string;
  path: string;
  requestHash: string;
}

/** The reply to remember under a claimed key. */
interface Reply {
  apiKeyId: string;
  key: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

const pairOf = (apiKeyId: string, key: string): string => JSON.stringify([apiKeyId, key]);

/**
 * Claims keys in one statement, answering whether each was claimed: a new key, or one whose
 * stored reply expired, is taken over. A key given twice in one call is claimed by its first
 * request only; the other then finds it in progress.
 */
async function claimKeys(db: SqlExecutor, claims: readonly Claim[]): Promise<boolean[]> {
  const pairs = claims.map((claim) => pairOf(claim.apiKeyId, claim.key));
  const first = new Map<string, Claim>();
  claims.forEach((claim, index) => {
    const pair = pairs[index] ?? '';
    if (!first.has(pair)) first.set(pair, claim);
  });
  const unique = [...first.values()];
  const { rows } = await db.query<{ api_key_id: string; idempotency_key: string }>(
    `insert into idempotency_keys (api_key_id, idempotency_key, method, path, request_hash)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])
     on conflict (api_key_id, idempotency_key) do update set method = excluded.method, path = excluded.path,
       request_hash = excluded.request_hash, status = null, response_headers = null, response_body = null, created_at = now()
     where idempotency_keys.created_at < now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'
     returning api_key_id, idempotency_key`,
    [unique.map((c) => c.apiKeyId), unique.map((c) => c.key), unique.map((c) => c.method), unique.map((c) => c.path), unique.map((c) => c.requestHash)],
  );
  const claimed = new Set(rows.map((row) => pairOf(row.api_key_id, row.idempotency_key)));
  return claims.map((claim, index) => first.get(pairs[index] ?? '') === claim && claimed.has(pairs[index] ?? ''));
}

/** Stores the replies of claimed keys in one statement. */
async function storeReplies(db: SqlExecutor, replies: readonly Reply[]): Promise<null[]> {
  await db.query(
    `update idempotency_keys k set status = x.status, response_headers = x.response_headers, response_body = x.response_body
     from json_to_recordset($1::json) as x(api_key_id text, idempotency_key text, status int, response_headers jsonb, response_body jsonb)
     where k.api_key_id = x.api_key_id and k.idempotency_key = x.idempotency_key`,
    [JSON.stringify(replies.map((r) => ({ api_key_id: r.apiKeyId, idempotency_key: r.key, status: r.status, response_headers: r.headers, response_body: r.body ?? null })))],
  );
  return replies.map(() => null);
}

/**
 * `Idempotency-Key` on POST: the first reply (below 500) to a key is stored per API key; a retry
 * with the same key and body gets that reply again, with another body a 409 problem. A request
 * still in progress under the same key also gets 409. Replies expire after 24 hours. Requests
 * arriving together claim their keys in one statement, and store their replies in one.
 */
export function idempotency(db: SqlExecutor): RequestHandler {
  const claims = new Coalescer((batch: readonly Claim[]) => claimKeys(db, batch));
  const replies = new Coalescer((batch: readonly Reply[]) => storeReplies(db, batch));
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    const apiKey = requestState(res).apiKey;
    if (req.method !== 'POST' || key === undefined || apiKey === undefined) {
      next();
      return;
    }
    const requestHash = createHash('sha256').update(`${req.method} ${req.path}\n${canonical(req.body)}`).digest('hex');
    const claimed = await claims.call({ apiKeyId: apiKey.id, key, method: req.method, path: req.path, requestHash });
    if (!claimed) {
      const { rows } = await db.query<StoredReply & Record<string, unknown>>(
        'select request_hash, status, response_headers, response_body from idempotency_keys where api_key_id = $1 and idempotency_key = $2',
        [apiKey.id, key],
      );
      const stored = rows[0];
      if (stored === undefined || stored.request_hash !== requestHash) {
        next(new HubError('idempotency-key-conflict', { detail: 'this Idempotency-Key was used with a different request' }));
        return;
      }
      if (stored.status === null) {
        next(new HubError('idempotency-key-conflict', { detail: 'a request with this Idempotency-Key is still in progress' }));
        return;
      }
      for (const [name, value] of Object.entries(stored.response_headers ?? {})) res.setHeader(name, value);
      res.setHeader('idempotent-replayed', 'true');
      res.status(stored.status).send(JSON.stringify(stored.response_body));
      return;
    }
    remember(res, db, replies, apiKey.id, key);
    next();
  };
}

function remember(res: Response, db: SqlExecutor, replies: Coalescer<Reply, null>, apiKeyId: string, key: string): void {
  const send = res.send.bind(res);
  res.send = function rememberedSend(this: Response, body?: unknown): Response {
    const text = typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString('utf8') : JSON.stringify(body);
    const headers: Record<string, string> = {};
    for (const name of REPLAYED_HEADERS) {
      const value = res.getHeader(name);
      if (typeof value === 'string') headers[name] = value;
    }
    const status = res.statusCode;
    // A 5xx may succeed on retry: free the key instead of pinning the failure.
    const write =
      status >= 500
        ? db.query('delete from idempotency_keys where api_key_id = $1 and idempotency_key = $2', [apiKeyId, key])
        : replies.call({ apiKeyId, key, status, headers, body: parseJsonOrText(text) });
    write.then(
      () => send(body),
      () => send(body),
    );
    return res;
  };
}
