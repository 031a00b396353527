import { InvalidMessageFailure, type ConnectorLogger, type WebhookRequest } from '@omnihub/connector-sdk';
import { API_VERSION } from '../config.ts';
import { parseShopifyJson } from './json-body.ts';

/** Header naming the webhook topic, e.g. `orders/create`. */
export const TOPIC_HEADER = 'x-shopify-topic';
/** The event id: the same for every delivery of one event, whichever subscription delivers it. */
export const EVENT_ID_HEADER = 'x-shopify-event-id';
/** The delivery id: the same on every retry of one delivery. */
export const WEBHOOK_ID_HEADER = 'x-shopify-webhook-id';
/** When Shopify triggered the webhook (not signed: used for ordering only). */
export const TRIGGERED_AT_HEADER = 'x-shopify-triggered-at';
/** The API version the payload is formatted in. */
export const API_VERSION_HEADER = 'x-shopify-api-version';

/** What every Shopify webhook delivery carries besides its body. */
export interface Delivery {
  topic: string;
  /** De-duplication key: X-Shopify-Event-Id, else X-Shopify-Webhook-Id. */
  id: string;
  triggeredAt: string | undefined;
  body: Record<string, unknown>;
}

/**
 * An ISO timestamp (Shopify's payloads carry local offsets such as `-05:00`) in UTC, so timestamps
 * compare as text: the form of every `sequence` the connector sets.
 *
 * @example
 * utc('2025-03-01T10:00:00-05:00'); // '2025-03-01T15:00:00.000Z'
 */
export function utc(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/**
 * Reads a verified delivery: checks the topic is one this capability takes (a subscription
 * pointed at the wrong capability is refused, not mis-mapped), takes the de-duplication id from
 * the headers and parses the body.
 */
export function readDelivery(request: WebhookRequest, topics: readonly string[], logger: ConnectorLogger): Delivery {
  const topic = request.headers[TOPIC_HEADER]?.trim() ?? '';
  if (!topics.includes(topic)) {
    throw new InvalidMessageFailure(`this webhook takes the topic${topics.length === 1 ? '' : 's'} ${topics.join(', ')}, but ${TOPIC_HEADER} is "${topic}": point the subscription at the matching capability`, { code: 'shopify.webhook-topic' });
  }
  const id = request.headers[EVENT_ID_HEADER]?.trim() || request.headers[WEBHOOK_ID_HEADER]?.trim() || '';
  if (id === '') throw new InvalidMessageFailure(`a ${topic} webhook without ${EVENT_ID_HEADER} or ${WEBHOOK_ID_HEADER} cannot be de-duplicated`, { code: 'shopify.webhook-id-missing' });
  const version = request.headers[API_VERSION_HEADER];
  if (version !== undefined && version !== API_VERSION) {
    logger.warn({ topic, apiVersion: version, expected: API_VERSION }, 'a webhook subscription uses another API version than the connector: its payload may differ from what the mapping expects');
  }
  const body = parseShopifyJson(request.rawBody.toString('utf8'));
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InvalidMessageFailure(`the ${topic} webhook body is not a JSON object`, { code: 'shopify.webhook-body' });
  return { topic, id, triggeredAt: utc(request.headers[TRIGGERED_AT_HEADER]), body: body as Record<string, unknown> };
}

/** The global id of the resource a REST-style webhook body describes (`admin_graphql_api_id`, else built from `id`). */
export function resourceGid(body: Record<string, unknown>, type: string, idField = 'id'): string {
  const gid = body['admin_graphql_api_id'];
  if (typeof gid === 'string' && gid !== '') return gid;
  const id = body[idField];
  if (typeof id !== 'number' && typeof id !== 'string') throw new InvalidMessageFailure(`the webhook body has neither admin_graphql_api_id nor ${idField}`, { code: 'shopify.webhook-body' });
  return `gid://shopify/${type}/${String(id)}`;
}
