import { Router } from 'express';
import type { Registry } from 'prom-client';
import type { StoreHealth } from '@omnihub/core';

/** Something whose health `/ready` reports (the store, the broker). */
export interface HealthSource {
  health(): Promise<StoreHealth>;
}

/** Dependencies of the health routes. */
export interface HealthDeps {
  version: string;
  database: HealthSource;
  broker: HealthSource;
  metrics: Registry;
}

function check(result: StoreHealth): { status: 'up' | 'down'; latencyMs: number; error?: string } {
  return {
    status: result.ok ? 'up' : 'down',
    latencyMs: Math.round(result.latencyMs * 1000) / 1000,
    ...(result.error === undefined ? {} : { error: result.error }),
  };
}

/** `GET /health` (the process answers), `GET /ready` (database and broker reachable), `GET /metrics`. */
export function healthRoutes(deps: HealthDeps): Router {
  const router = Router();
  const started = Date.now();
  router.get('/health', (_req, res) => {
    res.json({ status: 'ok', version: deps.version, uptimeSeconds: (Date.now() - started) / 1000 });
  });
  router.get('/ready', async (_req, res) => {
    const [database, broker] = await Promise.all([deps.database.health(), deps.broker.health()]);
    const ready = database.ok && broker.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not-ready', checks: { database: check(database), broker: check(broker) } });
  });
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.contentType).send(await deps.metrics.metrics());
  });
  return router;
}
