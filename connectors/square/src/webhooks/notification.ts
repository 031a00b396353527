import { InvalidMessageFailure, type WebhookHandler, type WebhookRequest } from '@omnihub/connector-sdk';
import type { SquareConfig } from '../config.ts';
import { verifySquareWebhook } from './signature.ts';

/** A Square webhook notification (the envelope of every event type). */
export interface SquareNotification {
  merchant_id: string;
  type: string;
  event_id: string;
  created_at: string;
  data: { type: string; id: string; object: Record<string, unknown> };
}

/**
 * An ISO timestamp in UTC (Square writes nanoseconds and `Z`), so timestamps compare as text: the
 * form of every `sequence` the connector sets.
 *
 * @example
 * utc('2019-10-29T18:38:45.455006797Z'); // '2019-10-29T18:38:45.455Z'
 */
export function utc(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * Reads a verified notification: JSON with an `event_id` (the de-duplication key) and the event
 * type this capability takes (a subscription pointed at the wrong capability is refused).
 */
export function readNotification(request: WebhookRequest, type: string): SquareNotification {
  let body: unknown;
  try {
    body = JSON.parse(request.rawBody.toString('utf8'));
  } catch (error: unknown) {
    throw new InvalidMessageFailure(`the Square notification is not JSON: ${error instanceof Error ? error.message : String(error)}`, { code: 'square.webhook-body' });
  }
  const notification = body as Partial<SquareNotification> | null;
  if (notification === null || typeof notification !== 'object' || typeof notification.data !== 'object' || notification.data === null) {
    throw new InvalidMessageFailure('the Square notification has no data object', { code: 'square.webhook-body' });
  }
  if (notification.type !== type) {
    throw new InvalidMessageFailure(`this webhook takes ${type} notifications, but the body is a ${String(notification.type)}: point the subscription at the matching capability`, { code: 'square.webhook-type' });
  }
  if (typeof notification.event_id !== 'string' || notification.event_id === '') throw new InvalidMessageFailure(`a ${type} notification without event_id cannot be de-duplicated`, { code: 'square.webhook-body' });
  return notification as SquareNotification;
}

/** A webhook capability: Square's signature check, then `parse`. */
export function squareWebhook(parse: WebhookHandler<SquareConfig>['parse']): WebhookHandler<SquareConfig> {
  return { verify: (request, ctx) => verifySquareWebhook(request, ctx.config), parse };
}
