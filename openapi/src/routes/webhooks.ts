import express, { Router, type Request, type Response } from 'express';
import type { WebhookRequest } from '@omnihub/connector-sdk';
import { HubError } from '@omnihub/core';

/**
 * Path prefix of the webhook ingress. The app's JSON body parser must skip these paths: the
 * connector checks the vendor's signature over the exact bytes, which this router reads itself.
 */
export const WEBHOOK_PATH_PREFIX = '/v1/webhooks/';

/** Whether a request path is a webhook path, whose body the app must leave unread. */
export function isWebhookPath(path: string): boolean {
  return path.startsWith(WEBHOOK_PATH_PREFIX);
}

/** The receipt of a webhook call (the contract's `WebhookReceipt`). */
interface WebhookReceiptSummary {
  records: number;
  accepted: number;
  duplicates: number;
  deadLettered: number;
  events: string[];
}

/** What the route needs of the connector runtime. */
export interface WebhookReceiver {
  handleWebhook(
    instanceId: string,
    capability: string | undefined,
    request: WebhookRequest,
    options?: { correlationId?: string | undefined },
  ): Promise<{ instanceId: string; capability: string; summary: WebhookReceiptSummary; reply?: { status: number; contentType: string; body: string } | undefined }>;
}

/** Dependencies of {@link webhookRoutes}. */
export interface WebhookRouteDeps {
  receiver: WebhookReceiver;
  /** Largest accepted body in bytes; a larger one is refused with 413. */
  maxBodyBytes: number;
}

function headersOf(req: Request): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

function queryOf(req: Request): Record<string, string> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.query as Record<string, unknown>)) {
    if (typeof value === 'string') query[name] = value;
    else if (Array.isArray(value) && typeof value[0] === 'string') query[name] = value[0];
  }
  return query;
}

function rawBodyOf(req: Request): Buffer {
  const body: unknown = req.body;
  if (Buffer.isBuffer(body)) return body;
  if (body === undefined) return Buffer.alloc(0);
  // Parsed earlier by another body parser: the bytes the vendor signed are gone.
  throw new HubError('internal', { detail: `the webhook body was parsed before the webhook route; the app must not parse ${WEBHOOK_PATH_PREFIX}* bodies` });
}

async function receive(deps: WebhookRouteDeps, req: Request, res: Response, capability: string | undefined): Promise<void> {
  const request: WebhookRequest = {
    headers: headersOf(req),
    rawBody: rawBodyOf(req),
    url: `${req.protocol}://${req.get('host') ?? 'localhost'}${req.originalUrl}`,
    query: queryOf(req),
  };
  const correlation = res.getHeader('x-correlation-id');
  const outcome = await deps.receiver.handleWebhook(String(req.params['instanceId']), capability, request, {
    correlationId: typeof correlation === 'string' ? correlation : undefined,
  });
  if (outcome.reply !== undefined) {
    res.status(outcome.reply.status).type(outcome.reply.contentType).send(outcome.reply.body);
    return;
  }
  const { summary } = outcome;
  res.status(202).json({
    instanceId: outcome.instanceId,
    capability: outcome.capability,
    records: summary.records,
    accepted: summary.accepted,
    duplicates: summary.duplicates,
    deadLettered: summary.deadLettered,
    events: summary.events,
  });
}

/**
 * `POST /v1/webhooks/{instanceId}[/{capability}]`: reads the body as raw bytes (whatever its media
 * type, up to the body limit) and hands the call to the connector runtime, which verifies,
 * de-duplicates, maps and durably accepts it; `202` with the receipt, or the connector's own reply.
 */
export function webhookRoutes(deps: WebhookRouteDeps): Router {
  const router = Router();
  const raw = express.raw({ type: () => true, limit: deps.maxBodyBytes });
  router.post('/v1/webhooks/:instanceId', raw, (req, res) => receive(deps, req, res, undefined));
  router.post('/v1/webhooks/:instanceId/:capability', raw, (req, res) => receive(deps, req, res, req.params['capability']));
  return router;
}
