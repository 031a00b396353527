import { InvalidMessageFailure, type VendorRecord, type WebhookHandler, type WebhookRequest } from '@omnihub/connector-sdk';
import type { TwilioConfig } from './config.ts';
import { formParams, verifyTwilioSignature } from './signature.ts';

function text(params: Record<string, string | string[]>, name: string): string | undefined {
  const value = params[name];
  return Array.isArray(value) ? value[0] : value;
}

function required(params: Record<string, string | string[]>, name: string, what: string): string {
  const value = text(params, name);
  if (value === undefined || value === '') throw new InvalidMessageFailure(`${what}: parameter ${name} is missing`, { code: 'twilio.webhook' });
  return value;
}

const verify = (request: WebhookRequest, ctx: { config: TwilioConfig }): ReturnType<typeof verifyTwilioSignature> => verifyTwilioSignature(request, ctx.config.authToken);

/** TaskRouter event types turned into records; the others are acknowledged and dropped. */
export const TASK_EVENTS = new Set(['task.created', 'task.completed', 'task.canceled', 'task.deleted']);

/**
 * `taskrouter-events`: TaskRouter's event callback (form parameters EventType, EventSid, TaskSid,
 * TaskAttributes, Timestamp…). Task lifecycle events become records (id: EventSid) for the
 * mapping, which turns task.created into interaction.started and task.completed into
 * interaction.ended.
 */
export const taskRouterEvents: WebhookHandler<TwilioConfig> = {
  verify,
  parse: (request) => {
    const params = formParams(request.rawBody);
    const eventType = required(params, 'EventType', 'TaskRouter event');
    if (!TASK_EVENTS.has(eventType)) return [];
    const timestamp = Number(text(params, 'Timestamp'));
    const record: VendorRecord = {
      id: required(params, 'EventSid', 'TaskRouter event'),
      type: 'twilio.TaskRouterEvent',
      payload: params,
      partitionKey: required(params, 'TaskSid', 'TaskRouter event'),
      ...(Number.isFinite(timestamp) ? { occurredAt: new Date(timestamp * 1000).toISOString(), sequence: String(timestamp) } : {}),
    };
    return [record];
  },
};

/** `incoming-sms`: a message to one of the account's numbers (MessageSid, From, To, Body). */
export const incomingSms: WebhookHandler<TwilioConfig> = {
  verify,
  parse: (request) => {
    const params = formParams(request.rawBody);
    const sid = required(params, 'MessageSid', 'incoming SMS');
    return [{ id: sid, type: 'twilio.IncomingMessage', partitionKey: required(params, 'From', 'incoming SMS'), payload: params }];
  },
  // An empty TwiML answer: the hub replies nothing to the sender.
  reply: { status: 200, contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response></Response>' },
};

const DELIVERY_STATUSES = new Set(['queued', 'sending', 'sent', 'delivered', 'undelivered', 'failed', 'read']);

/**
 * `message-status`: the StatusCallback of a sent message (MessageSid, MessageStatus, ErrorCode).
 * The record is already the data of notification.delivery-updated v1: the hub notification id
 * comes from the callback URL's `notificationId` query parameter the send-sms action put there.
 */
export const messageStatus: WebhookHandler<TwilioConfig> = {
  verify,
  parse: (request, ctx) => {
    const params = formParams(request.rawBody);
    const sid = required(params, 'MessageSid', 'message status');
    const status = required(params, 'MessageStatus', 'message status');
    if (!DELIVERY_STATUSES.has(status)) return [];
    const errorCode = text(params, 'ErrorCode');
    const notificationId = request.query['notificationId'] ?? new URL(request.url).searchParams.get('notificationId') ?? undefined;
    return [
      {
        // One record per message and status: a repeated callback is taken in once.
        id: `${sid}:${status}`,
        type: 'twilio.MessageStatus',
        partitionKey: sid,
        payload: {
          ...(notificationId === undefined ? {} : { notificationId }),
          providerMessageId: sid,
          status,
          ...(errorCode === undefined || errorCode === '' ? {} : { errorCode }),
          occurredAt: ctx.clock.now().toISOString(),
        },
      },
    ];
  },
};
