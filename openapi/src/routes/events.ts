import { Router, type Response } from 'express';
import { acceptEvent, validateIncomingEvent, type CloudEvent, type SchemaRegistry, type Store } from '@omnihub/core';

/** Dependencies of the events route. */
export interface EventRouteDeps {
  store: Store;
  registry: SchemaRegistry;
  /** Called after an event is committed to the outbox, to relay it without waiting for a poll. */
  onAccepted: () => void;
}

function withDefaults(raw: unknown, res: Response): unknown {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const event = raw as Partial<CloudEvent>;
  const correlation = res.getHeader('x-correlation-id');
  return {
    ...event,
    time: event.time ?? new Date().toISOString(),
    correlationid: event.correlationid ?? (typeof correlation === 'string' ? correlation : event.id),
    partitionkey: event.partitionkey ?? event.subject ?? event.id,
  };
}

/** `POST /v1/events`: validate a canonical CloudEvent and accept it durably. */
export function eventRoutes(deps: EventRouteDeps): Router {
  const router = Router();
  router.post('/v1/events', async (req, res) => {
    const { event } = validateIncomingEvent(deps.registry, withDefaults(req.body, res));
    const outcome = await deps.store.transaction((tx) => acceptEvent(tx, event));
    if (outcome === 'accepted') deps.onAccepted();
    res.status(202).json({
      id: event.id,
      type: event.type,
      dataschema: event.dataschema,
      status: outcome,
      acceptedAt: new Date().toISOString(),
      correlationId: event.correlationid ?? event.id,
    });
  });
  return router;
}
