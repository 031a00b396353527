import { Router, type Response } from 'express';
import {
  contentHash,
  deleteDeadLetter,
  getDeadLetter,
  HubError,
  listDeadLetters,
  readAudit,
  recordAudit,
  replayDeadLetters,
  type AuditRecord,
  type DeadLetter,
  type DeadLetterFilter,
  type SchemaRegistry,
  type Store,
} from '@omnihub/core';
import type { components } from '../generated/api-types.ts';
import { actorOf, requestState, stringParam } from '../http/request-state.ts';
import { checkCursor } from './cursor.ts';

type Schemas = components['schemas'];

/** Dependencies of the dead-letter routes. */
export interface DeadLetterRouteDeps {
  store: Store;
  registry: SchemaRegistry;
  /** Called after replays were queued in the outbox, to relay them without waiting for a poll. */
  onReplayQueued: () => void;
}

/** Page size when the caller gives no `limit` (the contract's default). */
const DEFAULT_LIMIT = 50;

const FILTER_FIELDS = ['eventType', 'subscriber', 'errorCode', 'source', 'from', 'to', 'q'] as const;

/** The listing filters from the validated query parameters. */
function filterOf(res: Response): DeadLetterFilter {
  const { params } = requestState(res);
  const filter: DeadLetterFilter = {};
  for (const field of FILTER_FIELDS) {
    const value = params[field];
    if (value !== undefined) filter[field] = String(value);
  }
  const status = params['status'];
  if (status === 'open' || status === 'replayed') filter.status = status;
  return filter;
}

/** A dead letter without what summaries leave out (event data, raw message, stack, history). */
function summaryOf(letter: DeadLetter): Schemas['DeadLetterSummary'] {
  return {
    id: letter.id,
    subscriber: letter.subscriber,
    eventId: letter.eventId,
    eventType: letter.eventType,
    source: letter.source,
    correlationId: letter.correlationId,
    errorKind: letter.errorKind,
    errorCode: letter.errorCode,
    errorMessage: letter.errorMessage,
    attempts: letter.attempts,
    status: letter.status,
    replayCount: letter.replayCount,
    createdAt: letter.createdAt,
    updatedAt: letter.updatedAt,
    connectorVersion: letter.connectorVersion,
    mappingVersion: letter.mappingVersion,
  };
}

/** An audit line as the contract has it: absent fields left out rather than undefined. */
function auditLineOf(record: AuditRecord): Schemas['AuditRecord'] {
  const { reason, beforeHash, afterHash, details, ...line } = record;
  return {
    ...line,
    ...(reason === undefined ? {} : { reason }),
    ...(beforeHash === undefined ? {} : { beforeHash }),
    ...(afterHash === undefined ? {} : { afterHash }),
    ...(details === undefined ? {} : { details }),
  };
}

/**
 * `GET /v1/dead-letters`, `GET /v1/dead-letters/{id}`, `POST /v1/dead-letters/replay` and
 * `DELETE /v1/dead-letters/{id}`: search, inspect, replay (with an optional JSON Patch) and purge,
 * every change audited under the caller's API key name.
 */
export function deadLetterRoutes(deps: DeadLetterRouteDeps): Router {
  const router = Router();

  router.get('/v1/dead-letters', async (_req, res) => {
    const { params } = requestState(res);
    const cursor = typeof params['cursor'] === 'string' ? params['cursor'] : undefined;
    if (cursor !== undefined) checkCursor(cursor);
    const limit = typeof params['limit'] === 'number' ? params['limit'] : DEFAULT_LIMIT;
    const page = await listDeadLetters(deps.store, filterOf(res), { limit, cursor });
    const body: Schemas['DeadLetterPage'] = { items: page.items.map(summaryOf), ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
    res.json(body);
  });

  // Declared before `/:id` so that `replay` is never taken for an id (the contract orders them the same way).
  router.post('/v1/dead-letters/replay', async (req, res) => {
    const request = req.body as Schemas['ReplayRequest'];
    if ((request.ids === undefined) === (request.filter === undefined)) {
      throw new HubError('validation-failed', {
        detail: 'give exactly one of ids (the dead letters to replay) or filter (replay every match)',
        errors: [{ path: '', message: 'must have exactly one of the properties ids and filter', keyword: 'oneOf' }],
      });
    }
    const report = await replayDeadLetters(
      { store: deps.store, registry: deps.registry, onQueued: deps.onReplayQueued },
      {
        ids: request.ids,
        filter: request.filter,
        patch: request.patch,
        dryRun: request.dryRun,
        ratePerSecond: request.ratePerSecond,
        reason: request.reason,
        actor: actorOf(res),
      },
    );
    const body: Schemas['ReplayReport'] = report;
    res.json(body);
  });

  router.get('/v1/dead-letters/:id', async (_req, res) => {
    const id = stringParam(res, 'id');
    const letter = await getDeadLetter(deps.store, id);
    if (letter === undefined) throw new HubError('not-found', { detail: `no dead letter ${id}` });
    const audit = await readAudit(deps.store, `dead-letter:${id}`);
    const body: Schemas['DeadLetter'] = { ...letter, audit: audit.map(auditLineOf) };
    res.json(body);
  });

  router.delete('/v1/dead-letters/:id', async (_req, res) => {
    const id = stringParam(res, 'id');
    const reason = requestState(res).params['reason'];
    const actor = actorOf(res);
    const purged = await deps.store.transaction(async (tx) => {
      const letter = await getDeadLetter(tx, id);
      // A concurrent purge may have won between the read and the delete: then nothing is audited.
      if (letter === undefined || !(await deleteDeadLetter(tx, id))) return false;
      await recordAudit(tx, {
        actor,
        action: 'purge',
        target: `dead-letter:${id}`,
        reason: reason === undefined ? undefined : String(reason),
        beforeHash: contentHash(letter),
        details: { eventId: letter.eventId, eventType: letter.eventType, subscriber: letter.subscriber, errorCode: letter.errorCode },
      });
      return true;
    });
    if (!purged) throw new HubError('not-found', { detail: `no dead letter ${id}` });
    res.status(204).end();
  });

  return router;
}
