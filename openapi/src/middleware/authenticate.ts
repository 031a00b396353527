import type { RequestHandler } from 'express';
import { Coalescer, HubError, scopeAllows, verifyApiKeys, type SqlExecutor } from '@omnihub/core';
import { requestState } from '../http/request-state.ts';

/**
 * Checks `Authorization: Bearer <key>` against the hashed keys and the operation's scope:
 * 401 for a missing or unknown key, 403 when the key lacks the scope. Every request reads its key
 * afresh (a revoked key is refused at once); requests arriving together share one read.
 */
export function authenticate(db: SqlExecutor): RequestHandler {
  const keys = new Coalescer((presented: readonly string[]) => verifyApiKeys(db, presented));
  return async (req, res, next) => {
    const state = requestState(res);
    if (state.operation.scope === 'none') {
      next();
      return;
    }
    const header = req.get('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    res.setHeader('www-authenticate', 'Bearer realm="omnihub"');
    if (match?.[1] === undefined) {
      next(new HubError('unauthorized', { detail: 'send an API key as "Authorization: Bearer <key>"' }));
      return;
    }
    const key = await keys.call(match[1]);
    if (key === undefined) {
      next(new HubError('unauthorized', { detail: 'the API key is unknown or revoked' }));
      return;
    }
    res.removeHeader('www-authenticate');
    if (!scopeAllows(key.scopes, state.operation.scope)) {
      next(new HubError('forbidden', { detail: `this operation needs the "${state.operation.scope}" scope; the key has ${key.scopes.join(', ')}` }));
      return;
    }
    state.apiKey = key;
    next();
  };
}
