import express, { type Express, type RequestHandler, type Router } from 'express';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { SchemaRegistry, Store } from '@omnihub/core';
import { ApiContract } from './contract/contract.ts';
import { authenticate } from './middleware/authenticate.ts';
import { validateBodies, validateRequests, validateResponses } from './middleware/contract-validation.ts';
import { correlation } from './middleware/correlation.ts';
import { notFound, problemErrors } from './middleware/errors.ts';
import { httpMetrics } from './middleware/http-metrics.ts';
import { idempotency } from './middleware/idempotency.ts';
import { deadLetterRoutes } from './routes/dead-letters.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes, type HealthSource } from './routes/health.ts';
import { schemaRoutes } from './routes/schemas.ts';
import { traceRoutes } from './routes/traces.ts';
import { isWebhookPath } from './routes/webhooks.ts';

/** What the facade is built from. */
export interface AppDeps {
  store: Store;
  registry: SchemaRegistry;
  broker: HealthSource;
  logger: Logger;
  metrics: Registry;
  version: string;
  /** Largest accepted body in bytes. */
  maxBodyBytes: number;
  /** Called after a request queued events in the outbox (accepted events, replays), to relay them at once. */
  onOutboxQueued?: () => void;
  /** The contract to serve (default: openapi/openapi.yaml). */
  contract?: ApiContract;
  /** Routers of the started areas (see areas/). */
  routers?: Router[];
  /** Serve the `/v1` facade (default true); a worker process serves health, readiness and metrics only. */
  facade?: boolean;
}

/**
 * Builds the express app of the facade. Every request is matched against the OpenAPI contract,
 * authenticated by scope, validated, and answered with contract-checked JSON or problem+json.
 */
export function createApp(deps: AppDeps): Express {
  const contract = deps.contract ?? ApiContract.load();
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use(correlation());
  app.use(httpMetrics(deps.metrics));
  // A worker serves health, readiness and metrics only: the facade's paths are not found here.
  if (deps.facade === false) app.use('/v1', notFound());
  app.use(validateRequests(contract));
  app.use(validateResponses(deps.logger));
  app.use(authenticate(deps.store));
  const parseJson: RequestHandler = express.json({ limit: deps.maxBodyBytes, type: ['application/json', 'application/*+json'] });
  // Webhook bodies stay raw bytes for the connector's signature check (routes/webhooks.ts reads them).
  app.use((req, res, next) => {
    if (isWebhookPath(req.path)) next();
    else parseJson(req, res, next);
  });
  app.use(validateBodies());
  app.use(idempotency(deps.store));
  app.use(healthRoutes({ version: deps.version, database: deps.store, broker: deps.broker, metrics: deps.metrics }));
  if (deps.facade === false) {
    app.use(notFound());
    app.use(problemErrors(deps.logger));
    return app;
  }
  app.use(schemaRoutes(deps.registry));
  app.use(eventRoutes({ store: deps.store, registry: deps.registry, onAccepted: deps.onOutboxQueued ?? (() => undefined) }));
  // Replays are queued in the same outbox as accepted events: the same callback relays them at once.
  app.use(deadLetterRoutes({ store: deps.store, registry: deps.registry, onReplayQueued: deps.onOutboxQueued ?? (() => undefined) }));
  app.use(traceRoutes(deps.store));
  for (const router of deps.routers ?? []) app.use(router);
  app.use(notFound());
  app.use(problemErrors(deps.logger));
  return app;
}
