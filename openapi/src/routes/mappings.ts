import { Router, type Response } from 'express';
import { HubError, isMappingError, mappingRef, type FieldError, type MappingCatalog, type MappingError, type MappingVersion } from '@omnihub/core';
import type { components } from '../generated/api-types.ts';
import { problemOf, sendProblem, type Problem } from '../http/problem.ts';
import { stringParam } from '../http/request-state.ts';

type Schemas = components['schemas'];

/** Dependencies of the mapping routes. */
export interface MappingRouteDeps {
  catalog: MappingCatalog;
}

/** What a mapping problem adds to problem+json (see `MappingProblem` in the contract). */
type MappingProblem = Problem & Omit<Schemas['MappingProblem'], keyof Schemas['Problem']>;

/** The version `version` selects, or a 404 naming the mapping and its versions. */
function selectVersion(catalog: MappingCatalog, id: string, version: string | undefined): MappingVersion {
  try {
    return catalog.get(id, version);
  } catch (error: unknown) {
    if (isMappingError(error)) throw new HubError('not-found', { detail: error.message });
    throw error;
  }
}

/** A mapping failure as a 422 problem: the failure, where in the expression, where in the input or the result. */
function mappingProblem(error: MappingError): MappingProblem {
  const errors: FieldError[] = [];
  if (error.inputPath !== undefined) errors.push({ path: `/input${error.inputPath}`, message: error.summary, keyword: error.code });
  if (error.code === 'mapping.invalid-expression') errors.push({ path: '/expression', message: error.summary, keyword: error.code });
  const code = error.code === 'mapping.not-found' ? 'mapping.failed' : error.code;
  return {
    ...problemOf('validation-failed', error.message, errors.length > 0 ? { errors } : {}),
    mapping: error.mapping,
    mappingCode: code,
    ...(error.location === undefined ? {} : { location: error.location }),
    ...(error.token === undefined || error.token.startsWith('(') ? {} : { token: error.token }),
    ...(error.inputPath === undefined ? {} : { inputPath: error.inputPath }),
    ...(error.errors.length === 0 ? {} : { outputErrors: error.errors }),
  };
}

function sendMappingProblem(res: Response, error: MappingError): void {
  if (error.code === 'mapping.not-found') throw new HubError('not-found', { detail: error.message });
  sendProblem(res, mappingProblem(error));
}

/**
 * `GET /v1/mappings` and `POST /v1/mappings/{id}/preview`: the catalogue of mappings, and a dry
 * run of one (or of an override of it) on a payload, with failures as problems that name the
 * mapping, the place in the expression and the input path.
 */
export function mappingRoutes(deps: MappingRouteDeps): Router {
  const { catalog } = deps;
  const router = Router();

  router.get('/v1/mappings', (_req, res) => {
    const body: Schemas['MappingList'] = { items: catalog.list() };
    res.json(body);
  });

  router.post('/v1/mappings/:id/preview', async (req, res) => {
    const id = stringParam(res, 'id');
    const request = req.body as Schemas['MappingPreviewRequest'];
    const mapping = selectVersion(catalog, id, request.version);
    const override = request.expression;
    if (override !== undefined && mapping.chain !== undefined) {
      throw new HubError('validation-failed', {
        detail: `${mappingRef(mapping)} is a chain of ${mapping.chain.map(mappingRef).join(', ')}: preview an override of one of its steps instead`,
        errors: [{ path: '/expression', message: 'a chain has no expression of its own to override', keyword: 'mapping.invalid-expression' }],
      });
    }
    try {
      const output = await catalog.apply(id, request.input, {
        version: mapping.version,
        overrides: override === undefined ? undefined : { [id]: override },
        bindings: request.bindings,
      });
      const engine = override === undefined ? mapping.engine : (await catalog.compileOverride(id, override, mapping.version)).engine;
      const body: Schemas['MappingPreview'] = { mapping: mappingRef(mapping), version: mapping.version, engine, overridden: override !== undefined, output };
      res.json(body);
    } catch (error: unknown) {
      if (!isMappingError(error)) throw error;
      sendMappingProblem(res, error);
    }
  });

  return router;
}
