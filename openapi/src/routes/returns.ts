import { Router, type Response } from 'express';
import { HubError, type NewReturn, type ReturnDetail, type ReturnPolicyDocument, type ReturnStatus, type ReturnsService } from '@omnihub/core';
import type { components } from '../generated/api-types.ts';
import { actorOf, requestState, stringParam } from '../http/request-state.ts';
import { checkCursor } from './cursor.ts';

type Schemas = components['schemas'];

/** Dependencies of the return routes. */
export interface ReturnRouteDeps {
  service: ReturnsService;
}

/** Page size when the caller gives no `limit` (the contract's default). */
const DEFAULT_LIMIT = 50;

/** A return as the contract has it. */
function detailOf(detail: ReturnDetail): Schemas['ReturnDetail'] {
  return { ...detail.record, history: detail.history, receipts: detail.receipts, alerts: detail.alerts } as Schemas['ReturnDetail'];
}

/**
 * The returns saga over HTTP: `POST /v1/returns`, `GET /v1/returns[/{id}]`, approve, reject,
 * label, receipt, void a receipt, settle a refund by hand; and the versioned return policies.
 * Every answer about one return is the whole return with its history, receipts and alerts.
 */
export function returnRoutes(deps: ReturnRouteDeps): Router {
  const router = Router();
  const { service } = deps;
  const answer = async (res: Response, id: string, status = 200): Promise<void> => {
    res.status(status).json(detailOf(await service.get(id)));
  };

  router.post('/v1/returns', async (req, res) => {
    const { record, created } = await service.create(req.body as NewReturn, actorOf(res));
    if (created) res.setHeader('location', `/v1/returns/${encodeURIComponent(record.id)}`);
    await answer(res, record.id, created ? 201 : 200);
  });

  router.get('/v1/returns', async (_req, res) => {
    const { params } = requestState(res);
    const cursor = typeof params['cursor'] === 'string' ? params['cursor'] : undefined;
    if (cursor !== undefined) checkCursor(cursor);
    const page = await service.list(
      {
        ...(params['status'] === undefined ? {} : { status: String(params['status']) as ReturnStatus }),
        ...(params['orderId'] === undefined ? {} : { orderId: String(params['orderId']) }),
        ...(params['customerId'] === undefined ? {} : { customerId: String(params['customerId']) }),
      },
      { limit: typeof params['limit'] === 'number' ? params['limit'] : DEFAULT_LIMIT, cursor },
    );
    const body: Schemas['ReturnPage'] = { items: page.items as Schemas['Return'][], ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
    res.json(body);
  });

  router.get('/v1/returns/:returnId', async (_req, res) => {
    await answer(res, stringParam(res, 'returnId'));
  });

  router.post('/v1/returns/:returnId/approve', async (req, res) => {
    const id = stringParam(res, 'returnId');
    const body = req.body as Schemas['ReturnDecisionRequest'];
    await service.approve(id, { reason: body.reason, by: body.actorId ?? actorOf(res) }, actorOf(res));
    await answer(res, id);
  });

  router.post('/v1/returns/:returnId/reject', async (req, res) => {
    const id = stringParam(res, 'returnId');
    const body = req.body as Schemas['ReturnDecisionRequest'];
    await service.reject(id, { reason: body.reason, by: body.actorId ?? actorOf(res) }, actorOf(res));
    await answer(res, id);
  });

  router.post('/v1/returns/:returnId/label', async (req, res) => {
    const id = stringParam(res, 'returnId');
    await service.label(id, req.body as Schemas['ReturnLabelRequest'], actorOf(res));
    await answer(res, id);
  });

  router.post('/v1/returns/:returnId/receipt', async (req, res) => {
    const id = stringParam(res, 'returnId');
    const body = req.body as Schemas['ReturnReceiptRequest'];
    await service.receive(id, { receiptId: body.receiptId, locationId: body.locationId, lines: body.lines, complete: body.complete }, actorOf(res));
    await answer(res, id);
  });

  router.post('/v1/returns/:returnId/receipts/:receiptId/void', async (req, res) => {
    const id = stringParam(res, 'returnId');
    const { reason } = req.body as Schemas['ReasonRequest'];
    await service.voidReceipt(id, stringParam(res, 'receiptId'), { reason, by: actorOf(res) }, actorOf(res));
    await answer(res, id);
  });

  router.post('/v1/returns/:returnId/refund', async (req, res) => {
    const id = stringParam(res, 'returnId');
    const body = req.body as Schemas['RefundSettlement'];
    const by = actorOf(res);
    if (body.mode === 'manual') {
      if (body.reference === undefined) {
        throw new HubError('validation-failed', { detail: 'a manual refund needs the payment system reference', errors: [{ path: '/reference', message: 'is required when mode is manual', keyword: 'required' }] });
      }
      await service.refund(id, { mode: 'manual', by, reference: body.reference, note: body.note }, by);
    } else {
      await service.refund(id, { mode: 'retry', by }, by);
    }
    await answer(res, id);
  });

  router.get('/v1/return-policies', async (_req, res) => {
    const body: Schemas['ReturnPolicyList'] = { items: (await service.activePolicies()) as Schemas['StoredReturnPolicy'][] };
    res.json(body);
  });

  router.post('/v1/return-policies', async (req, res) => {
    const document = req.body as ReturnPolicyDocument;
    const before = (await service.activePolicies()).find((policy) => policy.document.id === document.id);
    const stored = await service.savePolicy(document, actorOf(res));
    res.status(before?.version === stored.version ? 200 : 201).json(stored);
  });

  router.get('/v1/return-policies/:policyId', async (_req, res) => {
    const body: Schemas['ReturnPolicyList'] = { items: (await service.policyVersions(stringParam(res, 'policyId'))) as Schemas['StoredReturnPolicy'][] };
    res.json(body);
  });

  return router;
}
