import { Router, type Response } from 'express';
import { HubError, invalidConfigFile, isHubError, type ConfigAsCode, type ConnectionCheck, type ConnectorInstance, type ConnectorRuntime, type FieldError, type InstanceUpgrades, type SecretExportMode } from '@omnihub/core';
import type { components } from '../generated/api-types.ts';
import { requestState, stringParam } from '../http/request-state.ts';

type Schemas = components['schemas'];

/** Dependencies of the instance and config routes. */
export interface InstanceRouteDeps {
  /** The connector runtime of this process: its instance store, and applying changes at once. */
  runtime: Pick<ConnectorRuntime, 'instances' | 'refresh' | 'pause' | 'resume' | 'testConnection'>;
  upgrades: InstanceUpgrades;
  config: ConfigAsCode;
}

function shown(runtime: InstanceRouteDeps['runtime'], instance: ConnectorInstance): Schemas['ConnectorInstance'] {
  return runtime.instances.masked(instance);
}

function checkBody(check: ConnectionCheck): Schemas['ConnectionCheck'] {
  const body: Schemas['ConnectionCheck'] = { ok: check.ok, checked: check.checked };
  if (check.kind !== undefined) body.kind = check.kind;
  if (check.code !== undefined) body.code = check.code;
  if (check.message !== undefined) body.message = check.message;
  return body;
}

/** The body of a POST with an optional JSON body: `{}` when none was sent. */
function optionalBody<T extends object>(body: unknown): Partial<T> {
  return body !== null && typeof body === 'object' ? body : {};
}

/**
 * `GET|POST /v1/instances`, `GET|PUT|DELETE /v1/instances/{instanceId}` and the instance's
 * `test`, `pause`, `resume`, `upgrade` and `rollback` operations. Every answer shows secrets as
 * `********`; every change is applied at once to this process's runtime (other processes follow
 * within its reconcile interval).
 */
export function instanceRoutes(deps: InstanceRouteDeps): Router {
  const { runtime, upgrades } = deps;
  const { instances } = runtime;
  const router = Router();

  router.get('/v1/instances', async (_req, res) => {
    const body: Schemas['InstanceList'] = { items: (await instances.list()).map((instance) => shown(runtime, instance)) };
    res.json(body);
  });

  router.post('/v1/instances', async (req, res) => {
    const request = req.body as Schemas['NewInstance'];
    const created = await instances.create({
      id: request.id,
      connectorId: request.connectorId,
      version: request.version,
      config: request.config,
      mappingOverrides: request.mappingOverrides,
      pollIntervals: request.pollIntervals,
      state: request.state,
    });
    await runtime.refresh(created.id);
    res.status(201).json(shown(runtime, created));
  });

  router.get('/v1/instances/:instanceId', async (_req, res) => {
    res.json(shown(runtime, await instances.require(stringParam(res, 'instanceId'))));
  });

  router.put('/v1/instances/:instanceId', async (req, res) => {
    const id = stringParam(res, 'instanceId');
    const request = req.body as Schemas['InstanceUpdate'];
    const updated = await instances.update(id, { config: request.config, mappingOverrides: request.mappingOverrides, pollIntervals: request.pollIntervals });
    await runtime.refresh(id);
    res.json(shown(runtime, updated));
  });

  router.delete('/v1/instances/:instanceId', async (_req, res) => {
    const id = stringParam(res, 'instanceId');
    if (!(await instances.delete(id))) throw new HubError('not-found', { detail: `no connector instance "${id}"` });
    await runtime.refresh(id);
    res.status(204).end();
  });

  router.post('/v1/instances/:instanceId/test', async (_req, res) => {
    res.json(checkBody(await runtime.testConnection(stringParam(res, 'instanceId'))));
  });

  router.post('/v1/instances/:instanceId/pause', async (req, res) => {
    const id = stringParam(res, 'instanceId');
    const current = await instances.require(id);
    if (current.state === 'disabled') throw new HubError('conflict', { detail: `instance "${id}" is disabled: nothing of it runs, so there is nothing to pause` });
    const reason = optionalBody<Schemas['PauseRequest']>(req.body).reason ?? 'paused by an operator';
    res.json(shown(runtime, await runtime.pause(id, reason)));
  });

  router.post('/v1/instances/:instanceId/resume', async (_req, res) => {
    const id = stringParam(res, 'instanceId');
    const current = await instances.require(id);
    if (current.state === 'disabled') throw new HubError('conflict', { detail: `instance "${id}" is disabled, not paused: switch it on with enabled: true in its config file and apply it` });
    res.json(shown(runtime, current.state === 'enabled' ? current : await runtime.resume(id)));
  });

  router.post('/v1/instances/:instanceId/upgrade', async (req, res) => {
    const id = stringParam(res, 'instanceId');
    const request = req.body as Schemas['UpgradeRequest'];
    const outcome: Schemas['UpgradeOutcome'] = await upgrades.upgrade(id, request.to, { dryRun: request.dryRun });
    if (outcome.applied) await runtime.refresh(id);
    res.json(outcome);
  });

  router.post('/v1/instances/:instanceId/rollback', async (req, res) => {
    const id = stringParam(res, 'instanceId');
    const outcome: Schemas['UpgradeOutcome'] = await upgrades.rollback(id, { dryRun: optionalBody<Schemas['RollbackRequest']>(req.body).dryRun });
    if (outcome.applied) await runtime.refresh(id);
    res.json(outcome);
  });

  return router;
}

/** Validation errors of a config document, pointed into the request (`/document/instances/...`). */
async function inDocument<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error: unknown) {
    if (isHubError(error) && error.code === 'validation-failed') {
      throw new HubError('validation-failed', { detail: error.message, errors: error.errors.map((e) => ({ ...e, path: `/document${e.path}` })), cause: error });
    }
    throw error;
  }
}

/**
 * Refuses a document that does not match the contract with every problem at once: the contract's
 * (an unknown key, a value of the wrong type) and those a plan finds in the declarations they
 * leave sound (an unknown connector, a config its connector refuses). The plan changes nothing,
 * and nothing is applied.
 */
async function refuseOutOfContract(config: ConfigAsCode, request: Schemas['ConfigPlanRequest'], contractErrors: readonly FieldError[] | undefined): Promise<void> {
  if (contractErrors === undefined) return;
  const errors = [...contractErrors];
  try {
    await inDocument(config.plan(request.document, { prune: request.prune }));
  } catch (error: unknown) {
    if (!isHubError(error) || error.code !== 'validation-failed') throw error;
    const seen = new Set(errors.map((e) => `${e.path} ${e.message}`));
    errors.push(...error.errors.filter((e) => !seen.has(`${e.path} ${e.message}`)));
  }
  throw invalidConfigFile(errors);
}

function exportMode(res: Response): SecretExportMode {
  return requestState(res).params['secrets'] === 'masked' ? 'masked' : 'env';
}

/**
 * `GET /v1/config`, `POST /v1/config/plan` and `POST /v1/config/apply`: connector instances
 * declared as code, exported, planned and applied in one transaction.
 */
export function instanceConfigRoutes(deps: InstanceRouteDeps): Router {
  const { config, runtime } = deps;
  const router = Router();

  router.get('/v1/config', async (_req, res) => {
    const exported = await config.export({ secrets: exportMode(res) });
    const body: Schemas['ConfigExport'] = { document: exported.document as Schemas['ConfigDocument'], secrets: exported.secrets };
    res.json(body);
  });

  router.post('/v1/config/plan', async (req, res) => {
    const request = req.body as Schemas['ConfigPlanRequest'];
    await refuseOutOfContract(config, request, requestState(res).bodyErrors);
    const plan: Schemas['ConfigPlan'] = await inDocument(config.plan(request.document, { prune: request.prune }));
    res.json(plan);
  });

  router.post('/v1/config/apply', async (req, res) => {
    const request = req.body as Schemas['ConfigApplyRequest'];
    await refuseOutOfContract(config, request, requestState(res).bodyErrors);
    const plan: Schemas['ConfigPlan'] = await inDocument(config.apply(request.document, { prune: request.prune, planDigest: request.planDigest }));
    for (const change of plan.changes) await runtime.refresh(change.id);
    res.json(plan);
  });

  return router;
}
