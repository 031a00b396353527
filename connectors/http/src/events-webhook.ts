import type { WebhookHandler } from '@omnihub/connector-sdk';
import { DEFAULT_TOLERANCE_SECONDS, type HttpConfig } from './config.ts';
import { parseEvents } from './parse-events.ts';
import { verifyWebhook } from './signature.ts';

/** The `events` webhook: HMAC-SHA256 over timestamp and raw body, then JSON events as records. */
export const eventsWebhook: WebhookHandler<HttpConfig> = {
  verify: (request, ctx) => verifyWebhook(request, ctx.config.webhookSecret, ctx.clock.now(), ctx.config.signatureToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS),
  parse: (request) => parseEvents(request.rawBody, request.headers),
};
