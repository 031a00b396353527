import { Router } from 'express';
import { HubError, type SchemaRegistry } from '@omnihub/core';
import { numberParam, stringParam } from '../http/request-state.ts';

/** `GET /v1/schemas` and `GET /v1/schemas/{name}/{version}`. */
export function schemaRoutes(registry: SchemaRegistry): Router {
  const router = Router();
  router.get('/v1/schemas', (req, res) => {
    const kind = typeof req.query['kind'] === 'string' ? req.query['kind'] : undefined;
    res.json({ items: registry.list().filter((summary) => kind === undefined || summary.kind === kind) });
  });
  router.get('/v1/schemas/:name/:version', (_req, res) => {
    const ref = { name: stringParam(res, 'name'), version: numberParam(res, 'version') };
    const schema = registry.get(ref);
    if (schema === undefined) throw new HubError('schema-not-found', { detail: `no schema ${ref.name}@${ref.version}` });
    res.type('application/schema+json').send(JSON.stringify(schema));
  });
  return router;
}
