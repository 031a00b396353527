import { Router } from 'express';
import { HubError, traceOf, type SqlExecutor, type TraceStep } from '@omnihub/core';
import type { components } from '../generated/api-types.ts';
import { stringParam } from '../http/request-state.ts';

type Trace = components['schemas']['Trace'];
type TraceEvent = components['schemas']['TraceEvent'];

/** Groups the logged steps by event, events in the order they were first seen. */
export function groupTrace(correlationId: string, steps: readonly TraceStep[]): Trace {
  const events = new Map<string, TraceEvent>();
  for (const step of steps) {
    let event = events.get(step.eventId);
    if (event === undefined) {
      event = { eventId: step.eventId, eventType: step.eventType, steps: [] };
      events.set(step.eventId, event);
    }
    event.steps.push({ at: step.at, subscriber: step.subscriber, outcome: step.outcome, attempt: step.attempt, detail: step.detail });
  }
  return { correlationId, events: [...events.values()] };
}

/** `GET /v1/traces/{correlationId}`: one business transaction's path through the broker. */
export function traceRoutes(db: SqlExecutor): Router {
  const router = Router();
  router.get('/v1/traces/:correlationId', async (_req, res) => {
    const correlationId = stringParam(res, 'correlationId');
    const steps = await traceOf(db, correlationId);
    if (steps.length === 0) {
      throw new HubError('not-found', { detail: `nothing is logged for correlation id ${correlationId} (the message log keeps a week by default)` });
    }
    res.json(groupTrace(correlationId, steps));
  });
  return router;
}
