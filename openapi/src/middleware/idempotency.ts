import { createHash } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { HubError, type SqlExecutor } from '@omnihub/core';
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

/**
 * `Idempotency-Key` on POST: the first reply (below 500) to a key is stored per API key; a retry
 * with the same key and body gets that reply again, with another body a 409 problem. A request
 * still in progress under the same key also gets 409. Replies expire after 24 hours.
 */
export function idempotency(db: SqlExecutor): RequestHandler {
  return async (req, res, next) => {
    const key = req.get('idempotency-key');
    const apiKey = requestState(res).apiKey;
    if (req.method !== 'POST' || key === undefined || apiKey === undefined) {
      next();
      return;
    }
    const requestHash = createHash('sha256').update(`${req.method} ${req.path}\n${canonical(req.body)}`).digest('hex');
    // Claims the key in one statement: a new key, or one whose stored reply expired, is taken over.
    const claimed = await db.query(
      `insert into idempotency_keys (api_key_id, idempotency_key, method, path, request_hash)
       values ($1, $2, $3, $4, $5)
       on conflict (api_key_id, idempotency_key) do update set method = excluded.method, path = excluded.path,
         request_hash = excluded.request_hash, status = null, response_headers = null, response_body = null, created_at = now()
       where idempotency_keys.created_at < now() - interval '${IDEMPOTENCY_TTL_HOURS} hours'
       returning idempotency_key`,
      [apiKey.id, key, req.method, req.path, requestHash],
    );
    if (claimed.rowCount === 0) {
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
    remember(res, db, apiKey.id, key);
    next();
  };
}

function remember(res: Response, db: SqlExecutor, apiKeyId: string, key: string): void {
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
        : db.query(
            'update idempotency_keys set status = $3, response_headers = $4, response_body = $5 where api_key_id = $1 and idempotency_key = $2',
            [apiKeyId, key, status, headers, parseJsonOrText(text)],
          );
    write.then(
      () => send(body),
      () => send(body),
    );
    return res;
  };
}
