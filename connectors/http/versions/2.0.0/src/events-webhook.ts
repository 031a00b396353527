import type { WebhookHandler } from '@omnihub/connector-sdk';
import { DEFAULT_TOLERANCE_SECONDS, type HttpConfig } from '../../../src/config.ts';
import { parseEvents } from '../../../src/parse-events.ts';
import { verifyWebhook } from './signature.ts';

/** The `events` webhook of 2.x: the `omnihub-signature` header checked, then the JSON events of 1.0.0 as records. */
export const eventsWebhook: WebhookHandler<HttpConfig> = {
  verify: (request, ctx) => verifyWebhook(request, ctx.config.webhookSecret, ctx.clock.now(), ctx.config.signatureToleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS),
  parse: (request) => parseEvents(request.rawBody, request.headers),
};
